"""The plan item for placing the offers (ПП № 555): in the plan data, in the plan's wording, due before 10 June of
the admission year, a task for every customer of the registry, proved by the offers' pages."""

import datetime
import json

import pytest

from orientir.plan import services as plan_services
from orientir.plan.artifacts import artifact_link
from orientir.plan.rules import Occurrence, describe, occurrences

pytestmark = [pytest.mark.django_db, pytest.mark.today("2027-03-15")]


def _item() -> dict:
    plan = json.loads(plan_services.PLAN_FILE.read_text(encoding="utf-8"))
    (item,) = [i for i in plan["items"] if i["title"] == "Размещение предложений о целевом обучении"]
    return item


def test_the_item_reads_as_the_plan_does():
    item = _item()
    assert (item["number"], item["parent"], item["deadline_text"]) == ("1.4", "1", "ежегодно, до 10 июня")
    # «до 10 июня» as every «до» of the plan: the last day is the day before
    assert describe(item["rule"]) == "ежегодно, до 10 июня (последний день — 9 июня)"
    assert occurrences(item["rule"], 2027) == [Occurrence(due_on=datetime.date(2027, 6, 9), label="до 10 июня")]
    assert occurrences(item["rule"], 2028) == [Occurrence(due_on=datetime.date(2028, 6, 9), label="до 10 июня")]
    assert (item["organisations"], item["units"], item["depends_on"]) == ("customers", ["ОЮКО"], ["1.2", "1.3"])
    assert artifact_link(item["artifact"]) == (
        "Предложения о целевом обучении: потребность, согласование, размещение на «Работа в России»", "/offers/")


def test_the_years_plan_gives_each_customer_a_task_due_on_9_june(city, school_a, school_b, library, personas):
    from orientir.plan.models import Task

    # school A and the library are customers (1.3); school B is not
    assert (school_a.is_customer, library.is_customer, school_b.is_customer) == (True, True, False)
    version = plan_services.version_create(actor=None, municipality=city, year=2027)
    plan_services.tasks_generate(actor=None, version=version)
    tasks = Task.objects.filter(version=version, item__number="1.4")
    assert {(t.due_on, t.organisation_id, t.unit.short_name if t.unit_id else None) for t in tasks} == {
        (datetime.date(2027, 6, 9), school_a.pk, None), (datetime.date(2027, 6, 9), library.pk, None),
        (datetime.date(2027, 6, 9), None, "ОЮКО")}
