"""Money owed after a broken contract, worked out by hand: support paid so far (rounded half up to kopecks) and the
fine (that sum times the regime's multiplier, rounded half up). The payments ledger is replaced by a stub here."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from orientir.contracts import liability


@pytest.fixture
def ledger(monkeypatch):
    """`ledger({contract: paid})` registers a payments source for the test (the real one is put back after)."""
    monkeypatch.setattr(liability, "_SOURCES", [])

    def register(paid_by_contract):
        return liability.paid_support_source(lambda contract: paid_by_contract[contract])

    return register


def rule(multiplier):
    return SimpleNamespace(fine_multiplier=Decimal(multiplier))


def test_nothing_counts_as_paid_until_a_ledger_is_registered(monkeypatch):
    monkeypatch.setattr(liability, "_SOURCES", [])
    assert liability.paid_support("договор") == Decimal("0.00")
    assert str(liability.paid_support("договор")) == "0.00"
    assert liability.compute("договор", rule("2")) == (Decimal("0.00"), Decimal("0.00"))


@pytest.mark.parametrize("paid,expected", [
    (Decimal("15000"), "15000.00"),
    (Decimal("1234.565"), "1234.57"),  # half up, not to even
    (Decimal("0.125"), "0.13"),        # half up: 0.12 if rounded to even
    (Decimal("0.124"), "0.12"),
    (7, "7.00"),                        # a ledger may answer in whole roubles
    (None, "0.00"),                     # nothing recorded for this contract
    (Decimal("0"), "0.00"),
])
def test_paid_support_is_the_ledgers_sum_in_kopecks(ledger, paid, expected):
    ledger({"договор № 1": paid, "договор № 2": Decimal("999")})
    assert str(liability.paid_support("договор № 1")) == expected


def test_the_ledger_is_asked_about_this_contract(ledger):
    ledger({"договор № 1": Decimal("100"), "договор № 2": Decimal("250.50")})
    assert liability.paid_support("договор № 2") == Decimal("250.50")
    assert liability.compute("договор № 2", rule("2")) == (Decimal("250.50"), Decimal("501.00"))


def test_a_later_ledger_replaces_the_earlier_one(ledger):
    ledger({"договор": Decimal("100")})
    ledger({"договор": Decimal("300")})
    assert liability.paid_support("договор") == Decimal("300.00")


@pytest.mark.parametrize("paid,multiplier,repay,fine", [
    ("15000", "2", "15000.00", "30000.00"),  # двукратный штраф
    ("15000", "1", "15000.00", "15000.00"),
    ("15000", "0", "15000.00", "0.00"),      # a regime without a fine: repay only
    ("0.25", "0.5", "0.25", "0.13"),         # 0.125 half up (0.12 if rounded to even)
    ("100.10", "1.5", "100.10", "150.15"),
    ("333.33", "3", "333.33", "999.99"),
])
def test_fine_is_the_sum_paid_times_the_multiplier_rounded_half_up(ledger, paid, multiplier, repay, fine):
    ledger({"договор": Decimal(paid)})
    got_repay, got_fine = liability.compute("договор", rule(multiplier))
    assert (str(got_repay), str(got_fine)) == (repay, fine)


def test_no_rule_for_the_regime_means_no_fine_but_the_support_is_repaid(ledger):
    ledger({"договор": Decimal("15000")})
    repay, fine = liability.compute("договор", None)
    assert (str(repay), str(fine)) == ("15000.00", "0.00")
