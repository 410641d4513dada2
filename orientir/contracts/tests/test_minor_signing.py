"""A minor signs only with a legal representative's consent given no later than the signing day (dates by hand)."""

import datetime

import pytest

from orientir.contracts import services
from orientir.contracts.models import RepresentativeConsent, State
from orientir.core.errors import DomainError

SIGNING = datetime.date(2026, 6, 4)


def _consent(contract, given_on):
    return RepresentativeConsent.objects.create(contract=contract, last_name="Смирнова", first_name="Ольга",
                                                relation="mother", document="паспорт 34 12 345678", given_on=given_on)


def _sign(contract):
    return services.transition(actor=None, contract=contract, to_state=State.SIGNED, on=SIGNING)


@pytest.mark.today("2026-06-10")
def test_a_consent_dated_after_the_signing_does_not_count(make_contract):
    contract = make_contract(birth_date=datetime.date(2008, 6, 5))  # 17 on 04.06.2026, 18 the next day
    _consent(contract, datetime.date(2026, 6, 5))
    with pytest.raises(DomainError, match="на 04.06.2026 не исполнилось 18 лет"):
        _sign(contract)
    contract.refresh_from_db()
    assert contract.state == State.DRAFT and not contract.events.exists()


@pytest.mark.today("2026-06-10")
def test_a_consent_given_on_the_signing_day_counts(make_contract):
    contract = make_contract(birth_date=datetime.date(2008, 6, 5))
    _consent(contract, SIGNING)
    assert _sign(contract).state == State.SIGNED


@pytest.mark.today("2026-06-10")
@pytest.mark.parametrize("birth_date,minor", [
    (datetime.date(2008, 6, 4), False),   # 18 on the signing day itself
    (datetime.date(2008, 6, 5), True),    # 18 tomorrow
    (datetime.date(2008, 2, 29), False),  # born on 29 February: 18 since 28.02.2026 at the latest
    (datetime.date(2009, 1, 1), True),
])
def test_who_is_a_minor_on_the_signing_day(make_contract, birth_date, minor):
    contract = make_contract(birth_date=birth_date)
    assert services.is_minor_on(contract, SIGNING) is minor
    if minor:
        with pytest.raises(DomainError, match="не исполнилось 18 лет"):
            _sign(contract)
    else:
        assert _sign(contract).state == State.SIGNED
