"""The demo city's contracts (what `make run` shows) have histories the lifecycle's date rules accept."""

import datetime

from django.core.management import call_command

from orientir.contracts import plausibility, services
from orientir.contracts.models import Contract, State


def test_demo_histories_pass_the_date_rules(db):
    call_command("load_demo", verbosity=0)
    contracts = list(Contract.objects.prefetch_related("events"))
    assert contracts
    for contract in contracts:
        moves = {e.to_state: e for e in contract.events.all() if e.to_state}
        where = f"{contract.number}: {[(e.to_state, e.on) for e in contract.events.all()]}"
        if State.ADMITTED in moves:
            assert moves[State.ADMITTED].on >= plausibility.admission_earliest(contract), where
        if State.STUDYING in moves and State.ADMITTED in moves:
            start = plausibility.study_start_earliest(contract)
            assert start is None or moves[State.STUDYING].on >= start, where
        if State.GRADUATED in moves:
            found = plausibility.graduation_earliest(contract)
            assert found is not None and moves[State.GRADUATED].on >= found[0], where
        if State.EMPLOYED in moves:
            earliest, latest = plausibility.employment_window(contract)
            assert earliest <= moves[State.EMPLOYED].on <= (latest or datetime.date.max), where
        if State.FULFILLED in moves:
            assert moves[State.FULFILLED].on >= services.obligation_end(contract), where
        for state in (State.SUSPENDED, State.RELEASED):
            if state in moves:
                assert moves[state].details.get("documents"), where
