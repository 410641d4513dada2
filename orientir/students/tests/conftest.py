"""A small factory of target contracts for the students app's tests (contracts are created directly and moved
only through contracts.services.transition)."""

import datetime
import itertools

import pytest

from orientir.core.dates import add_years

_numbers = itertools.count(1)


def make_contract(municipality, *, customer=None, state="signed", kind="graduate", last_name="Иванова",
                  first_name="Мария", work_organisation=None, work_start_deadline=None, work_years=3,
                  signed_on=None, **extra):
    """A contract moved from draft to `state` along a plausible lifecycle (a bachelor's: admitted on 29 July of the
    signing year, studying from 1 September, graduated on 30 June four years later). A graduated contract is signed
    in 2021 unless told otherwise, so that its graduation (2025) has already happened."""
    signed_on = signed_on or (datetime.date(2021, 5, 20) if state == "graduated" else datetime.date(2025, 5, 20))
    from orientir.contracts.models import Contract
    from orientir.contracts.services import regime_on, transition
    from orientir.directory.models import Specialty

    # an adult at signing, under the regime of the signing date, a student's course given: the signing guards pass
    extra.setdefault("birth_date", add_years(signed_on, -19))
    extra.setdefault("regime", regime_on(signed_on))
    if kind == "student":
        extra.setdefault("course_at_signing", 2)
    contract = Contract.objects.create(
        municipality=municipality, number=f"ЦО-{next(_numbers):04d}", kind=kind, customer=customer,
        last_name=last_name, first_name=first_name, middle_name="Петровна",
        specialty=Specialty.objects.order_by("code").first(), level="bachelor",
        education_organisation="КГУ им. Н. А. Некрасова", work_organisation=work_organisation or customer,
        work_start_deadline=work_start_deadline, work_years=work_years, **extra)
    path = {"draft": [], "signed": ["signed"], "admitted": ["signed", "admitted"],
            "studying": ["signed", "admitted", "studying"],
            "graduated": ["signed", "admitted", "studying", "graduated"]}
    if kind == "student":
        path = {k: [s for s in v if s != "admitted"] for k, v in path.items()}
    admitted = max(signed_on, datetime.date(signed_on.year, 7, 29))
    studying = max(admitted, datetime.date(admitted.year, 9, 1))
    days = {"signed": signed_on, "admitted": admitted, "studying": studying,
            "graduated": datetime.date(admitted.year + 4, 6, 30)}
    if kind == "student":  # signed in the 2nd course, studying already: the 3rd and 4th courses are left
        days.update(studying=signed_on, graduated=datetime.date(signed_on.year + 2, 6, 30))
    for step in path[state]:
        contract = transition(actor=None, contract=contract, to_state=step, on=days[step])
    return contract


@pytest.fixture
def contract_factory(city):
    def make(**kwargs):
        return make_contract(city, **kwargs)

    return make


@pytest.fixture
def student(contract_factory, school_a):
    return contract_factory(customer=school_a, state="studying", last_name="Орлова")


def employ(client, contract, org, on):
    """Record through the page that the contract's graduate started work at `org` on `on`."""
    from django.urls import reverse

    return client.post(reverse("students:employment_add", args=[contract.pk]),
                       {"organisation": org.pk, "started_on": on, "order_number": "12-к"})
