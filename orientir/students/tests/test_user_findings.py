"""What users stumbled on in students (3.1): the plan list counted work outside the plan as done, payments not yet
due were called debt, a status dated last week landed in this week, and the contract card and the student's page
did not link to each other. Expected figures are worked out by hand from each scenario."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from orientir.students import selectors
from orientir.students.models import AdmissionRecord, Payment, PaymentPlan, SupportActivity


def _xlsx(response) -> list[tuple]:
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=1)]


@pytest.fixture
def student(contract_factory, school_a):
    return contract_factory(customer=school_a, state="studying", last_name="Орлова")


# --- 3.1.1: «Выполнено» counts the plan's items only --------------------------------------------------

@pytest.mark.today("2026-10-15")
def test_plan_list_counts_as_done_only_plan_items_done(personas, client_for, student):
    client = client_for(personas["committee"])
    url = reverse("students:activity_add", args=[student.pk])
    # One item of the plan, not done yet.
    assert client.post(url, {"academic_year": 2026, "kind": "meeting", "title": "Встреча с директором",
                             "in_plan": "on", "planned_on": "2026-11-20"}).status_code == 302
    # One record of work done outside the plan («вне плана»).
    assert client.post(url, {"academic_year": 2026, "kind": "other", "title": "Консультация по курсовой",
                             "done_on": "2026-10-10", "result": "Тема согласована"}).status_code == 302
    assert SupportActivity.objects.filter(contract=student, in_plan=False).count() == 1

    row = next(c for c in client.get(reverse("students:plans"), {"year": 2026}).context["page"].object_list
               if c.pk == student.pk)
    assert (row.n_planned, row.n_done) == (1, 0)
    exported = [r for r in _xlsx(client.get(reverse("students:plans_export"), {"year": 2026}))
                if r[0] == student.number]
    assert [(r[3], r[4]) for r in exported] == [(1, 0)]
    # The card agrees: the plan's item is not done; the log still shows the work outside the plan.
    card = client.get(reverse("students:student_detail", args=[student.pk]))
    assert [a.done_on for a in card.context["plan"]] == [None]
    assert [a.title for a in card.context["log"]] == ["Консультация по курсовой"]


# --- 3.1.4: debt is what is due by today and unpaid -----------------------------------------------------

def test_a_month_falls_due_on_its_last_day():
    assert selectors.last_due_month(datetime.date(2026, 12, 5)) == datetime.date(2026, 11, 1)
    assert selectors.last_due_month(datetime.date(2026, 11, 30)) == datetime.date(2026, 11, 1)
    assert selectors.last_due_month(datetime.date(2026, 12, 31)) == datetime.date(2026, 12, 1)
    assert selectors.last_due_month(datetime.date(2027, 1, 1)) == datetime.date(2026, 12, 1)
    assert selectors.last_due_month(datetime.date(2028, 2, 29)) == datetime.date(2028, 2, 1)


def _plan(contract, first: datetime.date, months: int, amount: str):
    month = first
    for _ in range(months):
        PaymentPlan.objects.create(contract=contract, month=month, amount=Decimal(amount))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _pay(contract, month: datetime.date, amount: str, doc: str):
    Payment.objects.create(contract=contract, month=month, paid_on=month.replace(day=25), amount=Decimal(amount),
                           document=doc)


@pytest.mark.today("2026-12-10")
def test_months_not_yet_due_are_no_debt(personas, client_for, student, contract_factory, school_a):
    # September 2026 – June 2027 at 3 000 a month; September to December paid (December early, on the 10th).
    _plan(student, datetime.date(2026, 9, 1), 10, "3000.00")
    for i, month in enumerate((9, 10, 11, 12)):
        _pay(student, datetime.date(2026, month, 1), "3000.00", f"ПП-{i}")
    Payment.objects.filter(month=datetime.date(2026, 12, 1)).update(paid_on=datetime.date(2026, 12, 10))
    # Another student: September to November planned at 3 000, only September paid — 6 000 is owed.
    late = contract_factory(customer=school_a, state="studying", last_name="Должникова")
    _plan(late, datetime.date(2026, 9, 1), 3, "3000.00")
    _pay(late, datetime.date(2026, 9, 1), "3000.00", "ПП-10")
    # A third paid 5 000 for a month planned at 3 000: 2 000 over the plan, which pays nobody else's debt.
    over = contract_factory(customer=school_a, state="studying", last_name="Переплатова")
    _plan(over, datetime.date(2026, 9, 1), 1, "3000.00")
    _pay(over, datetime.date(2026, 9, 1), "5000.00", "ПП-20")
    client = client_for(personas["committee"])

    card = client.get(reverse("students:student_detail", args=[student.pk]))
    totals = card.context["ledger_totals"]
    assert totals["planned"] == Decimal("30000.00") and totals["paid"] == Decimal("12000.00")
    assert totals["due"] == Decimal("9000.00")  # September – November
    assert totals["debt"] == Decimal("0.00")
    assert totals["ahead"] == Decimal("21000.00")  # December – June
    text = card.content.decode()
    assert "задолженность" not in text.split('data-testid="ledger-debt"')[1].split("</td>")[0]
    assert "впереди по плану: 21" in text
    late_card = client.get(reverse("students:student_detail", args=[late.pk]))
    assert late_card.context["ledger_totals"]["debt"] == Decimal("6000.00")
    assert "задолженность на 10.12.2026: 6" in late_card.content.decode()

    for year in ("2026", "all"):
        page = client.get(reverse("students:payments"), {"year": year})
        debts = {c.pk: c.debt for c in page.context["page"].object_list}
        assert debts == {student.pk: Decimal("0.00"), late.pk: Decimal("6000.00"), over.pk: Decimal("-2000.00")}
        # The customer owes 6 000: Переплатова's 2 000 over the plan does not cancel Должникова's debt.
        assert [r[3] for r in page.context["by_customer"]] == [Decimal("6000.00")]
        assert page.context["totals"][2] == Decimal("6000.00")
    assert "Задолженность, ₽" in page.content.decode()


# --- 2.10: a status goes to the week of its date ------------------------------------------------------------

@pytest.mark.today("2026-09-02")  # a Wednesday; the week runs 31.08 – 06.09
def test_status_dated_last_week_is_recorded_in_that_week(personas, client_for, contract_factory, school_a):
    graduate = contract_factory(customer=school_a, last_name="Соколова")
    client = client_for(personas["committee"])
    this_week = "2026-W36"
    response = client.post(reverse("students:admission_edit"),
                           {"week": this_week, f"status_{graduate.pk}": "applied",
                            f"org_{graduate.pk}": "КГУ им. Н. А. Некрасова", f"on_{graduate.pk}": "2026-08-25"},
                           follow=True)
    assert response.status_code == 200
    record = AdmissionRecord.objects.get(contract=graduate)
    assert record.week == datetime.date(2026, 8, 24) and record.on == datetime.date(2026, 8, 25)
    text = response.content.decode()
    assert "Статусы поступления внесены: 1." in text
    assert "неделя 24.08.2026 – 30.08.2026" in text
    # This week is still not updated for the graduate; the week of 25.08 is.
    assert response.context["counts"]["stale"] == 1
    earlier = client.get(reverse("students:admission"), {"week": "2026-W35"})
    assert earlier.context["counts"]["stale"] == 0
    assert earlier.context["page"].object_list[0].record.status == "applied"


@pytest.mark.today("2026-09-14")
def test_past_week_form_defaults_to_a_date_in_that_week(personas, client_for, contract_factory, school_a):
    graduate = contract_factory(customer=school_a, last_name="Соколова")
    client = client_for(personas["committee"])
    past = client.get(reverse("students:admission_edit"), {"week": "2026-W35"})  # 24.08 – 30.08
    assert past.context["form"][f"on_{graduate.pk}"].initial == datetime.date(2026, 8, 30)
    current = client.get(reverse("students:admission_edit"), {"week": "2026-W38"})
    assert current.context["form"][f"on_{graduate.pk}"].initial == datetime.date(2026, 9, 14)


# --- Links between the contract card and the student's page ------------------------------------------------

def test_contract_card_and_student_page_link_to_each_other(personas, client_for, student, contract_factory,
                                                          school_a):
    client = client_for(personas["coordinator_a"])
    student_url = reverse("students:student_detail", args=[student.pk])
    contract_url = reverse("contracts:contract_detail", args=[student.pk])
    # (The timeline on both pages links events to the contract card: the links asked for are found by their ids.)
    card = client.get(contract_url).content.decode()
    assert f'href="{student_url}" data-testid="student-page-link"' in card
    page = client.get(student_url).content.decode()
    assert f'href="{contract_url}" data-testid="contract-card-link"' in page
    # A draft has no student yet: no link.
    draft = contract_factory(customer=school_a, state="draft", last_name="Проектова")
    assert "student-page-link" not in client.get(reverse("contracts:contract_detail", args=[draft.pk])).content.decode()


def test_links_only_for_who_may_open_the_target(personas, client_for, student, monkeypatch):
    from orientir.accounts import models as account_models

    student_url = reverse("students:student_detail", args=[student.pk])
    contract_url = reverse("contracts:contract_detail", args=[student.pk])
    coordinator = account_models.ROLE_PERMISSIONS["coordinator"]
    # A role that reads contracts but not students: the card opens, without a link to the student's page.
    monkeypatch.setitem(account_models.ROLE_PERMISSIONS, "coordinator", coordinator - {"students.view"})
    client = client_for(personas["coordinator_a"])
    assert client.get(student_url).status_code == 403
    card = client.get(contract_url)
    assert card.status_code == 200 and "student-page-link" not in card.content.decode()


# --- numerals: «Срок отработки 3 лет» ------------------------------------------------------------------

@pytest.mark.parametrize("years,words", [(3, "3 года"), (4, "4 года"), (5, "5 лет")])
def test_work_term_is_declined_on_the_student_page(personas, client_for, contract_factory, school_a, years, words):
    student = contract_factory(customer=school_a, state="studying", last_name="Орлова", work_years=years)
    page = client_for(personas["committee"]).get(reverse("students:student_detail", args=[student.pk]))
    assert f'<dd class="col-sm-8 mb-0">{words}</dd>' in page.content.decode()
