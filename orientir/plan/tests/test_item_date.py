"""Deadlines of other apps come from the plan: a changed rule moves them, a missing plan gives the default."""

import datetime

from orientir.plan import services
from orientir.plan.models import PlanItem
from orientir.plan.selectors import item_date


def test_item_date_follows_the_plan_and_falls_back_to_the_default(city, client_for, personas):
    assert item_date(city.pk, 2026, "3.1.1", "10-01") == datetime.date(2026, 10, 1)  # no plan yet
    version = services.version_create(actor=None, municipality=city, year=2026)
    assert item_date(city.pk, 2026, "3.1.1", "10-01") == datetime.date(2026, 10, 1)
    assert item_date(city.pk, 2026, "2.10", "08-31") == datetime.date(2026, 9, 1)  # the weekly rule's end
    item = PlanItem.objects.get(version=version, number="3.1.1")
    item.rule = {**item.rule, "dates": ["10-15"]}
    item.save()
    assert item_date(city.pk, 2026, "3.1.1", "10-01") == datetime.date(2026, 10, 15)
    assert item_date(None, 2026, "3.1.1", "10-01") == datetime.date(2026, 10, 1)  # across municipalities
    page = client_for(personas["committee"]).get("/students/plans/", {"year": 2026})
    assert page.status_code == 200 and page.context["due"] == datetime.date(2026, 10, 15)
