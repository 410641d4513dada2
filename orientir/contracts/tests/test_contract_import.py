"""Contracts of past years loaded from a file as a committee really has it: a title above the header, other column
titles, double spaces, «е» for «ё», dates as text and as Excel dates, comma decimals, rows of spaces at the end.
Each contract arrives in its state with the history of moves that led there, and the funnel counts it."""

import datetime
import decimal
import io

import openpyxl

import pytest
from django.urls import reverse

from orientir.contracts.models import Contract, ContractEvent, RepresentativeConsent, SupportMeasure
from orientir.contracts.tests.uploads import book_bytes, check_contracts, upload_contracts
from orientir.core.models import AuditEntry
from orientir.forecast.pipeline import contract_pipeline
from orientir.students.models import Employment

D = datetime.date
HEADER = ["Номер", "Дата договора", "Фамилия", "Имя", "Отчество", "Дата рождения", "Заказчик",
          "Образовательная организация", "Уровень образования", "Специальность", "Форма обучения", "Квота",
          "Ежемесячная выплата, руб.", "Должность по договору", "Статус", "Дата зачисления", "Дата начала обучения",
          "Дата завершения обучения", "Дата трудоустройства", "Дата расторжения", "Основание расторжения",
          "Представитель: ФИО", "Представитель: кем приходится", "Представитель: документ", "Примечание"]


def _messy(library_inn: str, semenova: str = "Семенова") -> bytes:
    return book_bytes([
        ["Реестр целевых договоров 2021–2023 гг. (выгрузка из журнала ОЮКО)"],
        [],
        HEADER,
        ["  ЦД-2021/01 ", "15.06.2021", semenova, "Алёна", "Игоревна", datetime.datetime(2003, 3, 10),
         "мбоу  сош № 1", "ОГБПОУ «Костромской педагогический колледж»", "СПО",
         "44.02.02  Преподавание в начальных классах", "очная", "да", "3 500,50", "учитель  начальных классов",
         "Трудоустроен", "15.08.2021", None, datetime.datetime(2024, 6, 30), "15 августа 2024 г.", None, None,
         None, None, None, "перевод из бумажного журнала"],
        ["ЦД-2023/7", datetime.datetime(2023, 5, 20), "Петров", "Иван", "", "10.01.2006", library_inn,
         "КГУ", "бакалавриат", "44.03.01", "Очная", "в пределах квоты", "2000", "Учитель  математики", "обучается",
         "01.08.2023", "01.09.2023", None, None, None, None, "Петрова  Ольга Ивановна", "мать",
         "паспорт 34 00 123456", None],
        ["ЦД-2022/3", "01.04.2022", "Орлова", "Дарья", "Петровна", "05.05.2003", None, "", "",
         "дошкольное образование", "", "нет", None, None, "Расторгнут", "10.08.2022", None, None, None,
         "15.02.2023", "по соглашению сторон", None, None, None, None],
        ["   ", " ", None, "\u00a0"],
        [],
    ])


