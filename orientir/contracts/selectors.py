"""Reads of contracts: the registry with its filters, deadlines, the aggregated report."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from orientir.accounts import access
from orientir.core.listing import matching_words, narrowed
from orientir.plan.selectors import item_date

from . import lifecycle, services
from .models import Contract, Kind, State
from orientir.core.params import int_param, year_param

FILTERS = ("q", "state", "kind", "regime", "customer", "specialty", "year", "level")


def registry(user, params) -> "QuerySet[Contract]":  # noqa: F821
    """The user's contracts filtered by the registry's filter bar."""
    qs = access.contracts_for(user).select_related("customer", "specialty", "work_organisation")
    qs = matching_words(qs, params.get("q") or "", "search_text__contains")
    state, kind, customer = params.get("state"), params.get("kind"), params.get("customer", "")
    committee = customer == "committee"  # the committee's own contracts: no customer organisation
    qs = narrowed(qs, state=state if state in State.values else None,
                  state__in=lifecycle.ACTIVE if state == "active" else None,
                  kind=kind if kind in Kind.values else None, regime=params.get("regime"),
                  customer__isnull=committee, customer_id=None if committee else int_param(customer),
                  specialty_id=int_param(params.get("specialty")), signed_on__year=year_param(params.get("year")),
                  level=params.get("level"))
    return qs.order_by("-signed_on", "sort_name", "id")


def filter_choices(user) -> dict:
    """Customers, specialties and years present in the user's contracts (for the filter bar)."""
    mine = access.contracts_for(user)
    from orientir.directory.models import Organisation, Specialty

    return {
        "customers": Organisation.objects.filter(pk__in=mine.exclude(customer__isnull=True).values("customer_id"))
        .order_by("sort_name"),
        "specialties": Specialty.objects.filter(pk__in=mine.values("specialty_id")).order_by("code"),
        "years": sorted({d.year for d in mine.exclude(signed_on__isnull=True).dates("signed_on", "year")},
                        reverse=True),
    }


# --- Deadlines --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deadline:
    contract: Contract
    kind: str  # admission | work_start | obligation_end
    title: str
    due: datetime.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def url(self) -> str:
        return reverse("contracts:contract_detail", args=[self.contract.pk])


DEADLINE_KINDS = {"admission": "Зачисление на обучение (до 1 сентября)",
                  "work_start": "Трудоустройство (срок по договору)",
                  "obligation_end": "Окончание срока отработки"}


def deadlines_for(user, within_days: int = 30, today: datetime.date | None = None) -> list[Deadline]:
    """Contracts the user may see with a deadline within `within_days` from today (and those already overdue)."""
    today = today or datetime.date.today()
    horizon = today + datetime.timedelta(days=within_days)
    qs = access.contracts_for(user).select_related("customer", "work_organisation")
    out: list[Deadline] = []

    def add(contract, kind, due):
        out.append(Deadline(contract, kind, DEADLINE_KINDS[kind], due, (due - today).days))

    # A graduate's contract is signed before admission; admission is due by the end of the plan's weekly
    # monitoring (2.10, 1 September) after signing (a contract signed in the autumn of grade 11 is for the
    # admission of the following summer). One date per municipality and year, not per contract.
    admission_end: dict = {}
    for c in qs.filter(kind=Kind.GRADUATE, state=State.SIGNED, signed_on__isnull=False,
                       signed_on__year__gte=horizon.year - 1, signed_on__year__lte=horizon.year):
        key = (c.municipality_id, c.signed_on.year + (c.signed_on.month >= 9))
        if key not in admission_end:
            admission_end[key] = item_date(key[0], key[1], "2.10", "09-01")
        due = admission_end[key]
        if due <= horizon:
            add(c, "admission", due)
    for c in qs.filter(state__in=[State.STUDYING, State.GRADUATED], work_start_deadline__lte=horizon):
        add(c, "work_start", c.work_start_deadline)
    # The obligation lasts at least three years: older starts only (the exact end is computed per contract).
    for c in qs.filter(state=State.EMPLOYED, work_started_on__lte=horizon - datetime.timedelta(days=3 * 365)):
        end = services.obligation_end(c)
        if end and end <= horizon:
            add(c, "obligation_end", end)
    out.sort(key=lambda d: (d.due, d.contract.sort_name))
    return out


# --- The aggregated report --------------------------------------------------------------------------------------

BUCKETS = [
    ("draft", "Проект", {State.DRAFT}),
    ("signed", "Заключён, до зачисления", {State.SIGNED}),
    ("studying", "Обучается", {State.ADMITTED, State.STUDYING, State.GRADUATED}),
    ("suspended", "Приостановлен", {State.SUSPENDED}),
    ("employed", "Трудоустроен", {State.EMPLOYED}),
    ("fulfilled", "Исполнен", {State.FULFILLED}),
    ("ended", "Прекращён (не зачислен, освобождён, расторгнут, нарушен)",
     {State.NOT_ADMITTED, State.RELEASED, State.TERMINATED, State.BREACHED}),
]
REPORT_GROUPS = {"state": "Состояние", "kind": "Вид договора", "specialty": "Специальность",
                 "customer": "Заказчик", "year": "Год заключения"}


def report(user, by: str, year: int | None = None) -> tuple[list[str], list[tuple]]:
    """(headers, rows): counts of the user's contracts per group and state bucket; the last row is the total.

    Only numbers: no names of citizens, so observers may read it.
    """
    qs = access.contracts_for(user) if access.has_perm(user, "contracts.view") else \
        access.contracts_counted_for(user, "contracts.report")
    if year:
        qs = qs.filter(signed_on__year=year)
    group_field = {"state": "state", "kind": "kind", "specialty": "specialty_id", "customer": "customer_id",
                   "year": "signed_on__year"}[by]
    counts = qs.values(group_field, "state").annotate(n=Count("id")).order_by()
    table: dict = {}
    for row in counts:
        table.setdefault(row[group_field], Counter())[row["state"]] += row["n"]
    labels = _group_labels(by, list(table))
    headers = [REPORT_GROUPS[by], "Всего", *[b[1] for b in BUCKETS]]
    rows, totals = [], Counter()
    for key in sorted(table, key=lambda k: labels.get(k, "")):
        per_state = table[key]
        rows.append((labels.get(key, "—"), sum(per_state.values()),
                     *[sum(per_state[s] for s in states) for _, _, states in BUCKETS]))
        totals.update(per_state)
    rows.append(("Итого", sum(totals.values()), *[sum(totals[s] for s in states) for _, _, states in BUCKETS]))
    return headers, rows


def _group_labels(by: str, keys: list) -> dict:
    from orientir.directory.models import Organisation, Specialty

    if by == "state":
        return {k: State(k).label for k in keys}
    if by == "kind":
        return {k: Kind(k).label for k in keys}
    if by == "specialty":
        return {s.pk: str(s) for s in Specialty.objects.filter(pk__in=[k for k in keys if k])}
    if by == "customer":
        labels = {o.pk: o.short_name for o in Organisation.objects.filter(pk__in=[k for k in keys if k])}
        labels[None] = "Комитет (заказчик)"
        return labels
    return {k: str(k) if k else "Не заключён" for k in keys}
