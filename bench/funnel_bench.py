"""Funnel benchmark: the whole-pipeline funnel on the demo city, then on 10× and 100× as many contracts.

Run: `DEBUG=1 .venv/bin/python bench/funnel_bench.py [--factor 10 --factor 100]` (throwaway SQLite in /tmp, or
BENCH_DATABASE_URL). Prints, side by side, the time and the number of queries of one funnel build at each size,
and the time per thousand records — the funnel must stay a handful of queries (no N+1) and grow linearly.
"""

import argparse
import datetime
import io
import random
import time

from _setup import setup_django  # noqa: E402 - the bench folder is on sys.path when run


def clone_contracts(originals: list, events: dict, copies: range) -> int:
    """Copy the demo contracts and their history once per number in `copies` (bulk inserts, fresh numbers)."""
    from orientir.contracts.models import Contract, ContractEvent

    made = 0
    for copy in copies:
        batch = []
        for c in originals:
            clone = Contract(**{f.attname: getattr(c, f.attname) for f in Contract._meta.concrete_fields
                                if f.attname != "id"})
            clone.number = f"{c.number}-{copy}"
            batch.append(clone)
        created = Contract.objects.bulk_create(batch, batch_size=2000)
        ContractEvent.objects.bulk_create([
            ContractEvent(contract=new, from_state=ev.from_state, to_state=ev.to_state, on=ev.on, reason=ev.reason,
                          details=ev.details)
            for old, new in zip(originals, created, strict=True) for ev in events.get(old.pk, [])], batch_size=5000)
        made += len(created)
    return made


def measure(label: str) -> tuple[str, int, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orientir.contracts.models import Contract
    from orientir.pupils.models import Pupil
    from orientir.reports import funnel

    runs = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = funnel.build(pupils=Pupil.objects.all(), contracts=Contract.objects.all(),
                                  as_of=datetime.date.today())
            runs.append(time.perf_counter() - started)
    return label, len(result.records), min(runs), len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=int, action="append")
    args = parser.parse_args()
    factors = args.factor or [10, 100]
    setup_django()
    from django.core.management import call_command

    from orientir.contracts.models import Contract, ContractEvent

    random.seed(1)
    call_command("load_demo", stdout=io.StringIO())
    originals = list(Contract.objects.all())
    events: dict = {}
    for ev in ContractEvent.objects.all():
        events.setdefault(ev.contract_id, []).append(ev)
    rows = [measure("демо-город")]
    done = 1
    for factor in sorted(factors):
        clone_contracts(originals, events, range(done, factor))
        done = factor
        rows.append(measure(f"договоров ×{factor}"))
    base = rows[0][2]
    print(f"{'Данные':<18}{'записей':>10}{'время, с':>10}{'запросов':>10}{'мс на 1000':>12}{'× к демо':>10}")
    for label, records, seconds, queries in rows:
        print(f"{label:<18}{records:>10}{seconds:>10.3f}{queries:>10}{1000 * seconds / max(records, 1) * 1000:>12.1f}"
              f"{seconds / base:>10.1f}")


if __name__ == "__main__":
    main()
