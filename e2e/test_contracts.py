"""A committee specialist concludes a target contract with a minor: signing is refused until the legal
representative's consent is recorded; then the contract is signed, the citizen admitted (not before the admission
campaign), studies, graduates and is employed — all through the lifecycle forms, on the dates a real history has;
the card shows the whole history and the DOCX downloads."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CITIZEN = ("Смирнова", "Дарья", "Игоревна")


def _label(text: str):
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def _act(page, target: str, date: datetime.date | None = None, **fields):
    """Fill and submit the lifecycle form of one target state."""
    page.get_by_role("link", name="Изменить состояние").click()
    card = page.get_by_test_id(f"action-{target}")
    if date:
        card.locator(f"#id_{target}-on").fill(date.isoformat())
    for name, value in fields.items():
        card.locator(f"#id_{target}-{name}").fill(value)
    card.get_by_role("button").click()


def test_committee_concludes_and_walks_a_minor_contract(personas, school_a, classifier, login, page, live_server,
                                                        shot, tmp_path):
    from orientir.contracts.models import Contract, LiabilityRule

    today = timezone.localdate()
    # A plausible history ending before today: signed on 20 May at 17, admitted to a 2 г. 10 мес. СПО programme on
    # 15 August, studying from 1 September, graduated on 30 June two years later, employed on 25 August.
    employed_year = today.year if today >= datetime.date(today.year, 8, 25) else today.year - 1
    signed_on = datetime.date(employed_year - 2, 5, 20)
    admitted_on, studying_on = datetime.date(signed_on.year, 8, 15), datetime.date(signed_on.year, 9, 1)
    graduated_on, employed_on = datetime.date(employed_year, 6, 30), datetime.date(employed_year, 8, 25)
    # the customer's card is complete, as a customer's is before its first contract
    school_a.address = "г. Кострома, ул. Ленина, д. 10"
    school_a.head_last_name, school_a.head_first_name, school_a.head_middle_name = "Петрова", "Анна", "Ивановна"
    school_a.save()
    login(personas["committee"])
    page.get_by_test_id("menu").locator('a[href="/contracts/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Договоры о целевом обучении")
    page.get_by_role("link", name="Новый договор").click()
    form = page.get_by_test_id("contract-form")
    form.get_by_label(_label("Номер договора")).fill("ЦО-2026/1")
    form.get_by_label(_label("Заказчик (пусто — Комитет)")).select_option(label=school_a.short_name)
    for label, value in zip(("Фамилия гражданина", "Имя гражданина", "Отчество гражданина"), CITIZEN, strict=True):
        form.get_by_label(_label(label)).fill(value)
    form.get_by_label(_label("Дата рождения")).fill(datetime.date(signed_on.year - 17, 1, 10).isoformat())
    form.get_by_label(_label("Дата заключения")).fill(signed_on.isoformat())  # a contract entered afterwards
    form.get_by_label(_label("СНИЛС")).fill("112-233-445 95")
    form.get_by_label(_label("Специальность (направление подготовки)")).select_option(
        label="44.02.02 Преподавание в начальных классах")
    form.get_by_label(_label("Образовательная организация")).fill("ОГБПОУ «Костромской педагогический колледж»")
    form.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Договор № ЦО-2026/1")
    expect(page.get_by_test_id("consent-needed")).to_be_visible()
    contract = Contract.objects.get(number="ЦО-2026/1")
    # the municipal act on reimbursement is set once by the administrator (a live-server test starts from empty
    # tables, without the rules the migrations load)
    LiabilityRule.objects.update_or_create(regime=contract.regime, defaults={
        "fine_multiplier": 2, "rule_text": "Штраф — в двукратном размере выплаченной поддержки.",
        "act_reference": "Постановление Администрации города Костромы от 01.03.2025 № 300"})
    # …and so are the region of the workplaces and the parties' bank details (the «Реквизиты для договоров» pages)
    from orientir.contracts.tests.conftest import give_party_details

    give_party_details(contract.municipality, *[org for org in (contract.customer, contract.employer) if org])

    # Signing without the representative's consent is refused, with the reason in Russian.
    _act(page, "signed", signed_on)
    expect(page.locator(".invalid-feedback[data-field=on]")).to_contain_text("не исполнилось 18 лет")
    shot("contracts-sign-refused", full_page=True)
    contract.refresh_from_db()
    assert contract.state == "draft"

    page.get_by_role("link", name=f"№ {contract.number}").click()
    consent = page.get_by_test_id("consent-form")
    consent.get_by_label(_label("Фамилия представителя")).fill("Смирнова")
    consent.get_by_label(_label("Имя представителя")).fill("Ольга")
    consent.get_by_label(_label("Отчество представителя")).fill("Петровна")
    consent.get_by_label(_label("Кем приходится")).select_option(label="Мать")
    consent.get_by_label(_label("Документ, удостоверяющий личность и полномочия")).fill("паспорт 34 12 345678")
    consent.get_by_label(_label("Дата согласия")).fill((signed_on - datetime.timedelta(days=5)).isoformat())
    consent.get_by_role("button", name="Внести согласие").click()
    expect(page.get_by_test_id("consents")).to_contain_text("Смирнова Ольга Петровна")

    _act(page, "signed", signed_on)
    expect(page.get_by_test_id("contract-state")).to_have_text("Заключён")
    # Admitted on the signing day: refused, the admission orders of the campaign come from 20 July.
    _act(page, "admitted", signed_on, order="приказ № 101-с")
    expect(page.get_by_test_id("action-admitted").locator(".invalid-feedback[data-field=on]")).to_contain_text(
        f"не ранее 20.07.{signed_on.year}")
    shot("contracts-admission-refused", full_page=True)
    page.get_by_role("link", name=f"№ {contract.number}").click()
    _act(page, "admitted", admitted_on, order="приказ № 101-с")
    expect(page.get_by_test_id("contract-state")).to_have_text("Зачислен на обучение")
    _act(page, "studying", studying_on)
    expect(page.get_by_test_id("contract-state")).to_have_text("Обучается")
    _act(page, "graduated", graduated_on)
    expect(page.get_by_test_id("contract-state")).to_have_text("Завершил обучение")
    _act(page, "employed", employed_on, order="приказ № 7-к")
    expect(page.get_by_test_id("contract-state")).to_have_text("Трудоустроен")

    events = page.get_by_test_id("events")
    for label in ("Заключён", "Зачислен на обучение", "Обучается", "Завершил обучение", "Трудоустроен"):
        expect(events).to_contain_text(label)
    expect(events).to_contain_text("приказ № 101-с")
    expect(page.get_by_test_id("timeline")).to_contain_text(f"Договор № {contract.number}: трудоустроен")
    expect(page.get_by_test_id("history")).to_contain_text("Согласие законного представителя")
    shot("contracts-card-history", full_page=True)

    # The document has legal force: without the citizen's passport and address it is refused with a list.
    page.get_by_test_id("download-docx").click()
    missing = page.get_by_test_id("document-missing")
    for what in ("Паспорт гражданина: серия и номер", "Паспорт гражданина: кем выдан",
                 "Паспорт гражданина: дата выдачи", "Адрес регистрации гражданина"):
        expect(missing).to_contain_text(what)
    expect(missing).not_to_contain_text("Адрес заказчика")  # the customer's card has it
    shot("contracts-document-missing", full_page=True)
    missing.get_by_role("link").first.click()  # each fact links to where it is filled in
    form = page.get_by_test_id("contract-form")
    form.get_by_label(_label("Паспорт: серия и номер")).fill("34 20 123456")
    form.get_by_label(_label("Паспорт: кем выдан")).fill("УМВД России по Костромской области")
    form.get_by_label(_label("Паспорт: дата выдачи")).fill(datetime.date(today.year - 3, 2, 1).isoformat())
    form.get_by_label(_label("Адрес регистрации")).fill("г. Кострома, ул. Советская, д. 1, кв. 5")
    form.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Договор № ЦО-2026/1")

    with page.expect_download() as info:
        page.get_by_test_id("download-docx").click()
    path = tmp_path / "contract.docx"
    info.value.save_as(path)
    import zipfile

    with zipfile.ZipFile(path) as z:
        text = z.read("word/document.xml").decode()
    assert "Смирнова Дарья Игоревна" in text and "Смирновой Дарье Игоревне" in text
    assert "34 20 123456" in text and "Петровой Анны Ивановны" in text
    contract.refresh_from_db()
    assert contract.state == "employed" and contract.work_started_on == employed_on
