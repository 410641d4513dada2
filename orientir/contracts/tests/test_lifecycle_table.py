"""Every state × every target × both kinds of contract against the lifecycle, written out by hand.

The expected answer is this table, not `lifecycle.allowed_targets`: a wrong line in the lifecycle (a finished
contract that can still be terminated, a school graduate who starts studying without being admitted) must fail here.
"""

import datetime

import pytest

from orientir.contracts import lifecycle, services
from orientir.contracts.models import Contract, Kind, State
from orientir.core.dates import add_years
from orientir.core.errors import DomainError

# One line per state: the states a contract may move to from it. A suspended contract is put in the table as
# suspended from «graduated», so it may go back there (the state the suspension interrupted).
GRADUATE_MOVES = """
draft        -> signed
signed       -> admitted not_admitted released terminated
not_admitted -> terminated
admitted     -> studying suspended released terminated breached
studying     -> graduated suspended released terminated breached
suspended    -> graduated released terminated
graduated    -> employed suspended released terminated breached
employed     -> fulfilled suspended released terminated breached
fulfilled    ->
released     ->
terminated   ->
breached     ->
"""

# A student (2.11) is already studying when the contract is signed: no admission step.
STUDENT_MOVES = """
draft        -> signed
signed       -> studying released terminated
not_admitted -> terminated
admitted     -> studying suspended released terminated breached
studying     -> graduated suspended released terminated breached
suspended    -> graduated released terminated
graduated    -> employed suspended released terminated breached
employed     -> fulfilled suspended released terminated breached
fulfilled    ->
released     ->
terminated   ->
breached     ->
"""


def _table(text: str) -> dict[str, set[str]]:
    table = {}
    for line in text.strip().splitlines():
        state, _, targets = line.partition("->")
        table[state.strip()] = set(targets.split())
    return table


EXPECTED = {Kind.GRADUATE: _table(GRADUATE_MOVES), Kind.STUDENT: _table(STUDENT_MOVES)}
ALL_STATES = ["draft", "signed", "admitted", "not_admitted", "studying", "suspended", "graduated", "employed",
              "fulfilled", "released", "terminated", "breached"]
CASES = [(kind, s, t) for kind in (Kind.GRADUATE, Kind.STUDENT) for s in ALL_STATES for t in ALL_STATES]


def test_the_table_names_every_state():
    assert sorted(ALL_STATES) == sorted(State.values)
    for table in EXPECTED.values():
        assert sorted(table) == sorted(ALL_STATES)


def _put_in_state(contract, state, today):
    before = State.GRADUATED if state == State.SUSPENDED else ""
    # an employed citizen who has served the term, so that «fulfilled» is a matter of the lifecycle only
    started = add_years(today, -6) if state == State.EMPLOYED else None
    # signed more than a year ago, with no history: the dates of a move are plausible and only the table decides
    signed = today - datetime.timedelta(days=400)
    Contract.objects.filter(pk=contract.pk).update(state=state, state_before_suspension=before,
                                                   signed_on=None if state == State.DRAFT else signed,
                                                   work_started_on=started)
    contract.refresh_from_db()


@pytest.mark.parametrize("kind,state,target", CASES, ids=[f"{k}:{s}->{t}" for k, s, t in CASES])
def test_every_move_against_the_written_table(make_contract, kind, state, target):
    today = datetime.date.today()  # the lifecycle does not depend on the calendar; moves may not be in the future
    contract = make_contract(kind=kind, course_at_signing=3 if kind == Kind.STUDENT else None)
    _put_in_state(contract, state, today)
    details = {"ground_started_on": today, "notice_on": today} if target == State.SUSPENDED else {}
    if target in (State.SUSPENDED, State.RELEASED):
        details["documents"] = "справка № 1"
    if target in EXPECTED[kind][state]:
        moved = services.transition(actor=None, contract=contract, to_state=target, on=today, reason="основание",
                                    details=details)
        assert moved.state == target
        assert contract.events.get().to_state == target
    else:
        with pytest.raises(DomainError) as exc:
            services.transition(actor=None, contract=contract, to_state=target, on=today, reason="основание",
                                details=details)
        assert exc.value.message.startswith(("Нельзя перевести договор", "Договор в состоянии"))
        assert exc.value.message == lifecycle.refusal(contract, target)
        contract.refresh_from_db()
        assert contract.state == state and not contract.events.exists()


def test_refusals_say_why_in_words():
    finished = Contract(state=State.FULFILLED, kind=Kind.GRADUATE)
    assert lifecycle.refusal(finished, State.TERMINATED) == (
        "Договор в состоянии «Обязательство исполнено» завершён: изменить его состояние нельзя.")
    graduate = Contract(state=State.SIGNED, kind=Kind.GRADUATE)
    assert lifecycle.refusal(graduate, State.STUDYING) == (
        "Нельзя перевести договор из состояния «Заключён» в состояние «Обучается».")
    assert lifecycle.refusal(graduate, State.ADMITTED) is None
