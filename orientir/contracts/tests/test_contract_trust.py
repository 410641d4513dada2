"""What a lawyer and an official trust in a contract. A representative's consent entered by mistake is annulled with a
reason, not deleted: it stays struck out on the card, is logged, never allows a signing and is never cited; the
contract document cites the consent that was in force on the signing day, never one given later; the consent a signed
contract rests on cannot be annulled alone. A document with a fact missing is refused with the list; a draft is not
called concluded; a specialty that does not lead to the position is warned about."""

import datetime

import pytest
from django.urls import reverse

from orientir.contracts import documents, services
from orientir.contracts.models import RepresentativeConsent, State
from orientir.core.errors import DomainError
from orientir.core.models import AuditEntry

SIGNING = datetime.date(2026, 12, 4)
MINOR = datetime.date(2009, 3, 1)  # 17 on the signing day


def _consent(contract, given_on, last_name):
    return RepresentativeConsent.objects.create(contract=contract, last_name=last_name, first_name="Ольга",
                                                middle_name="Петровна", relation="mother",
                                                document="паспорт 34 12 345678", given_on=given_on)


def _text(contract) -> str:
    contract.refresh_from_db()
    return "\n".join(str(b.text) for b in documents.contract_blocks(contract) if getattr(b, "text", None))


@pytest.mark.today("2026-12-10")
def test_the_document_cites_the_consent_in_force_on_the_signing_day(make_contract):
    contract = make_contract(birth_date=MINOR)
    _consent(contract, datetime.date(2026, 12, 1), "Раньшева")
    services.transition(actor=None, contract=contract, to_state=State.SIGNED, on=SIGNING)
    _consent(contract, datetime.date(2026, 12, 5), "Позднева")  # the day after the signing: not its basis
    text = _text(contract)
    assert "мать Раньшева Ольга Петровна, согласие от 01.12.2026" in text
    assert "Позднева" not in text and "05.12.2026" not in text


@pytest.mark.today("2026-12-10")
def test_an_annulled_consent_neither_allows_a_signing_nor_is_cited(make_contract, personas, client_for):
    contract = make_contract(birth_date=MINOR)
    wrong = _consent(contract, datetime.date(2026, 12, 1), "Ошибочная")
    client = client_for(personas["committee"])
    response = client.post(reverse("contracts:consent_annul", args=[contract.pk, wrong.pk]),
                           {"reason": "внесено не тому договору"})
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.annulled_on == datetime.date(2026, 12, 10) and wrong.annulment_reason == "внесено не тому договору"
    entry = AuditEntry.objects.get(action="contracts.contract.consent_annulled", object_id=str(contract.pk))
    assert entry.actor == personas["committee"]
    assert entry.changes["Согласие законного представителя"][1] == "аннулировано: внесено не тому договору"
    with pytest.raises(DomainError, match="не исполнилось 18 лет"):
        services.transition(actor=None, contract=contract, to_state=State.SIGNED, on=SIGNING)
    card = client.get(reverse("contracts:contract_detail", args=[contract.pk])).content.decode()
    assert "аннулировано 10.12.2026" in card and "внесено не тому договору" in card
    assert client.get(reverse("contracts:document", args=[contract.pk, "consent", "docx"])).status_code == 404
    assert "Ошибочная" not in _text(contract)


@pytest.mark.today("2026-12-10")
def test_annulment_needs_a_reason_and_happens_once(make_contract, personas, client_for):
    contract = make_contract(birth_date=MINOR)
    consent = _consent(contract, datetime.date(2026, 12, 1), "Безпричинова")
    client = client_for(personas["committee"])
    client.post(reverse("contracts:consent_annul", args=[contract.pk, consent.pk]), {"reason": "  "})
    consent.refresh_from_db()
    assert consent.annulled_on is None
    services.consent_annul(actor=None, consent=consent, reason="ошибка")
    with pytest.raises(DomainError, match="уже аннулировано"):
        services.consent_annul(actor=None, consent=consent, reason="ещё раз")


@pytest.mark.today("2026-12-10")
def test_the_basis_of_a_signed_contract_is_annulled_only_once_a_correct_one_stands(make_contract):
    contract = make_contract(birth_date=MINOR)
    basis = _consent(contract, datetime.date(2026, 12, 1), "Основанова")
    services.transition(actor=None, contract=contract, to_state=State.SIGNED, on=SIGNING)
    with pytest.raises(DomainError, match="на основании этого согласия"):
        services.consent_annul(actor=None, consent=basis, reason="опечатка в документе")
    _consent(contract, datetime.date(2026, 12, 2), "Исправленова")
    services.consent_annul(actor=None, consent=basis, reason="опечатка в документе")
    assert "Исправленова" in _text(contract) and "Основанова" not in _text(contract)


