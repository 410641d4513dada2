"""Students after review: named exports need the export permission and are logged, a suspension counts where it
caught the contract, dismissal and fulfilment errors are shown, employment lists are paged, the payment plan comes
from the support measures, support deadlines reach «Мои задачи», the card's timeline shows the whole person."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from orientir.contracts.services import transition
from orientir.core.models import AuditEntry
from orientir.students import selectors
from orientir.students.models import Employment, PaymentPlan, Placement, StudyRecord, SupportActivity

from .conftest import employ as _employ

NAMED_EXPORTS = [("students:student_export", [], "students.students.exported"),
                 ("students:admission_report", ["xlsx"], "students.admission.exported"),
                 ("students:plans_export", [], "students.plans.exported"),
                 ("students:support_log_export", [], "students.support_log.exported"),
                 ("students:placement_export", [], "students.placements.exported")]


def test_named_exports_need_the_export_permission_and_are_logged(personas, client_for, student):
    # (client_for logs the one test client in as the given persona)
    for role in ("coordinator_a", "directorate"):
        client = client_for(personas[role])
        for name, args, _action in NAMED_EXPORTS:
            assert client.get(reverse(name, args=args)).status_code == 403, (role, name)
        # The list is still read, without the download button.
        page = client.get(reverse("students:student_list"))
        assert page.status_code == 200
        assert reverse("students:student_export") not in page.content.decode()
    # The aggregated summary stays open to students.report.
    assert client.get(reverse("students:admission_summary", args=["xlsx"])).status_code == 200
    assert not AuditEntry.objects.filter(action__endswith=".exported").exists()
    committee = client_for(personas["committee"])
    for name, args, action in NAMED_EXPORTS:
        assert committee.get(reverse(name, args=args)).status_code == 200, name
        assert AuditEntry.objects.filter(action=action, actor=personas["committee"]).count() == 1, name
    assert reverse("students:student_export") in committee.get(reverse("students:student_list")).content.decode()


def _suspend(contract, on=None):
    on = on or timezone.localdate() - datetime.timedelta(days=10)
    return transition(actor=None, contract=contract, to_state="suspended", on=on, reason="Призыв на военную службу",
                      details={"ground_started_on": on - datetime.timedelta(days=4),
                               "notice_on": on - datetime.timedelta(days=2), "documents": "повестка № 2-44"})


def test_suspended_while_employed_is_no_student(personas, client_for, contract_factory, school_a):
    client = client_for(personas["committee"])
    worker = contract_factory(customer=school_a, state="graduated", last_name="Работникова",
                              work_start_deadline=datetime.date(2024, 8, 31), signed_on=datetime.date(2019, 5, 1))
    assert _employ(client, worker, school_a, "2024-08-20").status_code == 302
    worker.refresh_from_db()
    worker = _suspend(worker)
    assert (worker.state, worker.state_before_suspension) == ("suspended", "employed")
    listed = client.get(reverse("students:student_list"))
    assert worker.pk not in [c.pk for c in listed.context["page"].object_list]
    year = selectors.current_year()
    response = client.post(reverse("students:study_add", args=[worker.pk]),
                           {"academic_year": year, "semester": 1, "course": 2, "status": "good"})
    assert response.status_code == 422
    assert "Договор приостановлен в состоянии «Трудоустроен»" in response.content.decode()
    response = client.post(reverse("students:activity_add", args=[worker.pk]),
                           {"academic_year": year, "kind": "meeting", "title": "Встреча", "in_plan": "on",
                            "planned_on": f"{year}-09-25"})
    assert response.status_code == 422
    response = client.post(reverse("students:placement_add", args=[worker.pk]),
                           {"requested_on": "2026-09-01", "practice_kind": "industrial", "organisation": school_a.pk,
                            "starts_on": "2026-10-01", "ends_on": "2026-10-20"})
    assert response.status_code == 422
    assert not (StudyRecord.objects.exists() or SupportActivity.objects.exists() or Placement.objects.exists())
    # Still among the graduates at work.
    people = client.get(reverse("students:employment")).context["people"]
    assert worker.pk in [f.contract.pk for f in people]


def test_suspended_while_studying_is_a_student_not_a_worker(personas, client_for, contract_factory, school_a):
    client = client_for(personas["committee"])
    pupil_ = contract_factory(customer=school_a, state="studying", last_name="Отпускова",
                              work_start_deadline=timezone.localdate() - datetime.timedelta(days=1))
    pupil_ = _suspend(pupil_)
    assert pupil_.state_before_suspension == "studying"
    listed = client.get(reverse("students:student_list"))
    assert pupil_.pk in [c.pk for c in listed.context["page"].object_list]
    assert [c.pk for c in client.get(reverse("students:student_list"), {"state": "suspended"}
                                     ).context["page"].object_list] == [pupil_.pk]
    year = selectors.current_year()
    assert client.post(reverse("students:study_add", args=[pupil_.pk]),
                       {"academic_year": year, "semester": 1, "course": 2, "status": "leave"}).status_code == 302
    response = client.get(reverse("students:employment"))
    assert pupil_.pk not in [f.contract.pk for f in response.context["people"]]
    assert response.context["total"][1] == 0  # not due to work in the monitoring either
    assert selectors.employment_monitoring(personas["committee"], timezone.localdate())[1][1] == 0


def test_dismissal_errors_are_shown_next_to_the_fields(personas, client_for, contract_factory, school_a):
    client = client_for(personas["committee"])
    contract = contract_factory(customer=school_a, state="graduated", work_start_deadline=datetime.date(2023, 8, 31),
                                signed_on=datetime.date(2019, 5, 20))  # graduated before the employment below
    _employ(client, contract, school_a, "2023-08-20")
    emp = Employment.objects.get()
    response = client.post(reverse("students:employment_dismiss", args=[contract.pk, emp.pk]),
                           {"dismissed_on": "31.02.2024", "reason": ""})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'data-field="reason"' in body and 'data-field="dismissed_on"' in body
    assert "Увольнение не внесено: Дата увольнения:" in body
    assert "Основание увольнения: Обязательное поле." in body
    # A refusal of the service goes next to its field too.
    response = client.post(reverse("students:employment_dismiss", args=[contract.pk, emp.pk]),
                           {"dismissed_on": "2023-01-01", "reason": "по собственному желанию"})
    assert response.status_code == 422
    assert "Дата увольнения раньше даты трудоустройства." in response.content.decode()
    emp.refresh_from_db()
    assert emp.dismissed_on is None


def test_fulfil_with_a_bad_date_answers_422(personas, client_for, contract_factory, school_a):
    client = client_for(personas["committee"])
    contract = contract_factory(customer=school_a, state="graduated", signed_on=datetime.date(2015, 5, 1),
                                work_start_deadline=datetime.date(2020, 1, 31))
    assert _employ(client, contract, school_a, "2020-01-10").status_code == 302
    response = client.post(reverse("students:fulfil", args=[contract.pk]), {"on": "не дата"})
    assert response.status_code == 422
    assert "Исполнение обязательства не отмечено: Дата:" in response.content.decode()
    contract.refresh_from_db()
    assert contract.state == "employed"
    assert not AuditEntry.objects.filter(action="students.employment.fulfilled").exists()


def test_employment_people_are_paginated_not_cut(personas, client_for, contract_factory, school_a):
    from orientir.contracts.models import Contract

    ids = [contract_factory(customer=school_a, state="draft", last_name=f"Выпускник{i:02d}").pk for i in range(55)]
    Contract.objects.filter(pk__in=ids).update(state="graduated")
    client = client_for(personas["committee"])
    first = client.get(reverse("students:employment"))
    assert first.context["page"].paginator.count == 55
    assert len(first.context["people"]) == 50
    assert 'data-testid="people-count">Найдено: 55' in first.content.decode()
    second = client.get(reverse("students:employment"), {"page": 2})
    assert len(second.context["people"]) == 5
    shown = {f.contract.pk for f in first.context["people"]} | {f.contract.pk for f in second.context["people"]}
    assert shown == set(ids)


def test_payment_plan_from_support_measures(personas, client_for, student, contract_factory, school_a):
    from orientir.contracts.models import SupportMeasure

    for kind, amount, period in (("stipend", "5000.00", "monthly"), ("housing", "12000.00", "semester"),
                                 ("travel", "10000.00", "yearly"), ("other", "1500.50", "once")):
        SupportMeasure.objects.create(contract=student, kind=kind, amount=Decimal(amount), period=period)
    PaymentPlan.objects.create(contract=student, month=datetime.date(2026, 10, 1), amount=Decimal("1.00"))
    client = client_for(personas["committee"])
    card = client.get(reverse("students:student_detail", args=[student.pk]))
    assert 'data-testid="measures-form"' in card.content.decode()
    url = reverse("students:payment_plan_from_measures", args=[student.pk])
    response = client.post(url, {"month_from": "2026-09", "month_to": "2026-11"})
    assert response.status_code == 302
    plan = dict(PaymentPlan.objects.filter(contract=student).values_list("month", "amount"))
    # 5000 + 12000 / 6 + 10000 / 12 = 7833.33 a month; the one-time 1500.50 in the first month.
    assert plan == {datetime.date(2026, 9, 1): Decimal("9333.83"), datetime.date(2026, 10, 1): Decimal("7833.33"),
                    datetime.date(2026, 11, 1): Decimal("7833.33")}
    assert sum(plan.values()) == Decimal("25000.49")
    entry = AuditEntry.objects.get(action="students.payments.plan_from_measures")
    assert entry.object_id == str(student.pk)
    # Manual entry still works and replaces a month.
    assert client.post(reverse("students:payment_plan", args=[student.pk]),
                       {"month_from": "2026-11", "month_to": "2026-11", "amount": "8000.00"}).status_code == 302
    assert PaymentPlan.objects.get(contract=student, month=datetime.date(2026, 11, 1)).amount == Decimal("8000.00")
    # Without measures: refused with a message; a coordinator may not plan payments at all.
    bare = contract_factory(customer=school_a, state="studying", last_name="Безмерова")
    response = client.post(reverse("students:payment_plan_from_measures", args=[bare.pk]),
                           {"month_from": "2026-09", "month_to": "2026-11"})
    assert response.status_code == 422
    assert "В договоре нет мер поддержки" in response.content.decode()
    assert not PaymentPlan.objects.filter(contract=bare).exists()
    assert client.post(url, {"month_from": "2026-11", "month_to": "2026-09"}).status_code == 422
    assert client_for(personas["coordinator_a"]).post(url, {"month_from": "2026-09", "month_to": "2026-11"}
                                                      ).status_code == 403


def test_my_tasks_get_support_deadlines_only(personas, contract_factory, school_a):
    from orientir.students.deadlines import support_deadlines

    today = datetime.date(2026, 9, 20)
    contract_factory(customer=school_a, state="studying", last_name="Безпланова")
    contract_factory(customer=school_a, state="graduated", last_name="Срочнова",
                     work_start_deadline=today - datetime.timedelta(days=3))
    titles = [d.title for d in support_deadlines(personas["committee"], today)]
    assert any("Нет индивидуального плана" in t for t in titles)
    assert not any("трудоустройств" in t.lower() or "отработки" in t for t in titles)
    # The students alerts page keeps every kind.
    kinds = {a.kind for a in selectors.deadlines(personas["committee"], today=today)}
    assert {selectors.ALERT_PLAN, selectors.ALERT_WORK_START} <= kinds


def test_card_timeline_shows_the_whole_person(personas, client_for, contract_factory, school_a):
    from orientir.pupils.services import pupil_create

    pupil = pupil_create(actor=None, organisation=school_a, data={"last_name": "Ёлкина", "first_name": "Мария"})
    contract = contract_factory(customer=school_a, state="studying", pupil=pupil)
    card = client_for(personas["committee"]).get(reverse("students:student_detail", args=[contract.pk]))
    assert any(e.kind == "Обучающийся" for e in card.context["timeline"])
