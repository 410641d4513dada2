"""Shared fixtures: a small city and named personas (DOMAIN.md roles) to test through HTTP and the browser."""

import os

import pytest

# Tests only: Playwright's sync API runs an event loop in the thread that also calls the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from orientir.core.validators import make_inn10, make_ogrn  # noqa: E402

PASSWORD = "test-pass-2026"

# `ORIENTIR_TEST_TODAY=2027-01-10 make test` runs the suite as if today were that date (10:00 in Moscow, the clock
# ticking from there). CI runs the suite on several such dates: a test must hold wherever the year stands, so its
# dates come from its scenario (or from "today" on purpose), never from where the calendar happens to be.
TEST_TODAY_VARIABLE = "ORIENTIR_TEST_TODAY"


# A run started late in the Moscow evening could cross midnight halfway: tests that read "today" when their module
# loads would then meet a server a day later. From this hour (two hours before midnight, more than a run takes) the
# run lives on the next day instead, as a run of `make test-dates` does (the variable is set here, before the
# parallel workers start, so they inherit the one day).
LATE_HOUR = 22


def _late_run_day(moscow_now) -> str | None:
    """The next day, ISO, for a run started at or after LATE_HOUR in Moscow; None earlier in the day."""
    import datetime

    return (moscow_now.date() + datetime.timedelta(days=1)).isoformat() if moscow_now.hour >= LATE_HOUR else None


