"""The committee's view of the whole pipeline on the demo city: the funnel with a drill-down to the people, the
report book with a working link for a plan item, and the forecast saying where its conversion rates come from."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_committee_reads_the_funnel_and_the_report_book(classifier, login, page, shot):
    import io

    from orientir.accounts.models import User
    from orientir.contracts.models import Contract, ContractEvent

    call_command("load_demo", stdout=io.StringIO())
    login(User.objects.get(username="oyuko"), password="orientir-demo")

    page.get_by_test_id("menu").get_by_role("link", name="Воронка целевого обучения").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Воронка целевого обучения")
    signed = Contract.objects.exclude(state="draft").count()
    employed = ContractEvent.objects.filter(to_state="employed").values("contract").distinct().count()
    expect(page.get_by_test_id("count-signed")).to_have_text(str(signed))
    expect(page.get_by_test_id("count-employed")).to_have_text(str(employed))
    expect(page.get_by_test_id("benchmark")).to_contain_text("63 %")
    shot("funnel", full_page=True)

    # a breakdown by school, then the people behind a stage
    page.get_by_role("link", name="Школа", exact=True).click()
    expect(page.get_by_test_id("breakdown")).to_contain_text("МБОУ СОШ")
    page.get_by_test_id("count-employed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Трудоустроены")
    expect(page.get_by_test_id("people").locator("tbody tr")).to_have_count(employed)
    page.get_by_test_id("people").locator("tbody tr a").first.click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Трудоустройство")

    page.get_by_test_id("menu").get_by_role("link", name="Книга отчётов").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Книга отчётов")
    shot("report-book")
    page.get_by_test_id("artifact-3.3").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("рудоустро")

    page.get_by_test_id("menu").get_by_role("link", name="Прогноз потребности").click()
    expect(page.get_by_test_id("conversion-sources")).to_contain_text("Завершают обучение")
    expect(page.get_by_test_id("pipeline")).to_contain_text("студенты")
