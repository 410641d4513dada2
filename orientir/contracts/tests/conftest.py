"""Contracts test data: a contract factory on top of the root personas (school A is a customer)."""

import datetime

import pytest
from django.urls import reverse

def move(client, contract, target, on=None, **extra):
    """Post a lifecycle move through the contract's page (today unless `on`), with the version the page would carry.

    Today is read at the call: this module is loaded before ORIENTIR_TEST_TODAY sets the clock."""
    from orientir.contracts.models import Contract

    on = on or datetime.date.today()
    data = {"target": target, f"{target}-on": on.isoformat(), "version": Contract.objects.get(pk=contract.pk).version}
    data.update({f"{target}-{k}": v for k, v in extra.items()})
    return client.post(reverse("contracts:lifecycle", args=[contract.pk]), data)


def adult_birth_date() -> datetime.date:
    """An adult on every signing date of these tests (the earliest is in 2024), in any year the suite runs."""
    return datetime.date(1999, 1, 15)


def minor_birth_date() -> datetime.date:
    """17 today: a minor on any signing date up to today."""
    today = datetime.date.today()
    return datetime.date(today.year - 17, today.month, 1) if today.day > 1 else datetime.date(today.year - 17, 1, 1)


@pytest.fixture
def specialty(db):
    from orientir.directory.models import Specialty

    return Specialty.objects.get(code="44.02.02")


# What a contract document needs beyond the form's required fields (documents.missing_facts).
DOCUMENT_FACTS = {"passport_number": "34 12 345678", "passport_issued_by": "УМВД России по Костромской области",
                  "passport_issued_on": datetime.date(2020, 5, 1), "address": "г. Кострома, ул. Советская, д. 1, кв. 1"}


@pytest.fixture
def make_contract(city, specialty):
    """`make_contract(**fields)` → a draft contract through the service (number auto-generated)."""
    from orientir.contracts import services

    seq = iter(range(1, 10_000))

    def make(actor=None, **fields):
        data = {"number": f"ЦО-{next(seq)}", "last_name": "Соколова", "first_name": "Анна",
                "middle_name": "Сергеевна", "birth_date": adult_birth_date(), "specialty": specialty,
                "level": specialty.level, "work_years": 3, **DOCUMENT_FACTS, **fields}
        return services.contract_create(actor=actor, municipality=city, data=data)

    return make


@pytest.fixture
def contract_a(make_contract, school_a):
    """A draft contract whose customer is school A."""
    return make_contract(customer=school_a)


@pytest.fixture
def contract_b(make_contract, library):
    """A draft contract whose customer is the library (not school A)."""
    return make_contract(customer=library, last_name="Орлов", first_name="Илья", middle_name="Петрович")


BANK = {"bank_name": "Отделение Кострома Банка России // УФК по Костромской области г. Кострома",
        "bik": "013469126", "account": "03234643347010004100", "corr_account": "40102810945370000034"}


def give_party_details(municipality, *orgs):
    """What a contract document prints for its parties beyond the directory (documents.missing_facts): the subject of
    the Federation and the Committee's details for the municipality, bank details for each organisation."""
    from orientir.contracts.models import MunicipalContractSettings, OrganisationRequisites

    MunicipalContractSettings.objects.update_or_create(municipality=municipality, defaults={
        "region": "Костромская область", "committee_address": "156000, г. Кострома, ул. Депутатская, д. 47",
        "committee_inn": "4401006568", "kpp": "440101001", **BANK})
    for org in orgs:
        OrganisationRequisites.objects.update_or_create(organisation=org, defaults={"kpp": "440101001", **BANK})


@pytest.fixture
def party_details(city, school_a, school_b, library):
    give_party_details(city, school_a, school_b, library)
