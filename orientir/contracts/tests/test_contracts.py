"""Contracts through HTTP: create and edit (422, optimistic locking), signing a minor's contract, agreements, scope,
registry, documents, deadlines, reports (every lifecycle move, suspension and liability: test_contract_moves)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from orientir.contracts import selectors, services
from orientir.contracts.models import Contract, ContractEvent, Kind, LiabilityRule, State
from orientir.core.models import AuditEntry

from .conftest import adult_birth_date, minor_birth_date
from .conftest import move as _move

TODAY = datetime.date.today()

def _form(specialty, **over):
    data = {"number": "ЦО-2025/17", "kind": "graduate", "regime": "pp555", "last_name": "Смирнова",
            "first_name": "Дарья", "middle_name": "Игоревна", "birth_date": adult_birth_date().isoformat(),
            "snils": "112-233-445 95", "phone": "84942311234", "specialty": specialty.pk, "study_form": "full_time",
            "budget_source": "federal", "work_years": "3", "education_organisation": "КГУ"}
    data.update(over)
    return data


# --- Create and edit ----------------------------------------------------------------------------------------

def test_committee_creates_a_contract(personas, client_for, specialty, school_a):
    client = client_for(personas["committee"])
    response = client.post(reverse("contracts:contract_create"), _form(specialty, customer=school_a.pk))
    contract = Contract.objects.get(number="ЦО-2025/17")
    assert response.status_code == 302 and response["Location"] == reverse("contracts:contract_detail",
                                                                          args=[contract.pk])
    assert contract.state == State.DRAFT and contract.customer == school_a and contract.level == specialty.level
    assert contract.snils == "112-233-445 95" and contract.phone == "+7 (4942) 31-12-34"
    assert AuditEntry.objects.filter(action="contracts.contract.created", object_id=str(contract.pk)).exists()


@pytest.mark.parametrize("over,field,message", [
    ({"snils": "112-233-445 96"}, "snils", "контрольного числа"),
    ({"work_years": "6"}, "work_years", "от 3 до 5 лет"),
    ({"regime": "pp1681"}, "regime", "№ 555"),
    ({"regime": "pp555", "signed_on": "2023-06-01"}, "regime", "Правовой режим не соответствует"),
    ({"kind": "student"}, "course_at_signing", "со 2-го курса"),
    ({"kind": "graduate", "course_at_signing": "3"}, "course_at_signing", "только в договоре со студентом"),
])
def test_create_refused_with_field_messages(personas, client_for, specialty, over, field, message):
    response = client_for(personas["committee"]).post(reverse("contracts:contract_create"), _form(specialty, **over))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not Contract.objects.exists()


def test_older_contract_under_its_own_regime(personas, client_for, specialty):
    response = client_for(personas["committee"]).post(
        reverse("contracts:contract_create"), _form(specialty, regime="pp1681", signed_on="2023-06-01"))
    assert response.status_code == 302
    assert Contract.objects.get().regime == "pp1681"


def test_student_contract_records_the_course(personas, client_for, specialty):
    response = client_for(personas["committee"]).post(reverse("contracts:contract_create"),
                                                      _form(specialty, kind="student", course_at_signing="2"))
    assert response.status_code == 302
    assert Contract.objects.get().course_at_signing == 2


def test_edit_with_a_stale_version_is_refused(personas, client_for, contract_a, specialty):
    client = client_for(personas["committee"])
    url = reverse("contracts:contract_edit", args=[contract_a.pk])
    data = _form(specialty, number=contract_a.number, version=contract_a.version, address="г. Кострома, ул. Мира, 1")
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "address": "другой"})  # the same, now stale, version
    assert response.status_code == 422
    assert "изменил другой пользователь" in response.content.decode()
    contract_a.refresh_from_db()
    assert contract_a.address == "г. Кострома, ул. Мира, 1" and contract_a.version == 2


def test_terms_of_a_signed_contract_are_not_on_the_edit_form(personas, client_for, contract_a):
    services.transition(actor=None, contract=contract_a, to_state=State.SIGNED, on=TODAY)
    response = client_for(personas["committee"]).get(reverse("contracts:contract_edit", args=[contract_a.pk]))
    assert response.status_code == 200
    assert "work_years" not in response.context["form"].fields and "address" in response.context["form"].fields


# --- Signing a minor's contract ---------------------------------------------------------------------------------

def test_signing_a_minor_needs_the_representative_consent(personas, client_for, make_contract):
    contract = make_contract(birth_date=minor_birth_date())
    client = client_for(personas["committee"])
    response = _move(client, contract, "signed")
    assert response.status_code == 422
    assert "не исполнилось 18 лет" in response.content.decode()
    contract.refresh_from_db()
    assert contract.state == State.DRAFT and not contract.events.exists()

    response = client.post(reverse("contracts:consent_add", args=[contract.pk]), {
        "last_name": "Смирнова", "first_name": "Ольга", "middle_name": "Петровна", "relation": "mother",
        "document": "паспорт 34 12 345678", "given_on": TODAY.isoformat()})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="contracts.contract.consent_recorded").exists()
    assert _move(client, contract, "signed").status_code == 302
    contract.refresh_from_db()
    assert contract.state == State.SIGNED and contract.signed_on == TODAY


def test_consent_form_answers_422_with_messages(personas, client_for, make_contract):
    contract = make_contract(birth_date=minor_birth_date())
    response = client_for(personas["committee"]).post(reverse("contracts:consent_add", args=[contract.pk]),
                                                      {"last_name": "Смирнова"})
    assert response.status_code == 422
    assert "relation" in response.context["form"].errors and "given_on" in response.context["form"].errors


def test_an_adult_signs_without_consent(contract_a):
    assert services.transition(actor=None, contract=contract_a, to_state=State.SIGNED, on=TODAY).state == "signed"


# --- Supplementary agreements ---------------------------------------------------------------------------------------

def test_agreement_applies_changed_terms_with_a_diff(personas, client_for, contract_a, school_b):
    services.transition(actor=None, contract=contract_a, to_state="signed", on=TODAY)
    client = client_for(personas["committee"])
    response = client.post(reverse("contracts:agreement_add", args=[contract_a.pk]), {
        "number": "1", "signed_on": TODAY.isoformat(), "summary": "Изменено место работы и срок отработки",
        "apply": "on", "work_organisation": school_b.pk, "work_years": "4", "support_kind": "travel",
        "support_amount": "1200", "support_period": "monthly"})
    assert response.status_code == 302, response.content.decode()[:2000]
    contract_a.refresh_from_db()
    assert contract_a.work_organisation == school_b and contract_a.work_years == 4
    agreement = contract_a.agreements.get()
    assert agreement.applied_changes["Срок отработки, лет"] == [3, 4]
    assert "Мера поддержки" in agreement.applied_changes
    assert contract_a.support_measures.get().amount == Decimal("1200")
    assert ContractEvent.objects.filter(contract=contract_a, to_state="").exists()


def test_agreement_refused_for_a_draft(personas, client_for, contract_a):
    response = client_for(personas["committee"]).post(reverse("contracts:agreement_add", args=[contract_a.pk]), {
        "number": "1", "signed_on": TODAY.isoformat(), "summary": "что-то"})
    assert response.status_code == 422 and "Проект договора изменяется" in response.content.decode()


# --- Scope and permissions -----------------------------------------------------------------------------------------

def test_coordinator_sees_only_contracts_where_their_school_is_a_party(personas, client_for, contract_a, contract_b,
                                                                      make_contract, school_a):
    client = client_for(personas["coordinator_a"])
    assert client.get(reverse("contracts:contract_detail", args=[contract_a.pk])).status_code == 200
    assert client.get(reverse("contracts:contract_detail", args=[contract_b.pk])).status_code == 404
    as_workplace = make_contract(work_organisation=school_a, customer=None)
    assert client.get(reverse("contracts:contract_detail", args=[as_workplace.pk])).status_code == 200
    listing = client.get(reverse("contracts:contract_list")).content.decode()
    assert contract_a.last_name in listing and "Орлов" not in listing
    assert client.get(reverse("contracts:lifecycle", args=[contract_a.pk])).status_code == 403


def test_observer_gets_403_on_cards_and_reads_the_report(personas, client_for, contract_a):
    client = client_for(personas["observer"])
    assert client.get(reverse("contracts:contract_detail", args=[contract_a.pk])).status_code == 403
    assert client.get(reverse("contracts:contract_list")).status_code == 403
    response = client.get(reverse("contracts:report") + "?by=customer")
    assert response.status_code == 200
    body = response.content.decode()
    assert "МБОУ СОШ № 1" in body and contract_a.last_name not in body


def test_card_view_is_logged(personas, client_for, contract_a):
    client_for(personas["committee"]).get(reverse("contracts:contract_detail", args=[contract_a.pk]))
    assert AuditEntry.objects.filter(action="contracts.contract.viewed", object_id=str(contract_a.pk)).exists()


# --- Registry ---------------------------------------------------------------------------------------------------------

def test_search_ignores_case_and_yo(personas, client_for, make_contract):
    make_contract(last_name="Воробьёва", first_name="Алёна", middle_name="Сергеевна")
    make_contract(last_name="Орлова")
    client = client_for(personas["committee"])
    for q in ("воробьева", "АЛЁНА", "ЦО-1"):
        page = client.get(reverse("contracts:contract_list"), {"q": q}).context["page"]
        assert [c.last_name for c in page.object_list] == ["Воробьёва"], q


def test_filters(personas, client_for, make_contract, school_a):
    a = make_contract(customer=school_a)
    b = make_contract(kind=Kind.STUDENT, course_at_signing=2)
    services.transition(actor=None, contract=b, to_state="signed", on=TODAY)
    client = client_for(personas["committee"])

    def found(**params):
        return {c.pk for c in client.get(reverse("contracts:contract_list"), params).context["page"].object_list}

    assert found(kind="student") == {b.pk}
    assert found(state="draft") == {a.pk}
    assert found(customer=school_a.pk) == {a.pk}
    assert found(customer="committee") == {b.pk}
    assert found(year=TODAY.year) == {b.pk}
    assert found(specialty=a.specialty_id, level=a.level, regime="pp555") == {a.pk, b.pk}


def test_list_query_count_is_pinned(personas, client_for, make_contract, school_a, django_assert_max_num_queries):
    for i in range(30):
        make_contract(customer=school_a if i % 2 else None)
    client = client_for(personas["committee"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("contracts:contract_list"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 30


def test_export_for_export_role_only(personas, client_for, contract_a):
    response = client_for(personas["committee"]).get(reverse("contracts:contract_export"))
    assert response.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert any(row and contract_a.last_name in [str(v) for v in row] for row in sheet.iter_rows(values_only=True))
    assert AuditEntry.objects.filter(action="contracts.registry.exported").exists()
    assert client_for(personas["directorate"]).get(reverse("contracts:contract_export")).status_code == 403


# --- Documents ---------------------------------------------------------------------------------------------------------

def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read("word/document.xml").decode()


def test_contract_docx_has_cases_and_sums_in_words(personas, client_for, make_contract, school_a, party_details):
    school_a.head_position, school_a.head_last_name = "Директор", "Иванов"
    school_a.head_first_name, school_a.head_middle_name = "Иван", "Иванович"
    school_a.address = "г. Кострома, ул. Симановского, д. 1"
    school_a.save()
    contract = make_contract(customer=school_a, last_name="Смирнова", first_name="Дарья", middle_name="Игоревна")
    services.support_add(actor=None, contract=contract, data={"kind": "stipend", "amount": Decimal("15000"),
                                                              "period": "monthly"})
    response = client_for(personas["committee"]).get(
        reverse("contracts:document", args=[contract.pk, "contract", "docx"]))
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "в лице директора Иванова Ивана Ивановича" in text
    assert "гражданка Смирнова Дарья Игоревна" in text
    # the typical form names her by the defined term after the preamble («предоставить гражданину …»)
    assert "именуемая в дальнейшем гражданином" in text and "предоставить гражданину" in text
    assert "пятнадцать тысяч рублей 00 копеек" in text
    assert "3 (три) года" in text


def test_consent_document_and_pdf(personas, client_for, make_contract, party_details):
    contract = make_contract(birth_date=minor_birth_date(), last_name="Орлов", first_name="Илья",
                             middle_name="Петрович", signatory_name="Петрова Елена Викторовна")
    client = client_for(personas["committee"])
    assert client.get(reverse("contracts:document", args=[contract.pk, "consent", "docx"])).status_code == 404
    services.consent_record(actor=None, contract=contract, data={
        "last_name": "Орлова", "first_name": "Мария", "middle_name": "Ивановна", "relation": "mother",
        "document": "паспорт 34 12 345678", "given_on": TODAY})
    text = _docx_text(client.get(reverse("contracts:document", args=[contract.pk, "consent", "docx"])).content)
    assert "являясь матерью несовершеннолетнего Орлова Ильи Петровича" in text
    pdf = client.get(reverse("contracts:document", args=[contract.pk, "contract", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_contract_docx_opens_in_libreoffice(personas, client_for, make_contract, school_a, party_details, tmp_path, soffice):
    school_a.head_last_name, school_a.head_first_name, school_a.head_middle_name = "Петров", "Пётр", "Петрович"
    school_a.address = "г. Кострома, ул. Симановского, д. 1"
    school_a.save()
    contract = make_contract(customer=school_a)
    services.support_add(actor=None, contract=contract, data={"kind": "housing", "amount": Decimal("15000"),
                                                              "period": "semester"})
    path = tmp_path / "contract.docx"
    path.write_bytes(client_for(personas["committee"]).get(
        reverse("contracts:document", args=[contract.pk, "contract", "docx"])).content)
    converted = soffice(path, to="txt:Text")
    assert converted, "LibreOffice could not open the contract"
    text = converted.read_text(encoding="utf-8-sig")
    assert "директора Петрова Петра Петровича" in text
    assert "пятнадцать тысяч рублей 00 копеек" in text


# --- Deadlines, report, rules, timeline ------------------------------------------------------------------------------

@pytest.mark.today("2026-06-05")
def test_deadlines_for(personas, make_contract):
    graduate = make_contract()
    services.transition(actor=None, contract=graduate, to_state="signed", on=datetime.date(2026, 5, 20))
    student = make_contract(kind=Kind.STUDENT, course_at_signing=2, work_start_deadline=datetime.date(2026, 6, 15))
    for target in ("signed", "studying"):
        services.transition(actor=None, contract=student, to_state=target, on=datetime.date(2026, 6, 1))
    items = selectors.deadlines_for(personas["committee"], 400, today=datetime.date(2026, 1, 10))
    # Admission is due by the end of the plan's weekly monitoring of 2.10 (no plan: 1 September of the signing year).
    due = {(d.contract.pk, d.kind): (d.due, d.days_left) for d in items}
    assert due == {(graduate.pk, "admission"): (datetime.date(2026, 9, 1), 234),
                   (student.pk, "work_start"): (datetime.date(2026, 6, 15), 156)}
    within_a_week = selectors.deadlines_for(personas["committee"], 7, today=datetime.date(2026, 6, 8))
    assert [(d.contract.pk, d.kind) for d in within_a_week] == [(student.pk, "work_start")]
    assert selectors.deadlines_for(personas["observer"], 400) == []


def test_deadlines_page(personas, client_for, make_contract):
    c = make_contract(kind=Kind.STUDENT, course_at_signing=2, work_start_deadline=TODAY + datetime.timedelta(days=5))
    for target in ("signed", "studying"):
        services.transition(actor=None, contract=c, to_state=target, on=TODAY)
    body = client_for(personas["committee"]).get(reverse("contracts:deadlines")).content.decode()
    assert f"№ {c.number}" in body and "Трудоустройство" in body


@pytest.mark.parametrize("by", ["state", "kind", "specialty", "customer", "year"])
def test_report_groups_and_exports(personas, client_for, contract_a, contract_b, by):
    client = client_for(personas["committee"])
    response = client.get(reverse("contracts:report"), {"by": by})
    assert response.status_code == 200
    assert response.context["rows"][-1][:2] == ("Итого", 2)
    xlsx = client.get(reverse("contracts:report_export", args=["xlsx"]), {"by": by})
    assert xlsx.status_code == 200
    pdf = client.get(reverse("contracts:report_export", args=["pdf"]), {"by": by})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_liability_rule_is_edited_by_the_admin(personas, client_for):
    rule = LiabilityRule.objects.get(regime="pp555")
    url = reverse("contracts:rule_edit", args=[rule.pk])
    assert client_for(personas["committee"]).get(url).status_code == 403
    response = client_for(personas["admin"]).post(url, {"fine_multiplier": "2", "rule_text": "Двукратный штраф",
                                                        "act_reference": "Постановление № 1"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.fine_multiplier == 2 and rule.act_reference == "Постановление № 1"


def test_pupil_card_timeline_shows_the_contract(personas, client_for, make_contract, school_a):
    from orientir.pupils.services import pupil_create

    pupil = pupil_create(actor=None, organisation=school_a, data={"last_name": "Ёлкин", "first_name": "Пётр"})
    contract = make_contract(pupil=pupil, customer=school_a)
    services.transition(actor=None, contract=contract, to_state="signed", on=TODAY)
    body = client_for(personas["coordinator_a"]).get(reverse("pupils:pupil_detail", args=[pupil.pk])).content.decode()
    assert f"Договор № {contract.number}: заключён" in body
