"""Reads of graduates' employment (3.3): work periods net of suspensions, the facts of an obligation being served,
the employment monitoring by organisation, sector or specialty."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from orientir.accounts import access
from orientir.contracts.lifecycle import AT_WORK_OR_DUE, q_effective
from orientir.contracts.models import Contract, ContractEvent, State
from orientir.core.dates import add_years
from orientir.core.text import normalize_search

from .models import Employment

DAYS_PER_YEAR = Decimal("365.25")
WORK_ENDED_STATES = [State.FULFILLED, State.BREACHED]


def q_at_work_or_due() -> Q:
    """Contracts of graduates due to work or working (3.3), suspended ones by the state they interrupted."""
    return q_effective(AT_WORK_OR_DUE)


def suspension_periods(events, as_of: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """[(from, to)] of the contract's suspensions, from its history; an open one runs to `as_of`."""
    periods, start = [], None
    for e in sorted(events, key=lambda e: (e.on, e.id or 0)):
        if e.to_state == State.SUSPENDED and start is None:
            start = e.on
        elif e.from_state == State.SUSPENDED and start is not None:
            periods.append((start, e.on))
            start = None
    if start is not None:
        periods.append((start, as_of))
    return periods


def _overlap(a: tuple, b: tuple) -> int:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return max((hi - lo).days, 0)


def days_worked(employments, events, as_of: datetime.date) -> int:
    """Days of work under the contract up to `as_of`, less the days the contract was suspended."""
    suspended = suspension_periods(events, as_of)
    total = 0
    for emp in employments:
        if emp.started_on > as_of:
            continue
        span = (emp.started_on, min(emp.dismissed_on or as_of, as_of))
        total += max((span[1] - span[0]).days, 0) - sum(_overlap(span, s) for s in suspended)
    return max(total, 0)


def years_worked(employments, events, as_of: datetime.date) -> Decimal:
    return (Decimal(days_worked(employments, events, as_of)) / DAYS_PER_YEAR).quantize(Decimal("0.01"))


@dataclass
class WorkFacts:
    contract: Contract
    first: Employment | None
    current: Employment | None
    years: Decimal
    on_time: bool | None  # None: not employed yet
    still: dict  # {1: True/False/None (not yet due)}

    @property
    def fulfilled_now(self) -> bool:
        return self.years >= self.contract.work_years


def work_facts(contract, employments, events, as_of: datetime.date) -> WorkFacts:
    emps = sorted([e for e in employments if e.started_on <= as_of], key=lambda e: (e.started_on, e.id or 0))
    first = emps[0] if emps else None
    current = next((e for e in reversed(emps) if not e.dismissed_on or e.dismissed_on > as_of), None)
    on_time = None
    if first:
        deadline = contract.work_start_deadline
        on_time = deadline is None or first.started_on <= deadline
    still = {}
    for n in (1, 2, 3):
        if not first or add_years(first.started_on, n) > as_of:
            still[n] = None
        else:
            mark = add_years(first.started_on, n)
            still[n] = any(e.started_on <= mark and (not e.dismissed_on or e.dismissed_on >= mark) for e in emps)
    return WorkFacts(contract, first, current, years_worked(emps, events, as_of), on_time, still)


def facts_for(contracts: list, as_of: datetime.date) -> dict[int, WorkFacts]:
    """Work facts of many contracts in two queries."""
    ids = [c.pk for c in contracts]
    emps, events = defaultdict(list), defaultdict(list)
    for e in Employment.objects.filter(contract_id__in=ids).select_related("organisation", "position"):
        emps[e.contract_id].append(e)
    for ev in ContractEvent.objects.filter(contract_id__in=ids).filter(
            Q(to_state=State.SUSPENDED) | Q(from_state=State.SUSPENDED)).only("contract_id", "on", "from_state",
                                                                              "to_state", "id"):
        events[ev.contract_id].append(ev)
    return {c.pk: work_facts(c, emps[c.pk], events[c.pk], as_of) for c in contracts}


def contract_facts(contract, as_of: datetime.date | None = None) -> WorkFacts:
    return facts_for([contract], as_of or timezone.localdate())[contract.pk]


MONITORING_GROUPS = {"organisation": "Организация", "sector": "Отрасль", "specialty": "Специальность"}
MONITORING_COLUMNS = ["Выпускников к трудоустройству", "Трудоустроены в срок", "Трудоустроены с опозданием",
                      "Не трудоустроены", "Работают 1 год", "Работают 2 года", "Работают 3 года"]


def employment_monitoring(user, as_of: datetime.date, by: str = "organisation") -> tuple[list[tuple], tuple]:
    """Rows (group, due, on time, late, not employed, still at 1/2/3 years) and the total row (3.3).

    Due to start: graduates whose work start deadline has come by `as_of`, or who already work."""
    from orientir.accounts.roles import Sector

    base = (access.student_report_contracts_for(user)
            .filter(q_at_work_or_due() | Q(state__in=WORK_ENDED_STATES + [State.RELEASED, State.TERMINATED]))
            .filter(Q(work_start_deadline__lte=as_of) | Q(employments__started_on__lte=as_of)).distinct()
            .select_related("work_organisation", "specialty"))
    contracts = list(base)
    facts = facts_for(contracts, as_of)
    sectors = dict(Sector.choices)
    groups: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for c in contracts:
        f = facts[c.pk]
        org = f.first.organisation if f.first else c.work_organisation
        if by == "sector":
            key = sectors.get(org.sector, org.sector) if org else "— (место работы не указано)"
        elif by == "specialty":
            key = str(c.specialty)
        else:
            key = org.short_name if org else "— (место работы не указано)"
        row = groups[key]
        row[0] += 1
        if f.on_time is True:
            row[1] += 1
        elif f.on_time is False:
            row[2] += 1
        else:
            row[3] += 1
        for i, n in enumerate((1, 2, 3)):
            row[4 + i] += 1 if f.still[n] else 0
    rows = [(key, *vals) for key, vals in sorted(groups.items())]
    total = ("Итого", *[sum(r[i] for r in rows) for i in range(1, 8)])
    return rows, total


def employment_people(user, q: str = "") -> QuerySet:
    """Graduates due to work, working (suspended ones by what the suspension interrupted) or who have served the
    term (names: students.view); paginate, then take their facts with `facts_of`."""
    qs = (access.student_contracts_for(user).filter(q_at_work_or_due() | Q(state=State.FULFILLED))
          .select_related("customer", "work_organisation"))
    if q:
        qs = qs.filter(search_text__contains=normalize_search(q))
    return qs.order_by("sort_name", "id")


def facts_of(contracts, as_of: datetime.date) -> list[WorkFacts]:
    """Work facts of the given contracts (one page of a list), in their order."""
    contracts = list(contracts)
    facts = facts_for(contracts, as_of)
    return [facts[c.pk] for c in contracts]
