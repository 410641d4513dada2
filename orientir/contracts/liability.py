"""Money the citizen owes after breaking the contract: support paid so far (to repay) and the fine.

The payments ledger belongs to the students app; this module does not import it. The app that keeps payments
registers its sum with `@paid_support_source`; until one is registered nothing counts as paid.
"""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

PaidSource = Callable[[object], Decimal]
_SOURCES: list[PaidSource] = []

CENT = Decimal("0.01")


def paid_support_source(func: PaidSource) -> PaidSource:
    """Register `func(contract) -> Decimal`: support paid under the contract, as another app records it.

    A later registration replaces the earlier one (one ledger answers for payments).
    """
    _SOURCES[:] = [func]
    return func


def paid_support(contract) -> Decimal:
    """Support measures paid to the citizen so far, in roubles."""
    if not _SOURCES:
        return Decimal("0.00")
    return Decimal(_SOURCES[0](contract) or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def compute(contract, rule) -> tuple[Decimal, Decimal]:
    """(support to repay, fine) under the rule of the contract's regime; no rule — no fine."""
    repay = paid_support(contract)
    multiplier = rule.fine_multiplier if rule is not None else Decimal(0)
    fine = (repay * multiplier).quantize(CENT, rounding=ROUND_HALF_UP)
    return repay, fine
