"""Which state may follow which: the contract's lifecycle as data, read by services.transition and the pages.

draft → signed → admitted (or not admitted → terminated) → studying → graduated → employed → fulfilled.
A contract with a student (2.11) goes from signed straight to studying. Suspension stops the clock and
returns to the state it interrupted. Release, termination and breach end the contract.
"""

from .models import Kind, State

S = State

ALLOWED: dict[str, set[str]] = {
    S.DRAFT: {S.SIGNED},
    S.SIGNED: {S.ADMITTED, S.NOT_ADMITTED, S.STUDYING, S.RELEASED, S.TERMINATED},
    S.NOT_ADMITTED: {S.TERMINATED},
    S.ADMITTED: {S.STUDYING, S.SUSPENDED, S.RELEASED, S.TERMINATED, S.BREACHED},
    S.STUDYING: {S.GRADUATED, S.SUSPENDED, S.RELEASED, S.TERMINATED, S.BREACHED},
    S.SUSPENDED: {S.RELEASED, S.TERMINATED},  # plus the state it interrupted (see allowed_targets)
    S.GRADUATED: {S.EMPLOYED, S.SUSPENDED, S.RELEASED, S.TERMINATED, S.BREACHED},
    S.EMPLOYED: {S.FULFILLED, S.SUSPENDED, S.RELEASED, S.TERMINATED, S.BREACHED},
    S.FULFILLED: set(),
    S.RELEASED: set(),
    S.TERMINATED: set(),
    S.BREACHED: set(),
}

FINAL = {S.FULFILLED, S.RELEASED, S.TERMINATED, S.BREACHED}

# Transitions that need a stated ground.
NEEDS_REASON = {S.NOT_ADMITTED, S.SUSPENDED, S.RELEASED, S.TERMINATED, S.BREACHED}
# Where the person is «in force» (the obligation is live).
ACTIVE = {S.SIGNED, S.ADMITTED, S.STUDYING, S.SUSPENDED, S.GRADUATED, S.EMPLOYED}


def allowed_targets(contract) -> set[str]:
    """States the contract may move to now."""
    targets = set(ALLOWED.get(contract.state, set()))
    if contract.state == S.SUSPENDED and contract.state_before_suspension:
        targets.add(contract.state_before_suspension)
    if contract.state == S.SIGNED and contract.kind == Kind.GRADUATE:
        targets.discard(S.STUDYING)  # a school graduate is admitted first (2.10)
    if contract.state == S.SIGNED and contract.kind == Kind.STUDENT:
        targets -= {S.ADMITTED, S.NOT_ADMITTED}  # a student is already studying
    return targets


def refusal(contract, to_state: str) -> str | None:
    """Why the move is not allowed, in words an official understands; None when it is."""
    if to_state in allowed_targets(contract):
        return None
    current, target = State(contract.state).label, State(to_state).label
    if contract.state in FINAL:
        return f"Договор в состоянии «{current}» завершён: изменить его состояние нельзя."
    return f"Нельзя перевести договор из состояния «{current}» в состояние «{target}»."


# Where a contract stands in the person's path, whatever interrupts it: a suspended contract stands where the
# suspension caught it (state_before_suspension). Every app groups contracts with these sets and Q objects.
IN_STUDY = {S.ADMITTED, S.STUDYING}
AT_WORK_OR_DUE = {S.GRADUATED, S.EMPLOYED}


def effective_state(contract) -> str:
    """The state a suspension interrupted, or the state itself."""
    if contract.state == S.SUSPENDED and contract.state_before_suspension:
        return contract.state_before_suspension
    return contract.state


def q_effective(states):
    """A Q filter for contracts whose effective state is one of `states` (suspended ones by what they interrupted)."""
    from django.db.models import Q

    states = list(states)
    return Q(state__in=states) | Q(state=S.SUSPENDED, state_before_suspension__in=states)