@pytest.mark.today("2026-10-15")
def test_a_messy_file_of_past_contracts_arrives_with_its_history(personas, client_for, city, school_a, library):
    client = client_for(personas["committee"])
    checked = check_contracts(client, _messy(library.inn))
    assert checked.status_code == 200, checked.context.get("errors")
    assert (checked.context["preview"].add, checked.context["preview"].skip) == (3, 0)
    assert upload_contracts(client, _messy(library.inn)).status_code == 302
    contracts = {c.number: c for c in Contract.objects.filter(municipality=city)}
    assert set(contracts) == {"ЦД-2021/01", "ЦД-2023/7", "ЦД-2022/3"}
    first, minor, ended = contracts["ЦД-2021/01"], contracts["ЦД-2023/7"], contracts["ЦД-2022/3"]

    assert (first.state, first.signed_on, first.regime, first.customer_id, first.level, first.specialty.code) == (
        "employed", D(2021, 6, 15), "pp1681", school_a.pk, "spo", "44.02.02")
    assert (first.last_name, first.birth_date, first.is_quota, first.work_started_on) == (
        "Семенова", D(2003, 3, 10), True, D(2024, 8, 15))
    assert first.work_position.name == "Учитель начальных классов"
    assert first.work_organisation_id == school_a.pk
    assert _history(first) == [("draft", "signed", D(2021, 6, 15)), ("signed", "admitted", D(2021, 8, 15)),
                               ("admitted", "studying", D(2021, 9, 1)), ("studying", "graduated", D(2024, 6, 30)),
                               ("graduated", "employed", D(2024, 8, 15))]
    assert [(m.kind, m.amount, m.period) for m in SupportMeasure.objects.filter(contract=first)] == [
        ("stipend", decimal.Decimal("3500.50"), "monthly")]
    assert list(Employment.objects.filter(contract=first).values_list("organisation_id", "started_on")) == [
        (school_a.pk, D(2024, 8, 15))]

    assert (minor.state, minor.customer_id, minor.level, minor.regime) == ("studying", library.pk, "bachelor", "pp1681")
    assert _history(minor) == [("draft", "signed", D(2023, 5, 20)), ("signed", "admitted", D(2023, 8, 1)),
                               ("admitted", "studying", D(2023, 9, 1))]
    consent = RepresentativeConsent.objects.get(contract=minor)
    assert (consent.last_name, consent.first_name, consent.middle_name, consent.relation, consent.given_on) == (
        "Петрова", "Ольга", "Ивановна", "mother", D(2023, 5, 20))

    assert (ended.state, ended.customer_id, ended.specialty.code, ended.regime) == (
        "terminated", None, "44.02.01", "pp1681")
    assert _history(ended) == [("draft", "signed", D(2022, 4, 1)), ("signed", "admitted", D(2022, 8, 10)),
                               ("admitted", "terminated", D(2023, 2, 15))]
    assert ContractEvent.objects.get(contract=ended, to_state="terminated").reason == "по соглашению сторон"

    entry = AuditEntry.objects.get(action="contracts.contracts.imported")
    assert entry.changes["Добавлено договоров"] == [None, 3]
    assert entry.changes["Событий истории"] == [None, 11]

    # the funnel reads the imported histories: 3 signed, 3 admitted, 2 studying, 1 graduated, 1 employed
    funnel = client.get(reverse("reports:funnel")).context["funnel"]
    assert [funnel.count(k) for k in ("signed", "admitted", "studying", "graduated", "employed")] == [3, 3, 2, 1, 1]

    # the forecast expects the student still studying at the library in the year of graduation (2023 + 4)
    pipeline, counted = contract_pipeline(city.pk)
    assert (counted, pipeline.students) == (1, {("education", "Учитель математики", "higher"): {2027: 1.0}})

    # the same file again, «Семёнова» now with «ё»: the numbers are already there for the same customers
    again = check_contracts(client, _messy(library.inn, semenova="Семёнова"))
    assert (again.context["preview"].add, again.context["preview"].skip) == (0, 3)
    assert upload_contracts(client, _messy(library.inn)).status_code == 302
    assert Contract.objects.count() == 3 and ContractEvent.objects.count() == 11


def _history(contract):
    return list(contract.events.order_by("on", "id").values_list("from_state", "to_state", "on"))


def _row(**cells):
    base = {"Номер": "ЦД-1", "Дата договора": "15.06.2021", "Фамилия": "Иванов", "Имя": "Иван",
            "Дата рождения": "01.01.2003", "Специальность": "44.02.02", "Статус": "Заключён"}
    base.update(cells)
    return [base.get(title) for title in HEADER]


@pytest.mark.today("2026-10-15")
def test_a_bad_file_names_every_row_and_column_and_writes_nothing(personas, client_for, far_school):
    client = client_for(personas["committee"])
    data = book_bytes([HEADER,
                       _row(**{"Номер": "ЦД-5", "Статус": "Зачислен на обучение", "Дата зачисления": "01.07.2021"}),
                       _row(**{"Номер": "ЦД-6", "Дата рождения": "01.02.2005"}),
                       _row(**{"Номер": "ЦД-5"}),
                       _row(**{"Номер": "ЦД-8", "Заказчик": far_school.inn, "Специальность": "99.99.99"}),
                       _row(**{"Номер": "ЦД-9", "Статус": "Трудоустроен", "Дата зачисления": "15.08.2021"}),
                       _row(**{"Номер": "ЦД-10", "Дата договора": "32.01.2021"})])
    response = check_contracts(client, data)
    assert response.status_code == 422
    errors = sorted((row, column) for row, column, _ in response.context["errors"])
    assert errors == [(2, "P «Дата зачисления»"), (3, "V «Представитель: ФИО»"),
                      (3, "W «Представитель: кем приходится»"), (3, "X «Представитель: документ»"),
                      (4, "A «Номер договора»"), (5, "G «Заказчик»"), (5, "J «Специальность»"),
                      (6, "R «Дата завершения обучения»"), (7, "B «Дата заключения»")]
    messages = {(row, column): message for row, column, message in response.context["errors"]}
    assert "раньше приёмной кампании 2021 года" in messages[(2, "P «Дата зачисления»")]
    assert "строки 2 и 4" in messages[(4, "A «Номер договора»")]
    assert "нет в справочнике организаций" in messages[(5, "G «Заказчик»")]
    assert Contract.objects.count() == 0 and ContractEvent.objects.count() == 0


