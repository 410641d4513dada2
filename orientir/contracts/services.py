"""Writes to contracts. `transition` is the only code that changes a contract's state."""

import datetime

from django.db import transaction
from django.db.models import F

from orientir.core import audit
from orientir.core.errors import DomainError, StaleObjectError

from . import lifecycle
from .models import Contract, ContractEvent, State

# Other checks a move must pass, by target state: guard(contract, on, details) raises DomainError to refuse.
GUARDS: dict[str, list] = {}


@transaction.atomic
def transition(*, actor, contract: Contract, to_state: str, on: datetime.date, reason: str = "",
               details: dict | None = None, expected_version: int | None = None) -> Contract:
    """Move the contract to `to_state` on date `on`, with a history entry and an audit record."""
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError()
    why_not = lifecycle.refusal(current, to_state)
    if why_not:
        raise DomainError(why_not, field="state")
    reason = (reason or "").strip()
    if to_state in lifecycle.NEEDS_REASON and not reason:
        raise DomainError(f"Для перехода в состояние «{State(to_state).label}» укажите основание.", field="reason")
    if on is None:
        raise DomainError("Укажите дату.", field="on")
    for guard in GUARDS.get(to_state, []):
        guard(current, on, details or {})
    from_state = current.state
    fields = {"state": to_state, "version": F("version") + 1}
    if to_state == State.SUSPENDED:
        fields["state_before_suspension"] = from_state
    elif from_state == State.SUSPENDED:
        fields["state_before_suspension"] = ""
    if to_state == State.SIGNED and not current.signed_on:
        fields["signed_on"] = on
    Contract.objects.filter(pk=current.pk).update(**fields)
    ContractEvent.objects.create(contract=current, from_state=from_state, to_state=to_state, on=on,
                                 reason=reason[:500], details=details or {}, actor=actor)
    audit.record(actor=actor, action="contracts.contract.transition", instance=current,
                 changes={"Состояние": [State(from_state).label, State(to_state).label],
                          "Дата": [None, on.strftime("%d.%m.%Y")], **({"Основание": [None, reason]} if reason else {})})
    current.refresh_from_db()
    return current
