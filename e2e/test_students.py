"""A committee specialist walks the students pages: records this week's admission status «admitted within the
quota» for a contracted graduate (the contract becomes «admitted»), adds an activity to the graduate's individual
support plan, records a support payment, fills the payment plan from the contract's support measures, records the
employment of another graduate, and downloads the weekly
admission report and the employment monitoring report."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from orientir.students.tests.conftest import make_contract

pytestmark = pytest.mark.browser


def _label(text: str):
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def test_committee_records_admission_plan_payment_and_employment(personas, city, school_a, classifier, login, page,
                                                                  live_server, shot):
    from decimal import Decimal

    from orientir.contracts.models import Contract, SupportMeasure
    from orientir.students.models import AdmissionRecord, Employment, Payment, PaymentPlan, SupportActivity

    today = timezone.localdate()
    graduate = make_contract(city, customer=school_a, last_name="Соколова", first_name="Дарья")
    worker = make_contract(city, customer=school_a, state="graduated", last_name="Лебедева", first_name="Ольга",
                           work_start_deadline=today + datetime.timedelta(days=30))
    SupportMeasure.objects.create(contract=graduate, kind="stipend", amount=Decimal("6000.00"), period="monthly")
    SupportMeasure.objects.create(contract=graduate, kind="housing", amount=Decimal("3000.00"), period="semester")
    login(personas["committee"])
    menu = page.get_by_test_id("menu")

    # 1. This week's admission status: admitted within the quota.
    menu.get_by_role("link", name="Мониторинг поступления (п. 2.10)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Мониторинг поступления")
    expect(page.get_by_test_id("admission-stale")).to_have_text("1")
    page.get_by_role("link", name="Внести статусы за неделю").click()
    row = page.locator(f'tr[data-contract="{graduate.pk}"]')
    row.locator("select").select_option(label="Зачислен в пределах квоты")
    row.locator('input[type="text"]').fill("КГУ им. Н. А. Некрасова")
    shot("students-admission-edit")
    page.get_by_role("button", name="Сохранить статусы").click()
    expect(page.get_by_role("alert")).to_contain_text("Статусы поступления внесены: 1.")
    expect(page.get_by_test_id("admission-stale")).to_have_text("0")
    expect(page.get_by_test_id("admission-table")).to_contain_text("Зачислен в пределах квоты")
    shot("students-admission-week", full_page=True)
    graduate.refresh_from_db()
    assert graduate.state == "admitted"
    assert AdmissionRecord.objects.filter(contract=graduate, status="admitted_quota").count() == 1

    # The weekly report downloads (Excel and PDF).
    with page.expect_download() as download:
        page.get_by_role("link", name="Отчёт за неделю (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    # 2. A support plan activity on the student's card.
    page.get_by_test_id("admission-table").get_by_role("link", name="Соколова Дарья Петровна").click()
    expect(page.get_by_test_id("contract-state")).to_have_text("Зачислен на обучение")
    form = page.get_by_test_id("activity-form")
    form.get_by_label(_label("Вид мероприятия")).select_option(label="Встреча с руководством")
    form.get_by_label(_label("Содержание")).fill("Встреча с директором МБОУ СОШ № 1")
    form.get_by_label(_label("Планируемая дата")).fill((today + datetime.timedelta(days=10)).isoformat())
    form.get_by_label(_label("Ответственный")).fill("Тестова А. А.")
    form.get_by_role("button", name="Внести").click()
    expect(page.get_by_role("alert")).to_contain_text("Мероприятие внесено в индивидуальный план.")
    expect(page.get_by_test_id("plan")).to_contain_text("Встреча с директором МБОУ СОШ № 1")
    assert SupportActivity.objects.filter(contract=graduate, in_plan=True).count() == 1

    # 3. A support payment.
    form = page.get_by_test_id("payment-form")
    form.get_by_label(_label("За месяц")).fill(f"{today:%Y-%m}")
    form.get_by_label(_label("Дата выплаты")).fill(today.isoformat())
    form.get_by_label(_label("Сумма, ₽")).fill("7500.50")
    form.get_by_label(_label("Номер платёжного документа")).fill("ПП-315")
    form.get_by_role("button", name="Внести выплату").click()
    expect(page.get_by_role("alert")).to_contain_text("Выплата 7500.50 ₽")
    expect(page.get_by_test_id("ledger")).to_contain_text("ПП-315")
    expect(page.get_by_test_id("paid-total")).to_contain_text("7")
    shot("students-card", full_page=True)
    assert Payment.objects.get(contract=graduate).document == "ПП-315"

    # The payment plan from the contract's support measures: 6000 + 3000 / 6 a month.
    form = page.get_by_test_id("measures-form")
    form.get_by_label(_label("С месяца")).fill(f"{today:%Y-%m}")
    form.get_by_label(_label("По месяц")).fill(f"{today:%Y-%m}")
    form.get_by_role("button", name="Рассчитать план по мерам поддержки").click()
    expect(page.get_by_role("alert")).to_contain_text("План выплат рассчитан по мерам поддержки договора: 1 мес.")
    expect(page.get_by_test_id("ledger")).to_contain_text("6")
    assert PaymentPlan.objects.get(contract=graduate).amount == Decimal("6500.00")

    # 4. Employment of a graduate, on time.
    page.goto(f"/students/{worker.pk}/")
    form = page.get_by_test_id("employment-form")
    form.get_by_label(_label("Организация")).select_option(label=school_a.short_name)
    form.get_by_label(_label("Дата трудоустройства")).fill(today.isoformat())
    form.get_by_role("button", name="Внести трудоустройство").click()
    expect(page.get_by_role("alert")).to_contain_text("Трудоустройство внесено.")
    expect(page.get_by_test_id("contract-state")).to_have_text("Трудоустроен")
    expect(page.get_by_test_id("on-time")).to_have_text("в срок")
    assert Contract.objects.get(pk=worker.pk).state == "employed"
    assert Employment.objects.filter(contract=worker).count() == 1

    # 5. The employment monitoring counts them and its reports download.
    menu.get_by_role("link", name="Трудоустройство (п. 3.3)").click()
    total = page.get_by_test_id("monitoring").locator("tfoot tr td")
    expect(total.nth(1)).to_have_text("1")
    expect(total.nth(2)).to_have_text("1")
    shot("students-employment", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Отчёт (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


@pytest.mark.today("2026-12-10")
def test_ledger_debt_plan_counts_and_links_between_card_and_student(personas, city, school_a, classifier, login,
                                                                     page, live_server, shot):
    """What users stumbled on (3.1): months not yet due are no debt, the plan list counts the plan's items only, a
    status dated last week goes to that week, and the contract card and the student's page link to each other."""
    from decimal import Decimal

    from orientir.students.models import AdmissionRecord, Payment, PaymentPlan, SupportActivity

    student = make_contract(city, customer=school_a, state="studying", last_name="Орлова", first_name="Вера")
    late = make_contract(city, customer=school_a, state="studying", last_name="Должникова", first_name="Анна")
    graduate = make_contract(city, customer=school_a, last_name="Соколова", first_name="Дарья")
    for i in range(10):  # September 2026 – June 2027, 3 000 a month
        month = datetime.date(2026 + (8 + i) // 12, (8 + i) % 12 + 1, 1)
        PaymentPlan.objects.create(contract=student, month=month, amount=Decimal("3000.00"))
        if i < 3:
            PaymentPlan.objects.create(contract=late, month=month, amount=Decimal("3000.00"))
    for i, m in enumerate((9, 10, 11, 12)):
        Payment.objects.create(contract=student, month=datetime.date(2026, m, 1), amount=Decimal("3000.00"),
                               paid_on=datetime.date(2026, m, 10 if m == 12 else 25), document=f"ПП-{i}")
    Payment.objects.create(contract=late, month=datetime.date(2026, 9, 1), amount=Decimal("3000.00"),
                           paid_on=datetime.date(2026, 9, 25), document="ПП-9")
    SupportActivity.objects.create(contract=student, academic_year=2026, kind="meeting", title="Встреча с директором",
                                   planned_on=datetime.date(2026, 12, 20))
    SupportActivity.objects.create(contract=student, academic_year=2026, kind="other", in_plan=False,
                                   title="Консультация по курсовой", done_on=datetime.date(2026, 11, 12),
                                   result="Тема согласована")
    login(personas["committee"])

    # The contract card links to the student's page, and back.
    page.goto(f"/contracts/{student.pk}/")
    page.get_by_test_id("student-page-link").click()
    expect(page).to_have_url(f"{live_server.url}/students/{student.pk}/")
    expect(page.get_by_test_id("contract-card-link")).to_be_visible()
    shot("students-card-top")
    # September – November are due and paid; December (paid early) to June are ahead: no debt.
    debt = page.get_by_test_id("ledger-debt")
    expect(debt).to_contain_text("задолженности нет")
    expect(debt).to_contain_text("впереди по плану: 21")  # December (paid early) – June
    page.locator("#payments").scroll_into_view_if_needed()
    shot("students-ledger-not-due")
    page.get_by_test_id("contract-card-link").click()
    expect(page).to_have_url(f"{live_server.url}/contracts/{student.pk}/")
    shot("students-contract-card-link")

    page.goto(f"/students/{late.pk}/#payments")
    expect(page.get_by_test_id("ledger-debt")).to_contain_text("задолженность на 10.12.2026: 6")
    page.locator("#payments").scroll_into_view_if_needed()
    shot("students-ledger-debt")

    # The monitoring list: the debt by today per contract and per customer.
    page.goto("/students/payments/?year=2026")
    expect(page.get_by_test_id("debt-sum")).to_contain_text("6")
    shot("students-payments-debt", full_page=True)

    # The plan list: one item in the plan, none done (the work outside the plan is not an item of it).
    page.goto("/students/plans/?year=2026")
    row = page.get_by_role("row").filter(has_text="Орлова Вера Петровна")
    expect(row.locator("td").nth(3)).to_have_text("1")
    expect(row.locator("td").nth(4)).to_have_text("0")
    shot("students-plans")

    # A status dated last week goes to that week.
    page.goto("/students/admission/edit/")
    row = page.locator(f'tr[data-contract="{graduate.pk}"]')
    row.locator("select").select_option(label="Подал заявление")
    row.locator('input[type="text"]').fill("КГУ им. Н. А. Некрасова")
    row.locator('input[type="date"]').fill("2026-12-01")
    page.get_by_role("button", name="Сохранить статусы").click()
    expect(page.get_by_role("alert").first).to_contain_text("Статусы поступления внесены: 1.")
    expect(page.get_by_text("неделя 30.11.2026 – 06.12.2026")).to_be_visible()
    expect(page.get_by_test_id("admission-stale")).to_have_text("1")
    shot("students-admission-other-week")
    assert AdmissionRecord.objects.get(contract=graduate).week == datetime.date(2026, 11, 30)