def _set_the_clock():
    """Travel to the run's day, if it has one. Called when this module loads: pytest loads the conftest files of the
    paths it is given (orientir/mentoring/tests/conftest.py, say) before any configure hook, and their module-level
    TODAY must already be the run's day."""
    if not os.environ.get(TEST_TODAY_VARIABLE):
        import datetime
        import zoneinfo

        late = _late_run_day(datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Moscow")))
        if late:
            os.environ[TEST_TODAY_VARIABLE] = late
    when = os.environ.get(TEST_TODAY_VARIABLE)
    if not when:
        return None
    import time_machine

    clock = time_machine.travel(_moscow_morning(when), tick=True)
    clock.start()
    return clock


def _moscow_morning(day: str):
    import datetime

    return datetime.datetime.fromisoformat(f"{day}T10:00:00+03:00")


_RUN_CLOCK = _set_the_clock()


@pytest.fixture(autouse=True)
def _test_lives_on_its_date(request):
    """`@pytest.mark.today("2026-10-15")`: the test states the date it lives on; the clock is set there."""
    marker = request.node.get_closest_marker("today")
    if marker is None:
        yield
        return
    import time_machine

    with time_machine.travel(_moscow_morning(marker.args[0]), tick=True):
        yield


# --- The reference data the migrations load, back after a transactional test's flush -----------------------------------
# A transactional test (a live server, a thread, a second process) ends by emptying every table, and with them the
# rows data migrations loaded: the specialties classifier, the liability rules, the route sheet templates. pytest-django
# runs such tests after the others, but with tests shared out between workers (and stolen from one another) a test of a
# worker can come after one of them. Django sends `post_migrate` after the flush, as it does after `migrate`: the data
# migrations below are played again there (they are idempotent), so every test meets the database migrate made.
# orientir/core/tests/test_data_migrations_replayed.py fails when a migration with Python code is in neither list.
REPLAYED_DATA_MIGRATIONS = [
    ("directory", "0002_load_classifier"),
    ("contracts", "0003_liability_rules"),
    ("contracts", "0005_act_references_without_placeholders"),
    ("guidance", "0003_route_sheet_templates"),
]
SCHEMA_ONLY_MIGRATIONS = [("core", "0003_search_trigram_indexes"),  # indexes: a flush leaves them
                          ("offers", "0003_application_status_history")]  # a backfill of existing rows: no reference rows


def _replay_data_migrations(sender, using="default", **kwargs):
    import importlib

    from django.apps import apps

    from orientir.directory.models import Specialty

    if sender.label != "directory" or Specialty.objects.using(using).exists():
        return  # once per flush (post_migrate comes for every app), and only when the rows are gone
    for app_label, name in REPLAYED_DATA_MIGRATIONS:
        module = importlib.import_module(f"{apps.get_app_config(app_label).module.__name__}.migrations.{name}")
        for operation in module.Migration.operations:
            operation.code(apps, None)  # rows only: none of them touches the schema


def pytest_configure(config):
    from django.db.models.signals import post_migrate

    post_migrate.connect(_replay_data_migrations, dispatch_uid="orientir-tests-replay-data-migrations")


def pytest_report_header(config):
    when = os.environ.get(TEST_TODAY_VARIABLE)
    return f"today is set to {when} ({TEST_TODAY_VARIABLE})" if when else None


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    from django.core.cache import cache

    cache.clear()  # what a test cached (the home page's panels, counters) must not meet the next test's data
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.SECURE_SSL_REDIRECT = False
    # the session written on every answer, as before decision 70: the query counts the tests pin stay whole-request
    # counts whatever request of a test they measure (orientir/site/tests set the minute back)
    settings.SESSION_TOUCH_SECONDS = 0
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


_seq = iter(range(1, 10**6))


def make_org(municipality, *, short_name, kind="school", sector="education", is_customer=False, **extra):
    from orientir.directory.models import Organisation

    n = next(_seq)
    org = Organisation(municipality=municipality, short_name=short_name, full_name=f"{short_name} (полное)",
                       kind=kind, sector=sector, inn=make_inn10(f"44{n + 5000000:07d}"),
                       ogrn=make_ogrn(f"10244{n + 5000000:07d}"), is_customer=is_customer, **extra)
    org.save()
    return org


def make_city():
    """The demo city with its committee units (a plain function for data built once per module)."""
    from orientir.directory.models import CommitteeUnit, Municipality
    from orientir.directory.reference import COMMITTEE_UNITS

    mun = Municipality.objects.create(name="Городской округ город Кострома", short_name="г. Кострома")
    for name, short, kind, sector in COMMITTEE_UNITS:
        CommitteeUnit.objects.create(municipality=mun, name=name, short_name=short, kind=kind, sector=sector)
    return mun


def make_other_city():
    from orientir.directory.models import Municipality

    return Municipality.objects.create(name="Муниципальный округ № 2", short_name="МО № 2")


@pytest.fixture
def city(db):
    return make_city()


@pytest.fixture
def other_city(db):
    return make_other_city()


@pytest.fixture
def school_a(city):
    return make_org(city, short_name="МБОУ СОШ № 1", is_customer=True)


@pytest.fixture
def school_b(city):
    return make_org(city, short_name="МБОУ СОШ № 2")


@pytest.fixture
def library(city):
    return make_org(city, short_name="МБУК «Библиотека № 3»", kind="culture", sector="culture", is_customer=True)


@pytest.fixture
def far_school(other_city):
    return make_org(other_city, short_name="МБОУ СОШ № 9 (МО № 2)")


def make_user(username, role, municipality=None, **extra):
    from orientir.accounts.models import User

    user = User.objects.create(username=username, role=role, municipality=municipality,
                               last_name=extra.pop("last_name", "Тестова"), first_name=extra.pop("first_name", "Анна"),
                               **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def personas(city, school_a, school_b, library, far_school):
    """One user per role: the named people of the test suite."""
    return make_personas(city, school_a, school_b)


def make_personas(city, school_a, school_b) -> dict:
    """The named people of the test suite, one per role: a plain function for data built once per module."""
    units = {u.short_name: u for u in city.units.all()}
    return {
        "admin": make_user("admin", "admin"),
        "committee": make_user("committee", "committee", city, unit=units["ОЮКО"]),
        "directorate": make_user("directorate", "directorate", city, sector="education", unit=units["УО"]),
        "culture_directorate": make_user("culture", "directorate", city, sector="culture", unit=units["УК"]),
        "methodologist": make_user("methodologist", "methodologist", city, unit=units["ГЦОКО"]),
        "coordinator_a": make_user("coord_a", "coordinator", city, organisation=school_a),
        "coordinator_b": make_user("coord_b", "coordinator", city, organisation=school_b),
        "tutor": make_user("tutor", "tutor", city, organisation=school_a),
        "observer": make_user("observer", "observer", city),
    }


@pytest.fixture
def client_for(client):
    """`client_for(user)` → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- Office tools that open what the system produces (LibreOffice, poppler) -------------------------------------------

def _external_tool(name: str) -> str:
    """The path of a checking tool; without it the test is skipped with a reason, and fails under CI=true (CI
    installs it, so a missing one means the check silently stopped running)."""
    import shutil

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed: the check that a real office program opens the file cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must install it: see .ci/run)")
        pytest.skip(message)
    return path


@pytest.fixture
def soffice(tmp_path_factory):
    """`soffice(path, to="pdf", outdir=None)` → the converted file's path, or None when LibreOffice could not open it.

    Each test gets a LibreOffice profile of its own, so that tests running in parallel do not share one."""
    import subprocess

    binary = _external_tool("soffice")
    home = tmp_path_factory.mktemp("soffice-home")

    def convert(path, to="pdf", outdir=None):
        outdir = outdir or path.parent
        subprocess.run([binary, f"-env:UserInstallation=file://{home}/profile", "--headless", "--convert-to", to,
                        "--outdir", str(outdir), str(path)],
                       capture_output=True, timeout=180, env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        result = outdir / f"{path.stem}.{to.split(':')[0]}"
        return result if result.exists() else None

    return convert


@pytest.fixture
def pdftotext():
    """`pdftotext(pdf_path, layout=False)` → the text a reader sees (poppler); proves the PDF opens."""
    import subprocess

    binary = _external_tool("pdftotext")

    def extract(pdf_path, layout=False):
        out = pdf_path.with_suffix(".txt")
        subprocess.run([binary, *(["-layout"] if layout else []), str(pdf_path), str(out)], capture_output=True,
                       timeout=60)
        return out.read_text() if out.exists() else ""

    return extract
