"""Building blocks of permission-matrix rows, shared by the matrix test and the apps' own row modules."""

import os

ROLES = ["anon", "admin", "committee", "directorate", "methodologist", "coordinator_a", "tutor", "observer"]
OK, FOUND, FORBIDDEN, MISSING, NOT_ALLOWED = 200, 302, 403, 404, 405

# `make test-dates` runs the suite again with the clock on other days of the year (conftest.py,
# ORIENTIR_TEST_TODAY) to find rules that hold in only a part of it. The gate reads no clock (rights and scopes are
# not dated: test_gate_reads_no_clock.py), so a refusal is the same on every day and was checked in today's run;
# on another day the matrices ask only the roles let through, whose pages and writes compute their own dates — and of
# those only the widest and the narrowest (the first and the last in ROLES: a municipal role and an organisation's),
# since what a page computes from the day is the same for every role and only the scope around it differs.
DATE_RUN = bool(os.environ.get("ORIENTIR_TEST_TODAY"))


def roles_asked(expected: dict, let_through) -> list[str]:
    """The roles a matrix row asks: all of them today; on another day the widest and the narrowest of those whose
    answer is in let_through."""
    if not DATE_RUN:
        return list(ROLES)
    through = [role for role in ROLES if expected[role] in let_through]
    # the anonymous visitor only where no one else is let through (the login page): elsewhere the gate sends them
    # to the login page on any day
    through = [role for role in through if role != "anon"] or through
    return through[:1] + through[1:][-1:]


def _all(status, anon=FOUND, **overrides):
    row = {role: status for role in ROLES}
    row["anon"] = anon
    row.update(overrides)
    return row


def _only(allowed: set[str], status_ok=OK, other=FORBIDDEN, **overrides):
    row = {role: (status_ok if role in allowed else other) for role in ROLES}
    row["anon"] = FOUND
    row.update(overrides)
    return row


ADMIN = {"admin"}
MAY_EDIT_ORG_CARD = {"admin", "committee", "directorate", "coordinator_a"}
MAY_CREATE_ORG = {"admin", "committee", "directorate"}
SEES_CUSTOMERS = {"admin", "committee", "directorate", "methodologist", "observer"}
MAY_EXPORT_ORGS = {"admin", "committee", "directorate", "methodologist", "observer"}
PLAN_VIEW = {"admin", "committee", "directorate", "methodologist", "coordinator_a", "observer"}
PLAN_DASHBOARD = {"admin", "committee", "directorate", "methodologist", "observer"}
POST_ONLY = _all(NOT_ALLOWED)
STAFFING_READ = {"admin", "committee", "directorate", "methodologist", "observer"}
PUPILS_READ = {"admin", "committee", "directorate", "methodologist", "coordinator_a", "tutor"}


def _ret(o, org):
    return {"pk": o["campaign"].returns.get(organisation=o[org]).pk}


def _task(o, number="2.1.4"):
    """School A's task of item 2.1.4 (УО, УК, УСРМ, ГЦОКО answer for it; ОЮКО does not)."""
    return {"pk": o["version"].tasks.filter(organisation=o["school_a"], item__number=number).first().pk}

# url name → list of (kwargs builder, {role: status}). kwargs builders get the fixture objects.


# --- The matrix data, built once per module -------------------------------------------------------------------
# The city, organisations and personas of conftest.py's fixtures, with a plan and its tasks, a staffing campaign
# and a pupil in each of schools A and B. Built once per module (accounts/tests/conftest.py: `world`), inside a
# transaction rolled back at its end; each case runs inside pytest-django's own savepoint on top of it (Django's
# setUpTestData pattern), so every case starts from exactly this data, as with fixtures built per case, at a
# fraction of the cost. Each role has a logged-in session for the whole module: a case sends its cookie.

def build_world() -> dict:
    """Create the matrix data; returns the primary keys `objects` fetches again for every case."""
    import datetime

    from django.utils import timezone

    from conftest import make_city, make_org, make_other_city, make_personas
    from orientir.pupils.services import pupil_create
    from orientir.plan import services as plan_services
    from orientir.staffing.services import campaign_open

    city, other_city = make_city(), make_other_city()
    orgs = {"school_a": make_org(city, short_name="МБОУ СОШ № 1", is_customer=True),
            "school_b": make_org(city, short_name="МБОУ СОШ № 2"),
            "library": make_org(city, short_name="МБУК «Библиотека № 3»", kind="culture", sector="culture",
                                is_customer=True),
            "far_school": make_org(other_city, short_name="МБОУ СОШ № 9 (МО № 2)")}
    personas = make_personas(city, orgs["school_a"], orgs["school_b"])
    year = timezone.localdate().year
    version = plan_services.version_create(actor=None, municipality=city, year=year)
    plan_services.tasks_generate(actor=None, version=version)
    campaign = campaign_open(actor=None, municipality=city, year=year, deadline=datetime.date(year, 7, 14))
    pupils = [pupil_create(actor=None, organisation=orgs[school], data={"last_name": "Ученик",
                                                                        "first_name": orgs[school].short_name})
              for school in ("school_a", "school_b")]
    return {"city": city.pk, "other_city": other_city.pk, **{k: v.pk for k, v in orgs.items()},
            "personas": {k: v.pk for k, v in personas.items()}, "version": version.pk, "campaign": campaign.pk,
            "pupil_a": pupils[0].pk, "pupil_b": pupils[1].pk,
            "sessions": {role: _session_key(personas[role]) for role in ROLES if role != "anon"}}


def _session_key(user) -> str:
    """A logged-in session of the user, kept for the whole module: a case sends its cookie instead of logging in."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def objects(world: dict) -> dict:
    """The matrix objects `o` the row builders get, fetched afresh (no instance is shared between cases)."""
    from orientir.accounts.models import User
    from orientir.directory.models import Municipality, Organisation
    from orientir.pupils.models import Pupil
    from orientir.plan.models import PlanVersion
    from orientir.staffing.models import StaffingCampaign

    users = User.objects.in_bulk(world["personas"].values())
    orgs = Organisation.objects.in_bulk([world[k] for k in ("school_a", "school_b", "library", "far_school")])
    cities = Municipality.objects.in_bulk([world["city"], world["other_city"]])
    pupils = Pupil.objects.in_bulk([world["pupil_a"], world["pupil_b"]])
    return {"personas": {k: users[pk] for k, pk in world["personas"].items()},
            "city": cities[world["city"]], "other_city": cities[world["other_city"]],
            **{k: orgs[world[k]] for k in ("school_a", "school_b", "library", "far_school")},
            "version": PlanVersion.objects.get(pk=world["version"]),
            "campaign": StaffingCampaign.objects.get(pk=world["campaign"]),
            "pupil_a": pupils[world["pupil_a"]], "pupil_b": pupils[world["pupil_b"]]}


def as_role(client, world: dict, role: str):
    """The test client as `role` (its session cookie from the world), or anonymous."""
    from django.conf import settings

    client.cookies.clear()
    if role != "anon":
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    return client

