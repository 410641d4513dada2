"""The daily reminders through a task worker (decision 66): `send_reminders --enqueue` only queues the mailing, a
worker on either backend sends it, and a second run the same day sends nothing twice."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from conftest import make_user
from orientir.plan import services as plan_services


@pytest.fixture
def plan2027(personas, city):
    version = plan_services.version_create(actor=personas["admin"], municipality=city, year=2027)
    plan_services.tasks_generate(actor=personas["admin"], version=version)
    return version


@pytest.mark.today("2027-06-25")
def test_reminders_are_sent_by_a_worker_once_a_day(plan2027, personas, city, backend):
    make_user("hr", "committee", city, unit=city.units.get(short_name="ОЮКО"), email="hr@example.ru")
    coordinator = personas["coordinator_a"]
    coordinator.email = "school1@example.ru"
    coordinator.save()
    out = io.StringIO()
    call_command("send_reminders", "--enqueue", "--date", "2027-06-25", stdout=out)
    assert out.getvalue().startswith("25.06.2027: рассылка передана обработчику заданий (№ ")
    assert mail.outbox == []  # nothing sent by the command itself

    backend.drain()
    # 1.2 and 1.3 of ОЮКО due 30 June; school A's 2.1.1 overdue since 31 January (as in plan/tests/test_plan.py)
    assert sorted(m.to[0] for m in mail.outbox) == ["hr@example.ru", "school1@example.ru"]

    call_command("send_reminders", "--enqueue", "--date", "2027-06-25", stdout=out)
    backend.drain()
    assert len(mail.outbox) == 2
    call_command("send_reminders", "--enqueue", "--date", (datetime.date(2027, 6, 26)).isoformat(), stdout=out)
    backend.drain()
    assert len(mail.outbox) == 4
