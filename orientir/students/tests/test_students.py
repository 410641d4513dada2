"""The students app through HTTP: admission monitoring moves a contract once, study records and filters, support
plans and the log, placements, payments with totals and the accounting export, employment on time or late,
years worked less suspensions, the obligation fulfilled, reports that agree with the data, scope and roles."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from orientir.contracts.models import ContractEvent
from orientir.contracts.services import transition
from orientir.core.models import AuditEntry
from orientir.students import selectors, services
from orientir.students.models import (AdmissionRecord, Employment, Payment, PaymentPlan, Placement, StudyRecord,
                                      SupportActivity, week_monday)

from .conftest import employ as _employ



def _xlsx(response) -> list[tuple]:
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=5)]


def _iso(day):
    return selectors.iso_week(week_monday(day))


@pytest.fixture
def graduate(contract_factory, school_a):
    return contract_factory(customer=school_a, last_name="Соколова")


# --- Admission monitoring (2.10) -------------------------------------------------------------------

def _bulk(client, week, contract, status, org="КГУ им. Н. А. Некрасова", on=None):
    pk = contract.pk
    return client.post(reverse("students:admission_edit"),
                       {"week": week, f"status_{pk}": status, f"org_{pk}": org,
                        f"on_{pk}": (on or timezone.localdate()).isoformat()})


@pytest.mark.today("2026-08-26")
def test_admitted_status_moves_the_contract_once(personas, client_for, graduate):
    client = client_for(personas["committee"])
    last_week, this_week = datetime.date(2026, 8, 19), datetime.date(2026, 8, 26)
    response = _bulk(client, _iso(last_week), graduate, "admitted_quota", on=last_week)
    assert response.status_code == 302
    graduate.refresh_from_db()
    assert graduate.state == "admitted"
    assert ContractEvent.objects.filter(contract=graduate, to_state="admitted").count() == 1
    assert AuditEntry.objects.filter(action="students.admission.admission_recorded").count() == 1
    # This week's «admitted» is kept as a snapshot but does not move the contract again.
    assert _bulk(client, _iso(this_week), graduate, "admitted_general", on=this_week).status_code == 302
    assert ContractEvent.objects.filter(contract=graduate, to_state="admitted").count() == 1
    assert AdmissionRecord.objects.filter(contract=graduate).count() == 2
    # A contradicting status is refused with a message and nothing is written.
    response = _bulk(client, _iso(this_week), graduate, "not_admitted", on=this_week)
    assert response.status_code == 422
    assert "Зачислен на обучение" in response.content.decode()
    assert AdmissionRecord.objects.get(contract=graduate, week=datetime.date(2026, 8, 24)).status == "admitted_general"


def test_not_admitted_moves_the_contract_and_applied_does_not(personas, client_for, contract_factory, school_a):
    client = client_for(personas["committee"])
    a = contract_factory(customer=school_a, last_name="Белова")
    b = contract_factory(customer=school_a, last_name="Титова")
    week = _iso(timezone.localdate())
    assert _bulk(client, week, a, "not_admitted", org="").status_code == 302
    assert _bulk(client, week, b, "applied").status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, b.state) == ("not_admitted", "signed")
    assert a.events.get(to_state="not_admitted").reason


def test_applied_needs_an_education_organisation(personas, client_for, graduate):
    response = _bulk(client_for(personas["committee"]), _iso(timezone.localdate()), graduate, "applied", org="")
    assert response.status_code == 422
    assert "Укажите образовательную организацию" in response.content.decode()
    assert not AdmissionRecord.objects.exists()


def test_week_page_highlights_graduates_not_updated(personas, client_for, contract_factory, school_a):
    client = client_for(personas["committee"])
    updated = contract_factory(customer=school_a, last_name="Белова")
    contract_factory(customer=school_a, last_name="Титова")
    week = _iso(timezone.localdate())
    _bulk(client, week, updated, "ranked")
    response = client.get(reverse("students:admission"), {"week": week})
    assert response.status_code == 200
    assert response.context["counts"]["total"] == 2
    assert response.context["counts"]["stale"] == 1
    assert "table-warning" in response.content.decode()
    stale_only = client.get(reverse("students:admission"), {"week": week, "stale": "1"})
    assert [r.contract.last_name for r in stale_only.context["page"].object_list] == ["Титова"]


def test_weekly_report_agrees_with_the_data(personas, client_for, contract_factory, school_a, tmp_path):
    client = client_for(personas["committee"])
    week = _iso(timezone.localdate())
    people = [contract_factory(customer=school_a, last_name=n) for n in ("Белова", "Титова", "Павлова")]
    _bulk(client, week, people[0], "admitted_quota")
    _bulk(client, week, people[1], "applied")
    rows = [r for r in _xlsx(client.get(reverse("students:admission_report", args=["xlsx"]), {"week": week}))
            if isinstance(r[0], (int, float))]
    assert len(rows) == 3
    statuses = {r[2]: r[6] for r in rows}
    assert statuses["Белова Мария Петровна"] == "Зачислен в пределах квоты"
    assert statuses["Павлова Мария Петровна"] == "нет сведений"
    pdf = client.get(reverse("students:admission_report", args=["pdf"]), {"week": week})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    summary = _xlsx(client_for(personas["observer"]).get(reverse("students:admission_summary", args=["xlsx"]),
                                                          {"week": week}))
    total = next(r for r in summary if r[0] == "Итого")
    assert total[1] == 3 and total[-1] == 1  # three graduates, one not updated


def test_reports_open_in_libreoffice(personas, client_for, graduate, tmp_path, soffice):
    client = client_for(personas["committee"])
    _bulk(client, _iso(timezone.localdate()), graduate, "applied")
    for name, url in (("admission", reverse("students:admission_report", args=["xlsx"])),
                      ("employment", reverse("students:employment_report", args=["xlsx"]))):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(b"".join(client.get(url).streaming_content))
        assert soffice(path), f"LibreOffice could not open the {name} report"


# --- Students, scope and roles (3.1) ---------------------------------------------------------------

def test_study_record_list_filters_and_export(personas, client_for, student, contract_factory, school_a):
    client = client_for(personas["committee"])
    other = contract_factory(customer=school_a, state="studying", last_name="Зайцева")
    year = selectors.current_year()
    response = client.post(reverse("students:study_add", args=[student.pk]),
                           {"academic_year": year, "semester": 1, "course": 2, "status": "debt", "note": "матанализ"})
    assert response.status_code == 302
    assert StudyRecord.objects.get(contract=student).status == "debt"
    client.post(reverse("students:study_add", args=[other.pk]),
                {"academic_year": year, "semester": 1, "course": 3, "status": "good"})
    listed = client.get(reverse("students:student_list"), {"status": "debt"})
    assert [c.pk for c in listed.context["page"].object_list] == [student.pk]
    assert [c.pk for c in client.get(reverse("students:student_list"), {"course": 3}).context["page"].object_list] \
        == [other.pk]
    rows = _xlsx(client.get(reverse("students:student_export")))
    assert {r[1] for r in rows if r[0]} == {student.citizen_name, other.citizen_name}


def test_study_form_errors_answer_422(personas, client_for, student):
    response = client_for(personas["committee"]).post(reverse("students:study_add", args=[student.pk]),
                                                      {"semester": 3, "course": 2})
    assert response.status_code == 422
    assert not StudyRecord.objects.exists()


def test_list_pages_run_a_bounded_number_of_queries(personas, client_for, contract_factory, school_a,
                                                    django_assert_max_num_queries):
    client = client_for(personas["committee"])
    for i in range(6):
        c = contract_factory(customer=school_a, state="studying", last_name=f"Студентова{i}")
        StudyRecord.objects.create(contract=c, academic_year=2026, semester=1, course=2)
        SupportActivity.objects.create(contract=c, academic_year=2026, kind="meeting", title="Встреча",
                                       planned_on=datetime.date(2026, 9, 20), done_on=datetime.date(2026, 9, 20))
        Placement.objects.create(contract=c, requested_on=datetime.date(2026, 9, 1), practice_kind="industrial",
                                 organisation=school_a, starts_on=datetime.date(2026, 10, 1),
                                 ends_on=datetime.date(2026, 10, 20))
        Payment.objects.create(contract=c, month=datetime.date(2026, 9, 1), paid_on=datetime.date(2026, 9, 25),
                               amount=Decimal("5000.00"), document=f"ПП-{i}")
        contract_factory(customer=school_a, last_name=f"Выпускникова{i}")
    for name in ("student_list", "admission", "plans", "support_log", "placement_list", "payments", "employment",
                 "alerts"):
        with django_assert_max_num_queries(16):
            assert client.get(reverse(f"students:{name}")).status_code == 200


def test_scope_coordinator_sees_only_contracts_naming_their_school(personas, client_for, contract_factory,
                                                                    school_a, school_b):
    mine = contract_factory(customer=school_a, state="studying")
    theirs = contract_factory(customer=school_b, state="studying")
    client = client_for(personas["coordinator_a"])
    assert client.get(reverse("students:student_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("students:student_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("students:study_add", args=[theirs.pk]),
                       {"academic_year": 2026, "semester": 1, "course": 2, "status": "good"}).status_code == 404
    listed = client.get(reverse("students:student_list"))
    assert [c.pk for c in listed.context["page"].object_list] == [mine.pk]
    # Payments are the committee's: a coordinator may not record them.
    assert client.post(reverse("students:payment_add", args=[mine.pk]), {}).status_code == 403


def test_observer_reads_aggregates_but_no_cards(personas, client_for, student):
    client = client_for(personas["observer"])
    assert client.get(reverse("students:student_detail", args=[student.pk])).status_code == 403
    assert client.get(reverse("students:student_list")).status_code == 403
    assert client.get(reverse("students:employment")).status_code == 200
    assert client.get(reverse("students:employment_report", args=["xlsx"])).status_code == 200
    assert client.get(reverse("students:admission_summary", args=["pdf"])).status_code == 200
    assert "graduates" not in client.get(reverse("students:employment")).content.decode()


def test_card_view_is_logged(personas, client_for, student):
    assert client_for(personas["committee"]).get(reverse("students:student_detail", args=[student.pk])
                                                 ).status_code == 200
    assert AuditEntry.objects.filter(action="students.student.viewed", object_id=str(student.pk)).exists()


# --- Support plan and log (3.1.1, 3.1.2) -----------------------------------------------------------

def test_plan_activity_done_and_log(personas, client_for, student, contract_factory, school_a):
    client = client_for(personas["coordinator_a"])
    year = selectors.current_year()
    contract_factory(customer=school_a, state="studying", last_name="Безпланова")
    response = client.post(reverse("students:activity_add", args=[student.pk]),
                           {"academic_year": year, "kind": "meeting", "title": "Встреча с директором школы",
                            "in_plan": "on", "planned_on": f"{year}-09-25", "responsible": "Тестова А."})
    assert response.status_code == 302
    activity = SupportActivity.objects.get(contract=student)
    plans = client.get(reverse("students:plans"), {"year": year})
    assert plans.context["missing"] == 1
    response = client.post(reverse("students:activity_done", args=[student.pk, activity.pk]),
                           {"done_on": f"{year}-09-25", "result": "Обсудили тему ВКР"})
    assert response.status_code == 302
    log = client.get(reverse("students:support_log"), {"year": year})
    assert [a.pk for a in log.context["page"].object_list] == [activity.pk]


def test_obligation_check_needs_both_sides(personas, client_for, student):
    client = client_for(personas["committee"])
    year = selectors.current_year()
    data = {"academic_year": year, "kind": "control", "title": "Контроль за 1-й семестр",
            "done_on": f"{year}-12-20", "semester": 1, "result": "Проверено"}
    assert client.post(reverse("students:activity_add", args=[student.pk]), data).status_code == 422
    data.update(citizen_fulfils="true", customer_fulfils="false")
    assert client.post(reverse("students:activity_add", args=[student.pk]), data).status_code == 302
    check = SupportActivity.objects.get()
    assert (check.in_plan, check.citizen_fulfils, check.customer_fulfils) == (False, True, False)


# --- Placements (3.1.3) ----------------------------------------------------------------------------

def test_placement_requested_agreed_done_and_cancel(personas, client_for, student, school_a):
    client = client_for(personas["committee"])
    response = client.post(reverse("students:placement_add", args=[student.pk]),
                           {"requested_on": "2026-09-01", "practice_kind": "industrial", "organisation": school_a.pk,
                            "supervisor": "", "starts_on": "2026-10-01", "ends_on": "2026-10-20"})
    assert response.status_code == 302
    p = Placement.objects.get()
    move = lambda action, **data: client.post(  # noqa: E731
        reverse("students:placement_move", args=[student.pk, p.pk, action]), data)
    assert move("done", grade="отлично").status_code == 422  # not agreed yet
    assert move("agree", supervisor="Петрова И. И.").status_code == 302
    assert move("done").status_code == 422  # a grade is required
    assert move("done", grade="отлично").status_code == 302
    p.refresh_from_db()
    assert (p.state, p.grade, p.supervisor) == ("done", "отлично", "Петрова И. И.")
    other = Placement.objects.create(contract=student, requested_on=datetime.date(2026, 9, 1), practice_kind="educational",
                                     organisation=school_a, starts_on=datetime.date(2026, 11, 1),
                                     ends_on=datetime.date(2026, 11, 5))
    url = reverse("students:placement_move", args=[student.pk, other.pk, "cancel"])
    assert client.post(url, {}).status_code == 422
    assert client.post(url, {"reason": "Карантин в организации"}).status_code == 302
    other.refresh_from_db()
    assert (other.state, other.cancel_reason) == ("cancelled", "Карантин в организации")


# --- Payments (3.1.4) ------------------------------------------------------------------------------

@pytest.mark.today("2026-12-15")  # September to November are due: their plan is the debt
def test_payments_plan_totals_and_accounting_export(personas, client_for, student, contract_factory, school_a):
    client = client_for(personas["committee"])
    response = client.post(reverse("students:payment_plan", args=[student.pk]),
                           {"month_from": "2026-09", "month_to": "2026-11", "amount": "10000.50"})
    assert response.status_code == 302
    assert PaymentPlan.objects.filter(contract=student).count() == 3
    for month, amount, doc in (("2026-09", "10000.50", "ПП-101"), ("2026-10", "7000.25", "ПП-102")):
        assert client.post(reverse("students:payment_add", args=[student.pk]),
                           {"month": month, "paid_on": f"{month}-25", "amount": amount, "document": doc}
                           ).status_code == 302
    # The same document for the same month twice is refused.
    assert client.post(reverse("students:payment_add", args=[student.pk]),
                       {"month": "2026-10", "paid_on": "2026-10-26", "amount": "1", "document": "ПП-102"}
                       ).status_code == 422
    other = contract_factory(customer=school_a, state="studying", last_name="Другова")
    client.post(reverse("students:payment_add", args=[other.pk]),
                {"month": "2026-09", "paid_on": "2026-09-25", "amount": "3000", "document": "ПП-201"})
    assert selectors.paid_support(student) == Decimal("17000.75")
    card = client.get(reverse("students:student_detail", args=[student.pk]))
    assert card.context["ledger_totals"] == {"planned": Decimal("30001.50"), "paid": Decimal("17000.75"),
                                             "due": Decimal("30001.50"), "debt": Decimal("13000.75"),
                                             "ahead": Decimal("0.00")}
    page = client.get(reverse("students:payments"), {"year": 2026})
    by_contract = {c.pk: (c.planned, c.paid) for c in page.context["page"].object_list}
    assert by_contract[student.pk] == (Decimal("30001.50"), Decimal("17000.75"))
    # The other contract's 3 000 paid without a plan does not pay off this one's debt.
    assert page.context["totals"] == (Decimal("30001.50"), Decimal("20000.75"), Decimal("13000.75"))
    rows = [r for r in _xlsx(client.get(reverse("students:payment_export"), {"year": 2026})) if r[1]]
    assert len(rows) == 3
    assert sum(Decimal(str(r[6])) for r in rows) == Decimal("20000.75")
    assert {r[4] for r in rows} == {school_a.inn}


def test_negative_or_empty_payment_refused(personas, client_for, student):
    response = client_for(personas["committee"]).post(reverse("students:payment_add", args=[student.pk]),
                                                      {"month": "2026-09", "paid_on": "2026-09-25", "amount": "0",
                                                       "document": ""})
    assert response.status_code == 422
    assert not Payment.objects.exists()


# --- Employment (3.3) ------------------------------------------------------------------------------

def test_employment_on_time_and_late(personas, client_for, contract_factory, school_a):
    client = client_for(personas["committee"])
    deadline = datetime.date(2026, 8, 31)
    on_time = contract_factory(customer=school_a, state="graduated", work_start_deadline=deadline, last_name="Ранова")
    late = contract_factory(customer=school_a, state="graduated", work_start_deadline=deadline, last_name="Позднова")
    never = contract_factory(customer=school_a, state="graduated", work_start_deadline=deadline, last_name="Нетова")
    assert _employ(client, on_time, school_a, "2026-08-20").status_code == 302
    # After the employment term only as the committee specialist's exception, with its reason.
    refused = _employ(client, late, school_a, "2026-09-15")
    assert refused.status_code == 422 and "позже срока трудоустройства по договору" in refused.content.decode()
    services.employment_record(actor=personas["committee"], contract=late, organisation=school_a, position=None,
                               started_on=datetime.date(2026, 9, 15), exception=True,
                               exception_reason="Вакансия открыта 15.09.2026: письмо заказчика № 88")
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert (on_time.state, late.state, never.state) == ("employed", "employed", "graduated")
    assert ContractEvent.objects.get(contract=late, to_state="employed").details["on_time"] is False
    facts = selectors.facts_for([on_time, late, never], datetime.date(2026, 11, 1))
    assert (facts[on_time.pk].on_time, facts[late.pk].on_time, facts[never.pk].on_time) == (True, False, None)
    report = client.get(reverse("students:employment_report", args=["xlsx"]), {"on": "2026-11-01", "by": "sector"})
    total = next(r for r in _xlsx(report) if r[0] == "Итого")
    assert total[1:5] == (3, 1, 1, 1)
    assert client.get(reverse("students:employment_report", args=["pdf"])).content.startswith(b"%PDF")
    # A second job while the first is open is refused.
    assert _employ(client, on_time, school_a, "2026-10-01").status_code == 422


def test_years_worked_less_suspension_and_fulfilment(personas, client_for, contract_factory, school_a):
    client = client_for(personas["committee"])
    contract = contract_factory(customer=school_a, state="graduated", signed_on=datetime.date(2015, 5, 1),
                                work_start_deadline=datetime.date(2020, 1, 31))
    assert _employ(client, contract, school_a, "2020-01-10").status_code == 302
    contract.refresh_from_db()
    contract = transition(actor=None, contract=contract, to_state="suspended", on=datetime.date(2021, 1, 1),
                          reason="Призыв на военную службу",
                          details={"ground_started_on": datetime.date(2020, 12, 28),
                                   "notice_on": datetime.date(2020, 12, 30), "documents": "повестка № 1-128 от 28.12.2020"})
    contract = transition(actor=None, contract=contract, to_state="employed", on=datetime.date(2022, 1, 1))
    as_of = datetime.date(2023, 1, 10)
    facts = selectors.contract_facts(contract, as_of)
    # 2020-01-10 … 2023-01-10 is 1096 days; the suspension took 365 of them.
    assert selectors.days_worked(Employment.objects.filter(contract=contract), contract.events.all(), as_of) == 731
    assert facts.years == Decimal("2.00")
    # Still employed three calendar years after the start, though only two years count toward the obligation.
    assert facts.still == {1: True, 2: True, 3: True}
    # Not enough years at that date: the move is refused.
    response = client.post(reverse("students:fulfil", args=[contract.pk]), {"on": "2023-01-10"})
    assert response.status_code == 422
    contract.refresh_from_db()
    assert contract.state == "employed"
    # Today (years after) the term is served.
    assert client.post(reverse("students:fulfil", args=[contract.pk]), {"on": "2026-11-01"}).status_code == 302
    contract.refresh_from_db()
    assert contract.state == "fulfilled"


def test_dismissal_ends_the_still_employed_count(personas, client_for, contract_factory, school_a):
    client = client_for(personas["committee"])
    contract = contract_factory(customer=school_a, state="graduated", work_start_deadline=datetime.date(2023, 8, 31),
                                signed_on=datetime.date(2019, 5, 20))  # graduated before the employment below
    _employ(client, contract, school_a, "2023-08-20")
    emp = Employment.objects.get()
    assert client.post(reverse("students:employment_dismiss", args=[contract.pk, emp.pk]),
                       {"dismissed_on": "2024-12-01"}).status_code == 422
    assert client.post(reverse("students:employment_dismiss", args=[contract.pk, emp.pk]),
                       {"dismissed_on": "2024-12-01", "reason": "по собственному желанию"}).status_code == 302
    facts = selectors.contract_facts(contract, datetime.date(2026, 11, 1))
    assert facts.still == {1: True, 2: False, 3: False}
    assert facts.current is None


# --- Alerts and the timeline -----------------------------------------------------------------------

def test_alerts_list_missing_plans_and_deadlines(personas, client_for, contract_factory, school_a):
    contract_factory(customer=school_a, state="studying", last_name="Безпланова")
    contract_factory(customer=school_a, state="graduated", last_name="Срочнова",
                     work_start_deadline=timezone.localdate() - datetime.timedelta(days=3))
    response = client_for(personas["committee"]).get(reverse("students:alerts"))
    texts = {(a.contract.last_name, a.kind) for a in response.context["page"].object_list}
    assert ("Срочнова", "Трудоустройство (п. 3.3)") in texts
    assert response.context["overdue"] >= 1


def test_timeline_shows_students_events(personas, client_for, student, school_a):
    from orientir.core.timeline import Subject, build

    Payment.objects.create(contract=student, month=datetime.date(2026, 9, 1), paid_on=datetime.date(2026, 9, 25),
                           amount=Decimal("5000.00"), document="ПП-1")
    Payment.objects.create(contract=student, month=datetime.date(2026, 9, 1), paid_on=datetime.date(2026, 9, 28),
                           amount=Decimal("1000.00"), document="ПП-2")
    events = build(personas["committee"], Subject(contracts=[student]))
    assert any(e.kind == "Меры поддержки" and "6\u00a0000,00\u00a0₽" in e.title for e in events)
    assert not [e for e in build(personas["coordinator_b"], Subject(contracts=[student])) if e.kind == "Меры поддержки"]
