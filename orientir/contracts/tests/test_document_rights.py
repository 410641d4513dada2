"""Contract documents carry a minor's and a representative's data: only the roles that conclude contracts
(contracts.documents) download them, and only they see the links on the contract card (decision 50)."""

import datetime

import pytest
from django.urls import reverse

from orientir.contracts.models import RepresentativeConsent
from orientir.contracts.tests.conftest import minor_birth_date

DOCS = ("contract", "consent")


@pytest.fixture
def minor_contract(make_contract, school_a):
    contract = make_contract(customer=school_a, birth_date=minor_birth_date())
    if not school_a.address:
        school_a.address = "г. Кострома, ул. Симановского, д. 1"
        school_a.save(update_fields=["address"])
    RepresentativeConsent.objects.create(contract=contract, last_name="Смирнова", first_name="Ольга",
                                         relation="mother", document="паспорт 34 12 345678",
                                         given_on=datetime.date.today() - datetime.timedelta(days=3))
    return contract


def _links(response, contract):
    return [reverse("contracts:document", args=[contract.pk, doc, fmt]) for doc in DOCS for fmt in ("docx", "pdf")
            if reverse("contracts:document", args=[contract.pk, doc, fmt]) in response.content.decode()]


@pytest.mark.parametrize("role", ["directorate", "coordinator_a"])
def test_a_reader_who_does_not_conclude_contracts_sees_the_card_without_documents(role, personas, client_for,
                                                                                  minor_contract):
    client = client_for(personas[role])
    card = client.get(reverse("contracts:contract_detail", args=[minor_contract.pk]))
    assert card.status_code == 200 and minor_contract.last_name in card.content.decode()
    assert _links(card, minor_contract) == []
    for doc in DOCS:
        for fmt in ("docx", "pdf"):
            answer = client.get(reverse("contracts:document", args=[minor_contract.pk, doc, fmt]))
            assert answer.status_code == 403
            assert "attachment" not in answer.get("Content-Disposition", "")


@pytest.mark.parametrize("role", ["admin", "committee"])
def test_who_concludes_contracts_sees_and_downloads_both_documents(role, personas, client_for, minor_contract):
    client = client_for(personas[role])
    card = client.get(reverse("contracts:contract_detail", args=[minor_contract.pk]))
    assert len(_links(card, minor_contract)) == 4
    for doc in DOCS:
        answer = client.get(reverse("contracts:document", args=[minor_contract.pk, doc, "docx"]))
        # past the access check: the document, or 422 naming the facts it still lacks (documents.missing_facts)
        assert answer.status_code in (200, 422), (doc, answer.status_code)
        assert answer.status_code == 422 or "attachment" in answer["Content-Disposition"]


def test_the_directorate_out_of_its_sector_gets_404_not_403(personas, client_for, contract_b):
    answer = client_for(personas["directorate"]).get(reverse("contracts:document", args=[contract_b.pk, "contract",
                                                                                         "pdf"]))
    assert answer.status_code == 404
