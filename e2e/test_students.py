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
