"""The plan: 2027 dates for every deadline form, the plan check, scope, dashboard, reminders, life cycle."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from orientir.core.models import AuditEntry
from orientir.plan import rules, selectors, services
from orientir.plan.calendar import is_working_day
from orientir.plan.models import PlanItem, Task

D = datetime.date

# Expected last days of every item of the seed for the plan year 2027 (school year 2026/2027).
EXPECTED_2027 = {
    "1.1": [D(2027, 7, 14)],                      # до 15 июля года, предшествующего заключению договоров
    "1.2": [D(2027, 6, 30)],                      # до 1 июля → последний день 30 июня
    "1.3": [D(2027, 6, 30)],
    "1.4": [D(2027, 6, 9)],  # до 10 июня: not in the seed, the placement of offers under ПП № 555 (decision 64)
    "2.1": [D(2027, 8, 31)],                      # в течение учебного года 2026/2027
    "2.1.1": [D(2027, 1, 31)],                    # до 1 февраля
    "2.1.2": [D(2027, 8, 31)],                    # до 1 сентября
    "2.1.3": [D(2027, 8, 31)],
    "2.1.4": [D(2027, 3, 31), D(2027, 9, 30)],    # до 1 апреля, до 1 октября
    "2.2": [D(2027, 10, 31)],                     # сентябрь–октябрь
    "2.3": [D(2027, 8, 31)],
    "2.4": [D(2027, 8, 31)],
    "2.4.1": [D(2027, 8, 31)],
    "2.4.2": [D(2027, 8, 31)],
    "2.4.3": [D(2027, 3, 31), D(2027, 9, 30)],
    "2.5": [D(2027, 12, 31)],                     # октябрь–декабрь
    "2.6": [D(2027, 8, 31)],
    "2.7": [D(2027, 12, 31)],
    "2.8": [D(2027, 8, 31)],
    "2.8.1": [D(2027, 11, 30)],                   # сентябрь–ноябрь, корректировка в течение года
    "2.8.2": [D(2027, 11, 30)],
    "2.8.3": [D(2027, 8, 31)],
    "2.8.4": [D(2027, 8, 31)],
    "2.8.5": [D(2027, 1, 14), D(2027, 6, 14)],    # до 15 января, до 15 июня
    "2.9": [D(2027, 5, 31)],                      # до 1 июня
    # weekly until 1 September, starting after 2.9's deadline: Fridays 4 June … 27 August
    "2.10": [D(2027, 6, 4) + datetime.timedelta(weeks=w) for w in range(13)],
    "2.11": [D(2027, 12, 31)],                    # в течение года
    "3.1": [D(2027, 8, 31)],
    "3.1.1": [D(2027, 9, 30)],                    # до 1 октября
    "3.1.2": [D(2027, 8, 31)],
    "3.1.3": [D(2027, 8, 31)],
    "3.1.4": [D(2027, 12, 31)],                   # весь период обучения: часть 2027 года
    "3.2": [D(2027, 12, 31)],
    "3.2.1": [D(2027, 8, 31)],
    "3.2.2": [D(2027, 12, 31)],
    "3.3": [D(2027, 1, 19), D(2027, 10, 9)],      # до 20 января, до 10 октября
}
EXPECTED_STARTS_2027 = {"2.2": D(2027, 9, 1), "2.5": D(2027, 10, 1), "2.8.1": D(2027, 9, 1),
                        "2.1": D(2026, 9, 1), "2.11": D(2027, 1, 1)}


@pytest.fixture
def plan2027(personas, city, kindergarten):
    version = services.version_create(actor=personas["admin"], municipality=city, year=2027)
    services.tasks_generate(actor=personas["admin"], version=version)
    return version


@pytest.fixture
def kindergarten(city):
    from conftest import make_org

    return make_org(city, short_name="МБДОУ «Детский сад № 7»", kind="kindergarten")


def test_every_item_of_the_seed_is_in_the_plan_file(plan2027):
    numbers = set(plan2027.items.values_list("number", flat=True))
    assert numbers == set(EXPECTED_2027) | {"1", "2", "3"}


def test_generated_2027_unit_tasks_match_the_seed(plan2027):
    for number, expected in EXPECTED_2027.items():
        item = plan2027.items.get(number=number)
        for unit in item.units.all():
            dates = sorted(Task.objects.filter(item=item, unit=unit).values_list("due_on", flat=True))
            assert dates == expected, f"{number} / {unit.short_name}"
    for number, start in EXPECTED_STARTS_2027.items():
        assert {t.starts_on for t in Task.objects.filter(item__version=plan2027, item__number=number)} == {start}


def test_organisation_tasks_follow_participation(plan2027, school_a, kindergarten, library):
    def orgs(number):
        return set(Task.objects.filter(item__version=plan2027, item__number=number, organisation__isnull=False)
                   .values_list("organisation__short_name", flat=True))

    assert orgs("1.1") == {school_a.short_name, "МБОУ СОШ № 2", kindergarten.short_name, library.short_name}
    assert orgs("2.2") == {school_a.short_name, "МБОУ СОШ № 2"}  # schools only
    assert kindergarten.short_name in orgs("2.1.4") and library.short_name not in orgs("2.1.4")
    assert orgs("3.3") == set()  # committee units only
    assert orgs("2.1") == set()  # a parent item: its children carry the organisations' work


def test_generation_is_idempotent_and_keeps_done_tasks(plan2027, personas):
    task = Task.objects.filter(item__version=plan2027, item__number="1.3", unit__isnull=False).first()
    services.task_close(actor=personas["committee"], task=task, note="Реестр сформирован",
                        evidence_url="/directory/customers/")
    assert services.tasks_generate(actor=None, version=plan2027)["added"] == 0
    item = plan2027.items.get(number="1.3")
    services.item_set_retired(actor=personas["admin"], item=item, retired=True)
    summary = services.tasks_generate(actor=None, version=plan2027)
    assert summary["removed"] > 0
    assert list(Task.objects.filter(item=item).values_list("pk", flat=True)) == [task.pk]


def test_deadline_wording_is_unambiguous():
    text = rules.describe({"type": "before", "dates": ["07-01"], "preceding_contract_year": True})
    assert "до 1 июля (последний день — 30 июня)" in text and "предшествующего" in text


def test_production_calendar():
    assert not is_working_day(D(2027, 1, 7))      # Christmas
    assert not is_working_day(D(2027, 6, 12))     # Russia Day, a Saturday
    assert not is_working_day(D(2027, 1, 3))      # New Year holidays: stays off though its day off moved
    assert is_working_day(D(2027, 2, 20))         # a Saturday worked by transfer
    assert is_working_day(D(2027, 7, 14))


def test_plan_check_lists_the_three_known_inconsistencies(plan2027, client_for, personas):
    issues = selectors.plan_check(plan2027)
    kinds = {(i.item.number, i.kind) for i in issues}
    assert ("1.2", "order") in kinds            # 1.2 due 30 June uses 1.1's monitoring due 14 July
    assert ("3.3", "cadence") in kinds          # quarterly promised, two dates given
    assert ("2.10", "weekly_without_start") in kinds
    assert ("2.9", "order") not in kinds        # 2.8.1 of the autumn before feeds 2.9 of the spring
    page = client_for(personas["admin"]).get(reverse("plan:plan_check"), {"year": 2027}).content.decode()
    assert "Пункт 1.2" in page and "ежеквартально" in page and "только датой окончания" in page


def test_coordinator_sees_only_own_tasks_and_unit_specialist_only_units(plan2027, personas, city, school_a,
                                                                         school_b, client):
    from orientir.directory.models import CommitteeUnit

    uo = CommitteeUnit.objects.get(short_name="УО")
    specialist = make_user("uo_spec", "directorate", city, sector="education", unit=uo)
    coord = personas["coordinator_a"]
    from orientir.accounts import access

    coord_tasks = access.tasks_for(coord)
    assert coord_tasks.exists() and set(coord_tasks.values_list("organisation_id", flat=True)) == {school_a.pk}
    spec_tasks = access.tasks_for(specialist)
    assert not spec_tasks.filter(unit__isnull=False).exclude(unit=uo).exists()
    # organisations' tasks only of items the unit answers for
    assert not spec_tasks.filter(organisation__isnull=False).exclude(item__units=uo).exists()
    assert spec_tasks.count() == len(set(spec_tasks.values_list("pk", flat=True)))  # no duplicates
    other = Task.objects.filter(organisation=school_b).first()
    client.force_login(coord)
    assert client.get(reverse("plan:task_detail", args=[other.pk])).status_code == 404


def test_dashboard_counts_match_tasks(plan2027, personas, client_for):
    tasks = list(Task.objects.filter(version=plan2027, unit__isnull=False)[:3])
    today = timezone.localdate()
    for t in tasks:
        services.task_close(actor=personas["admin"], task=t, note="сделано", evidence_url="/plan/dashboard/")
    response = client_for(personas["observer"]).get(reverse("plan:dashboard"), {"year": 2027})
    totals = response.context["data"]["totals"]
    all_tasks = Task.objects.filter(version=plan2027)
    assert totals["total"] == all_tasks.count()
    done = [t for t in all_tasks if t.status == "done"]
    assert totals["done_on_time"] + totals["done_late"] == len(done) == 3
    assert totals["overdue"] == sum(1 for t in all_tasks if t.status != "done" and t.due_on < today)
    unit_sum = sum(c["total"] for _, c in response.context["data"]["units"])
    org_sum = sum(c["total"] for _, c in response.context["data"]["organisations"])
    assert unit_sum + org_sum == totals["total"]


def test_close_needs_evidence_and_note_and_reopen_needs_reason(plan2027, personas, client_for, school_a):
    task = Task.objects.filter(version=plan2027, organisation=school_a, item__number="2.1.1").first()
    client = client_for(personas["coordinator_a"])
    url = reverse("plan:task_close", args=[task.pk])
    response = client.post(url, {"note": "", "evidence_url": ""})
    assert response.status_code == 422 and "комментарий обязателен" in response.content.decode()
    response = client.post(url, {"note": "Перечень сдан", "evidence_url": ""})
    assert response.status_code == 422 and "Приложите подтверждение" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "planned"
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("perechen.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(url, {"note": "Перечень сдан", "evidence_file": file}).status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.closed_by == personas["coordinator_a"] and task.evidence_file
    assert client.get(reverse("plan:task_evidence", args=[task.pk])).status_code == 200
    reopen = reverse("plan:task_reopen", args=[task.pk])
    assert client.post(reopen, {"reason": ""}).status_code == 422
    assert client.post(reopen, {"reason": "Перечень неполный"}).status_code == 302
    task.refresh_from_db()
    assert task.status == "in_progress" and task.done_at is None
    entry = AuditEntry.objects.get(action="plan.task.reopened")
    assert entry.changes["Причина возобновления"][1] == "Перечень неполный"


def test_only_the_responsible_may_close(plan2027, personas, client_for, city):
    task = Task.objects.filter(version=plan2027, unit__short_name="ОЮКО").first()
    # an observer sees it but may not work on it; a unit specialist of another unit cannot see it at all
    assert client_for(personas["observer"]).post(reverse("plan:task_close", args=[task.pk]),
                                                 {"note": "x", "evidence_url": "/"}).status_code == 403


def test_reminders_send_digests_once_a_day(plan2027, personas, city, school_a, settings):
    from orientir.directory.models import CommitteeUnit

    oyuko = CommitteeUnit.objects.get(short_name="ОЮКО")
    hr = make_user("hr", "committee", city, unit=oyuko, email="hr@example.ru")
    coord = personas["coordinator_a"]
    coord.email = "school1@example.ru"
    coord.save()
    day = D(2027, 6, 25)  # 1.2 and 1.3 due 30 June; 2.9 (31 May) overdue; 1.1 due 14 July: not yet
    call_command("send_reminders", "--date", day.isoformat())
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"hr@example.ru", "school1@example.ru"}
    hr_mail = by_to["hr@example.ru"].body
    assert "1.2" in hr_mail and "1.3" in hr_mail and "30.06.2027" in hr_mail
    assert "1.1 " not in hr_mail
    assert "ПРОСРОЧЕНО" in by_to["school1@example.ru"].body  # 2.1.1 due 31 January 2027 still open
    call_command("send_reminders", "--date", day.isoformat())
    assert len(mail.outbox) == 2
    call_command("send_reminders", "--date", (day + datetime.timedelta(days=1)).isoformat())
    assert len(mail.outbox) == 4
    assert hr.pk


def test_exports_of_plan_and_execution(plan2027, personas, client_for):
    client = client_for(personas["observer"])
    xlsx = client.get(reverse("plan:export", args=["plan", "xlsx"]), {"year": 2027})
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    pdf = client.get(reverse("plan:export", args=["execution", "pdf"]), {"year": 2027})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    pdf = client.get(reverse("plan:export", args=["plan", "pdf"]), {"year": 2027})
    assert pdf.content[:4] == b"%PDF"


def test_ical_feed_lists_own_tasks(plan2027, personas, client_for, school_a):
    client = client_for(personas["coordinator_a"])
    page = client.get(reverse("plan:calendar_feed"))
    url = page.context["url"]
    token = url.rsplit("/", 1)[-1].removesuffix(".ics")
    client.logout()
    # the window is relative to today: put one of the school's tasks inside it
    task = Task.objects.filter(organisation=school_a).first()
    Task.objects.filter(pk=task.pk).update(due_on=timezone.localdate())
    body = client.get(reverse("plan:ical_feed", args=[token])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and f"UID:task-{task.pk}@" in body
    assert client.get(reverse("plan:ical_feed", args=["wrong"])).status_code == 404


def test_admin_edits_item_rule_and_dates_follow(plan2027, personas, client_for):
    item = plan2027.items.get(number="2.1.1")
    client = client_for(personas["admin"])
    data = {"number": "2.1.1", "parent": item.parent_id, "title": item.title, "deadline_text": "до 15 февраля",
            "units": [u.pk for u in item.units.all()], "participation": item.participation,
            "expected_result": item.expected_result, "artifact": item.artifact, "promised_cadence": "",
            "rule_type": "before", "dates": "15.02", "then": ""}
    response = client.post(reverse("plan:item_edit", args=[item.pk]), {**data, "dates": "31.02"})
    assert response.status_code == 422 and "такой даты нет" in response.content.decode()
    assert client.post(reverse("plan:item_edit", args=[item.pk]), data).status_code == 302
    client.post(reverse("plan:version_generate", args=[plan2027.pk]))
    assert set(Task.objects.filter(item=item).values_list("due_on", flat=True)) == {D(2027, 2, 14)}
    assert AuditEntry.objects.filter(action="plan.item.updated").exists()


def test_new_year_copies_the_edited_plan(plan2027, personas, client_for):
    item = plan2027.items.get(number="3.3")
    item.title = "Изменённый текст"
    item.save()
    client = client_for(personas["admin"])
    response = client.post(reverse("plan:versions"), {"year": 2028, "based_on": plan2027.pk,
                                                      "municipality": plan2027.municipality_id})
    assert response.status_code == 302
    assert PlanItem.objects.get(version__year=2028, number="3.3").title == "Изменённый текст"
    assert client.post(reverse("plan:versions"), {"year": 2028, "municipality": plan2027.municipality_id}
                       ).status_code == 422