@pytest.mark.today("2026-12-10")
def test_a_coordinator_who_may_not_manage_contracts_cannot_annul(make_contract, personas, client_for, school_a):
    contract = make_contract(birth_date=MINOR, customer=school_a)
    consent = _consent(contract, datetime.date(2026, 12, 1), "Чужая")
    response = client_for(personas["coordinator_a"]).post(
        reverse("contracts:consent_annul", args=[contract.pk, consent.pk]), {"reason": "хочу"})
    assert response.status_code in (403, 404)
    consent.refresh_from_db()
    assert consent.annulled_on is None


@pytest.mark.today("2026-12-10")
def test_a_draft_with_a_planned_date_is_not_called_concluded(make_contract, personas, client_for):
    contract = make_contract(signed_on=datetime.date(2026, 12, 4))
    card = client_for(personas["committee"]).get(reverse("contracts:contract_detail", args=[contract.pk]))
    text = card.content.decode()
    assert "заключён 04.12.2026" not in text and "к заключению 04.12.2026" in text


@pytest.mark.today("2026-12-10")
def test_a_contract_document_with_a_fact_missing_is_refused_with_the_list(make_contract, personas, client_for,
                                                                          school_a, party_details):
    from orientir.contracts.models import Contract, LiabilityRule

    school_a.head_last_name, school_a.head_first_name, school_a.head_middle_name = "Петров", "Пётр", "Петрович"
    school_a.save()  # no address on the customer's card yet
    contract = make_contract(customer=school_a, passport_number="", address="")
    LiabilityRule.objects.filter(regime=contract.regime).update(act_reference="Муниципальный акт — уточните реквизиты")
    client = client_for(personas["committee"])
    url = reverse("contracts:document", args=[contract.pk, "contract", "docx"])
    response = client.get(url)
    assert response.status_code == 422
    page = response.content.decode()
    for what in ("Адрес заказчика", "Паспорт гражданина: серия и номер", "Адрес регистрации гражданина",
                 "Реквизиты акта о порядке возмещения расходов и штрафа"):
        assert what in page, what
    assert "Паспорт гражданина: кем выдан" not in page  # given by the factory: not asked for
    # each fact links to the page where it is filled in
    assert f'href="{reverse("contracts:contract_edit", args=[contract.pk])}"' in page
    assert f'href="{reverse("directory:organisation_edit", args=[school_a.pk])}"' in page
    assert not AuditEntry.objects.filter(action="contracts.contract.document_generated").exists()
    # filled in, the document is given out and carries no placeholder
    school_a.address = "г. Кострома, ул. Симановского, д. 1"
    school_a.save()
    Contract.objects.filter(pk=contract.pk).update(passport_number="34 12 345678", address="г. Кострома, ул. Мира, 5")
    LiabilityRule.objects.filter(regime=contract.regime).update(
        act_reference="Постановление Администрации города Костромы от 01.03.2025 № 300")
    response = client.get(url)
    assert response.status_code == 200
    text = _text(contract)
    # the act's name declined into the sentence (issue 16: not «установлен: Постановление …»)
    assert "уточн" not in text.lower() and "установлены постановлением Администрации города Костромы" in text


def test_a_specialty_that_does_not_lead_to_the_position_is_warned_on_the_card(make_contract, personas, client_for):
    from orientir.directory.models import Position, Specialty, SpecialtyGroup

    pedagogy = Specialty.objects.get(code="44.03.01")  # Педагогическое образование, group 44.00.00
    teacher = Position.objects.create(name="Учитель иностранного языка (проверка)", sector="education")
    teacher.specialty_groups.set(SpecialtyGroup.objects.filter(code="45.00.00"))
    contract = make_contract(specialty=pedagogy, level=pedagogy.level, work_position=teacher)
    card = client_for(personas["committee"]).get(reverse("contracts:contract_detail", args=[contract.pk]))
    assert 'data-testid="position-misfit"' in card.content.decode()
    teacher.specialty_groups.add(pedagogy.group)  # the catalogue says this group leads there too: no warning
    card = client_for(personas["committee"]).get(reverse("contracts:contract_detail", args=[contract.pk]))
    assert 'data-testid="position-misfit"' not in card.content.decode()


def test_a_preschool_specialty_for_a_school_subject_post_is_warned_though_the_groups_agree(make_contract, personas,
                                                                                            client_for):
    """The demo's «Дошкольное образование» contract for «Учитель иностранного языка»: both are 44.00.00 in the
    catalogue, yet the specialty prepares for a kindergarten, not for a school subject."""
    from orientir.directory.models import Position, Specialty

    preschool = Specialty.objects.get(code="44.02.01")
    languages = Position.objects.get(name="Учитель иностранного языка")
    assert languages.specialty_groups.filter(pk=preschool.group_id).exists()
    contract = make_contract(specialty=preschool, level=preschool.level, work_position=languages)
    client = client_for(personas["committee"])
    card = client.get(reverse("contracts:contract_detail", args=[contract.pk])).content.decode()
    assert 'data-testid="position-misfit"' in card and "Воспитатель" in card
    contract.work_position = Position.objects.get(name="Воспитатель")
    contract.save(update_fields=["work_position"])
    card = client.get(reverse("contracts:contract_detail", args=[contract.pk])).content.decode()
    assert 'data-testid="position-misfit"' not in card
