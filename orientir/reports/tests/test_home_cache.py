"""The home page's funnel panel is cached (decision 70) and still shows a change at once: the key moves with every
audited write and with the day."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.contracts import services as contract_services
from orientir.contracts.models import State

from . import test_funnel

city_funnel, spo = test_funnel.city_funnel, test_funnel.spo  # the funnel tests' fixtures


def _panel(response):
    return next(p for p in response.context["panels"] if p["template"] == "reports/_home_pipeline.html")


def _stages(response) -> dict:
    return {key: n for key, _, n in _panel(response)["stages"]}


def _sections(response) -> dict:
    return {s["title"]: (s["total"], s["overdue"]) for s in _panel(response)["deadline_sections"]}


def _without_tokens(response) -> str:
    """The page as the user reads it: the CSRF token is new on every answer."""
    return re.sub(r'(csrfmiddlewaretoken" value="|CSRFToken": ")[^"]+', r"\1", response.content.decode())


def _home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.today("2027-03-15")
def test_a_second_view_reads_the_panel_from_the_cache_and_shows_the_same(city, city_funnel, client_for, personas):
    client = client_for(personas["committee"])
    first, computed = _home(client)
    second, cached = _home(client)
    assert _stages(first) == _stages(second) == {"identified": 3, "targeted": 3, "signed": 2, "studying": 2,
                                                 "employed": 0, "fulfilled": 0}
    assert _without_tokens(first) == _without_tokens(second)
    # the session read and written (the tests write it on every answer), the user, the cabinet's panel, and the cache
    # keys' index probes (the directory's counts, the funnel panel): the funnel's, the deadline sources' and the
    # directory's grouped count are gone
    assert cached == 8
    assert computed > cached + 5


@pytest.mark.today("2027-03-15")
def test_a_new_contract_is_on_the_home_page_at_once(city, city_funnel, spo, school_a, client_for, personas):
    client = client_for(personas["committee"])
    before, _ = _home(client)
    assert _stages(before)["signed"] == 2
    contract = contract_services.contract_create(
        actor=personas["committee"], municipality=city,
        data={"number": "3-Ц", "kind": "graduate", "last_name": "Новая", "first_name": "Вера",
              "birth_date": datetime.date(2005, 5, 1), "specialty": spo, "level": "spo",
              "work_organisation": school_a, "work_start_deadline": datetime.date(2031, 9, 1)})
    contract_services.transition(actor=personas["committee"], contract=contract, to_state=State.SIGNED,
                                 on=datetime.date(2027, 3, 1), reason="подписан")
    after, _ = _home(client)
    assert _stages(after)["signed"] == 3


@pytest.mark.today("2030-08-20")
def test_a_moved_deadline_is_on_the_home_page_at_once(city, city_funnel, client_for, personas):
    """Both contracts study with employment due on 1 September 2030: within the 30 days of the deadline sections.
    An agreement moves one of them a year on: the section counts one at once."""
    client = client_for(personas["committee"])
    title = "Сроки по договорам о целевом обучении"
    before, _ = _home(client)
    assert _sections(before)[title] == (2, 0)
    contract_services.agreement_add(actor=personas["committee"], contract=city_funnel["student"], number="1",
                                    signed_on=datetime.date(2030, 8, 19), summary="перенос срока",
                                    changes={"work_start_deadline": datetime.date(2031, 9, 1)})
    after, _ = _home(client)
    assert _sections(after)[title] == (1, 0)


def test_the_next_day_computes_the_panel_again(city, city_funnel, client_for, personas):
    """What is overdue changes with the day alone: the day is in the key (employment due 1 September 2030)."""
    import time_machine

    title = "Сроки по договорам о целевом обучении"
    moscow = datetime.timezone(datetime.timedelta(hours=3))
    with time_machine.travel(datetime.datetime(2030, 9, 1, 9, 0, tzinfo=moscow), tick=False):
        assert _sections(_home(client_for(personas["committee"]))[0])[title] == (2, 0)
    with time_machine.travel(datetime.datetime(2030, 9, 2, 9, 0, tzinfo=moscow), tick=False):
        assert _sections(_home(client_for(personas["committee"]))[0])[title] == (2, 2)


def test_the_change_stamp_moves_with_writes_and_not_with_reads(city, personas):
    from orientir.core import audit

    start = audit.last_change_id()
    audit.record_read(actor=personas["committee"], view="pupils:pupil_list", label="Список обучающихся")
    for action in ("contracts.contract.exported", "contracts.contract.document_generated"):
        audit.record(actor=personas["committee"], action=action, instance=city)
    assert audit.last_change_id() == start
    entry = audit.record(actor=personas["committee"], action="directory.municipality.updated", instance=city)
    assert audit.last_change_id() == entry.pk
    # the three kinds of read the stamp skips are the audit log's reads
    assert audit.READ_ACTIONS == {"viewed", "exported", "document_generated"}


@pytest.mark.today("2030-08-20")
def test_my_tasks_show_a_moved_deadline_at_once(city, city_funnel, client_for, personas):
    """«Мои задачи» lists the deadline sections from the same cache (core.deadlines.sections)."""
    client = client_for(personas["committee"])
    title = "Сроки по договорам о целевом обучении"

    def section():
        page = client.get(reverse("plan:my_tasks"))
        assert page.status_code == 200
        found = {s["title"]: s for s in page.context["other_deadlines"]}[title]
        return found["total"], sorted(d.subject for d in found["items"])

    assert section() == (2, ["№ 1-Ц — Готовая Анна", "№ 2-Ц — Петров Анна"])
    assert section() == (2, ["№ 1-Ц — Готовая Анна", "№ 2-Ц — Петров Анна"])  # from the cache
    contract_services.agreement_add(actor=personas["committee"], contract=city_funnel["student"], number="1",
                                    signed_on=datetime.date(2030, 8, 19), summary="перенос срока",
                                    changes={"work_start_deadline": datetime.date(2031, 9, 1)})
    assert section() == (1, ["№ 1-Ц — Готовая Анна"])
