"""The demo's last admission: the season's graduates' contracts get the offers and applications they came from, with
the statuses their contracts reached, so that the funnel and the admission monitoring have something to read."""

import datetime

import pytest

from orientir.offers.demo import _last_admission
from orientir.offers.models import Application, ApplicationStatusChange, OfferCampaign

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-05")]


def test_last_admission_links_the_seasons_contracts(city, school_a, library):
    from orientir.contracts.models import Contract
    from orientir.directory.models import Specialty
    from orientir.students.tests.conftest import make_contract

    signed = datetime.date(2026, 5, 20)
    admitted = make_contract(city, customer=school_a, state="admitted", last_name="Богданова", signed_on=signed)
    refused = make_contract(city, customer=school_a, state="signed", last_name="Гусев", signed_on=signed)
    for contract, level in ((admitted, "bachelor"), (refused, "spo")):  # a university's programme and a college's
        spec = Specialty.objects.filter(level=level, valid_to__isnull=True).order_by("code").first()
        Contract.objects.filter(pk=contract.pk).update(specialty=spec, level=level)
    make_contract(city, customer=school_a, state="studying", last_name="Прошлогодняя",
                  signed_on=datetime.date(2025, 5, 20))  # another season: left alone
    _last_admission(city, 2026)
    campaign = OfferCampaign.objects.get(year=2026)
    got = {a.last_name: (a.status, a.offer.is_quota, a.offer.status) for a in Application.objects.all()}
    assert got == {"Богданова": ("enrolled", True, "placed"), "Гусев": ("allowed", False, "placed")}
    for contract in (admitted, refused):
        contract = Contract.objects.get(pk=contract.pk)
        assert (contract.offer.campaign, contract.application.last_name) == (campaign, contract.last_name)
    # each passed through the season's statuses, dated, so the monitoring's past weeks show each step
    history = {(c.application.last_name, c.on, c.status) for c in ApplicationStatusChange.objects.all()}
    assert history == {("Богданова", datetime.date(2026, 6, 20), "submitted"),
                       ("Богданова", datetime.date(2026, 7, 2), "allowed"),
                       ("Богданова", datetime.date(2026, 7, 29), "enrolled"),
                       ("Гусев", datetime.date(2026, 6, 20), "submitted"),
                       ("Гусев", datetime.date(2026, 7, 3), "allowed")}
    _last_admission(city, 2026)  # a second run adds nothing
    assert Application.objects.count() == 2
