"""Where a contract stands when a suspension interrupts it: only a suspended contract is read as the state it
interrupted; any other contract is where it is, whatever is left in `state_before_suspension`."""

import datetime
from types import SimpleNamespace

from orientir.contracts.lifecycle import IN_STUDY, effective_state, q_effective
from orientir.contracts.models import Contract


def contract(state, before=""):
    return SimpleNamespace(state=state, state_before_suspension=before)


def test_effective_state():
    assert effective_state(contract("suspended", "studying")) == "studying"
    assert effective_state(contract("suspended")) == "suspended"  # nothing recorded: the suspension itself
    assert effective_state(contract("graduated", "studying")) == "graduated"
    assert effective_state(contract("employed")) == "employed"


def test_q_effective_counts_a_suspended_contract_by_what_it_interrupted(db, city, specialty):
    def make(number, state, before=""):
        c = Contract.objects.create(municipality=city, number=number, last_name="Соколова", first_name="Анна",
                                    birth_date=datetime.date(1999, 1, 15),
                                    specialty=specialty, level=specialty.level, work_years=3)
        Contract.objects.filter(pk=c.pk).update(state=state, state_before_suspension=before)
        return number

    studying = make("ЦО-1", "studying")
    paused = make("ЦО-2", "suspended", "admitted")
    make("ЦО-3", "suspended", "graduated")
    make("ЦО-4", "graduated", "studying")  # a value left over: not in study
    make("ЦО-5", "signed")
    got = set(Contract.objects.filter(q_effective(IN_STUDY)).values_list("number", flat=True))
    assert got == {studying, paused}


def test_only_a_suspended_contract_may_return_to_what_it_interrupted():
    from orientir.contracts.lifecycle import allowed_targets

    kind = "graduate"
    assert "studying" in allowed_targets(SimpleNamespace(state="suspended", state_before_suspension="studying",
                                                         kind=kind))
    # a value left over in a contract that is not suspended opens nothing
    assert allowed_targets(SimpleNamespace(state="graduated", state_before_suspension="studying", kind=kind)) == {
        "employed", "suspended", "released", "terminated", "breached"}
    # a state the lifecycle does not know leads nowhere
    assert allowed_targets(SimpleNamespace(state="archived", state_before_suspension="", kind=kind)) == set()