@pytest.mark.today("2026-10-15")
def test_a_number_of_another_customer_is_a_conflict_not_a_skip(personas, client_for, make_contract, library):
    make_contract(number="ЦД-1", customer=library)
    response = check_contracts(client_for(personas["committee"]), book_bytes([HEADER, _row()]))
    assert response.status_code == 422
    assert [(r, c) for r, c, _ in response.context["errors"]] == [(2, "A «Номер договора»")]


@pytest.mark.today("2026-10-15")
@pytest.mark.parametrize("who, status", [("coordinator_a", 403), ("directorate", 403), ("observer", 403),
                                         ("tutor", 403), ("committee", 200), ("admin", 200)])
def test_only_those_who_make_contracts_load_them(personas, client_for, who, status):
    client = client_for(personas[who])
    assert client.get(reverse("contracts:contract_import")).status_code == status
    assert client.get(reverse("contracts:import_template")).status_code == status


@pytest.mark.today("2026-10-15")
def test_another_users_checked_file_is_not_found(personas, client_for, library, django_user_model):
    checked = check_contracts(client_for(personas["committee"]), _messy(library.inn))
    token = checked.context["token"]
    admin = client_for(personas["admin"])
    assert admin.post(reverse("contracts:contract_import"), {"token": token}).status_code == 404
    assert Contract.objects.count() == 0


@pytest.mark.today("2026-10-15")
def test_the_template_is_read_back_by_the_import(personas, client_for):
    client = client_for(personas["committee"])
    data = client.get(reverse("contracts:import_template")).content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    sheet.append(["ЦД-11", "01.09.2024", "Смирнов", "Олег", None, "01.01.2005", None, None, None, None,
                  "44.02.02", None, None, None, None, None, None, None, "Заключён"])
    buf = io.BytesIO()
    sheet.parent.save(buf)
    assert upload_contracts(client, buf.getvalue()).status_code == 302
    contract = Contract.objects.get(number="ЦД-11")
    assert (contract.state, contract.regime) == ("signed", "pp555")


@pytest.mark.today("2026-10-15")
def test_a_contract_terminated_after_employment_keeps_every_step_and_the_closed_employment(personas, client_for,
                                                                                            school_a):
    row = _row(**{"Заказчик": "МБОУ СОШ № 1", "Статус": "расторгнут", "Дата зачисления": "15.08.2021",
                  "Дата завершения обучения": "30.06.2024", "Дата трудоустройства": "01.08.2024",
                  "Дата расторжения": "01.03.2025", "Основание расторжения": "по инициативе гражданина"})
    assert upload_contracts(client_for(personas["committee"]), book_bytes([HEADER, row])).status_code == 302
    contract = Contract.objects.get(number="ЦД-1")
    assert (contract.state, contract.work_started_on) == ("terminated", D(2024, 8, 1))
    assert _history(contract) == [("draft", "signed", D(2021, 6, 15)), ("signed", "admitted", D(2021, 8, 15)),
                                  ("admitted", "studying", D(2021, 9, 1)), ("studying", "graduated", D(2024, 6, 30)),
                                  ("graduated", "employed", D(2024, 8, 1)), ("employed", "terminated", D(2025, 3, 1))]
    assert list(Employment.objects.filter(contract=contract).values_list(
        "organisation_id", "started_on", "dismissed_on", "dismissal_reason")) == [
        (school_a.pk, D(2024, 8, 1), D(2025, 3, 1), "по инициативе гражданина")]
