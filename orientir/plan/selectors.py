"""Reads of the plan shared by pages, exports, the feed and reminders; all scoped through access."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from orientir.accounts import access
from orientir.core.dates import add_years
from orientir.core.text import normalize_search, plural

from . import rules
from .models import PlanItem, PlanVersion, Task
from orientir.core.params import int_param, year_param

MONTHS = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь",
          "Декабрь"]


def versions(user):
    return access.plan_versions_for(user).order_by("-year")


def version_for_year(user, year: int | None, today: datetime.date) -> PlanVersion | None:
    """The version of the asked year, else the current year's, else the latest one."""
    qs = versions(user)
    if year:
        return qs.filter(year=year).first()
    return qs.filter(year=today.year).first() or qs.first()


def organisations_to_plan(version: PlanVersion) -> int:
    """The active organisations of the version's municipality: each takes the tasks of the items it participates in
    (about twenty), so their number is what makes the generation long (decision 66)."""
    from orientir.directory.models import Organisation

    return Organisation.objects.filter(municipality_id=version.municipality_id,
                                       status=Organisation.Status.ACTIVE).count()


def _base(user):
    return access.tasks_for(user).select_related("item", "unit", "organisation")


def my_tasks_queryset(user):
    """The tasks the user answers for: their organisation's (coordinator) or their unit's."""
    qs = _base(user)
    if user.role == "coordinator":
        return qs.filter(organisation_id=user.organisation_id)
    if user.unit_id:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def my_tasks(user, today: datetime.date, days: int = 14) -> dict:
    """«Мои задачи»: what is overdue and what falls due in the next `days` days, for the user's own tasks."""
    open_qs = my_tasks_queryset(user).exclude(status=Task.Status.DONE)
    return {
        "overdue": list(open_qs.filter(due_on__lt=today).order_by("due_on", "item__sort_key")[:200]),
        "soon": list(open_qs.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))
                     .order_by("due_on", "item__sort_key")[:200]),
        "in_progress_later": list(open_qs.filter(status=Task.Status.IN_PROGRESS,
                                                 due_on__gt=today + datetime.timedelta(days=days))
                                  .order_by("due_on", "item__sort_key")[:10]),
    }


@dataclass
class TaskFilter:
    year: int | None = None
    state: str = ""  # planned | in_progress | overdue | done | done_late | open
    unit: str = ""
    organisation: str = ""
    item: str = ""
    q: str = ""
    executor: str = ""  # "" | units | organisations

    @classmethod
    def from_query(cls, params) -> "TaskFilter":
        year = params.get("year", "")
        return cls(year=year_param(year), state=params.get("state", ""),
                   unit=params.get("unit", ""), organisation=params.get("organisation", ""),
                   item=params.get("item", ""), q=params.get("q", "").strip(), executor=params.get("executor", ""))


def task_list(user, flt: TaskFilter, version: PlanVersion | None, today: datetime.date):
    qs = _base(user)
    if version is not None:
        qs = qs.filter(version=version)
    if flt.state == "overdue":
        qs = qs.exclude(status=Task.Status.DONE).filter(due_on__lt=today)
    elif flt.state == "open":
        qs = qs.exclude(status=Task.Status.DONE)
    elif flt.state == "done_on_time":
        qs = qs.filter(status=Task.Status.DONE).annotate(done_day=TruncDate("done_at")).filter(
            done_day__lte=F("due_on"))
    elif flt.state == "done_late":
        qs = qs.filter(status=Task.Status.DONE).annotate(done_day=TruncDate("done_at")).filter(
            done_day__gt=F("due_on"))
    elif flt.state in Task.Status.values:
        qs = qs.filter(status=flt.state)
    if int_param(flt.unit):
        qs = qs.filter(unit_id=int_param(flt.unit))
    if int_param(flt.organisation):
        qs = qs.filter(organisation_id=int_param(flt.organisation))
    if flt.executor == "units":
        qs = qs.filter(unit__isnull=False)
    elif flt.executor == "organisations":
        qs = qs.filter(organisation__isnull=False)
    if flt.item:
        qs = qs.filter(item__number=flt.item)
    if flt.q:
        for word in normalize_search(flt.q).split(" "):
            qs = qs.filter(Q(organisation__search_text__contains=word) | Q(item__title__fold_contains=word)
                           | Q(unit__short_name__fold_contains=word))
    return qs.order_by("due_on", "item__sort_key", "unit__short_name", "organisation__sort_name", "id")


def _state_counts(qs, today: datetime.date) -> dict:
    """Counts by state in one aggregate: done on time / late, overdue, open (not yet due)."""
    done = Q(status=Task.Status.DONE)
    return qs.annotate(done_day=TruncDate("done_at")).aggregate(
        total=Count("id"),
        done_on_time=Count("id", filter=done & Q(done_day__lte=F("due_on"))),
        done_late=Count("id", filter=done & Q(done_day__gt=F("due_on"))),
        overdue=Count("id", filter=~done & Q(due_on__lt=today)),
        open=Count("id", filter=~done & Q(due_on__gte=today)),
    )


def _grouped_counts(qs, field: str, today: datetime.date) -> dict:
    done = Q(status=Task.Status.DONE)
    rows = (qs.annotate(done_day=TruncDate("done_at")).values(field).order_by()
            .annotate(total=Count("id"),
                      done_on_time=Count("id", filter=done & Q(done_day__lte=F("due_on"))),
                      done_late=Count("id", filter=done & Q(done_day__gt=F("due_on"))),
                      overdue=Count("id", filter=~done & Q(due_on__lt=today)),
                      open=Count("id", filter=~done & Q(due_on__gte=today))))
    return {row[field]: row for row in rows}


def execution_dashboard(user, version: PlanVersion, today: datetime.date) -> dict:
    """Execution per unit and per organisation, plus totals; a bounded number of queries."""
    from orientir.directory.models import CommitteeUnit, Organisation

    qs = access.tasks_for(user).filter(version=version)
    totals = _state_counts(qs, today)
    by_unit = _grouped_counts(qs.filter(unit__isnull=False), "unit_id", today)
    by_org = _grouped_counts(qs.filter(organisation__isnull=False), "organisation_id", today)
    units = {u.pk: u for u in CommitteeUnit.objects.filter(pk__in=by_unit.keys())}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=by_org.keys()).only("id", "short_name", "sort_name")}
    unit_rows = sorted(((units[k], v) for k, v in by_unit.items()), key=lambda r: r[0].name)
    org_rows = sorted(((orgs[k], v) for k, v in by_org.items()),
                      key=lambda r: (-r[1]["overdue"], r[0].sort_name))
    return {"totals": totals, "units": unit_rows, "organisations": org_rows}


def year_grid(user, version: PlanVersion, today: datetime.date) -> list[dict]:
    """Items by section × 12 months: how many tasks fall due in each month and their worst state."""
    tasks = (access.tasks_for(user).filter(version=version, due_on__year=version.year)
             .annotate(month=F("due_on__month"))
             .values("item_id", "month")
             .annotate(total=Count("id"),
                       done=Count("id", filter=Q(status=Task.Status.DONE)),
                       overdue=Count("id", filter=~Q(status=Task.Status.DONE) & Q(due_on__lt=today)))
             .order_by())
    cells: dict[int, dict[int, dict]] = defaultdict(dict)
    for row in tasks:
        cells[row["item_id"]][row["month"]] = row
    result = []
    for item in version.items.filter(is_retired=False).order_by("sort_key"):
        months = []
        for m in range(1, 13):
            cell = cells.get(item.pk, {}).get(m)
            if cell is None:
                months.append(None)
            else:
                state = ("overdue" if cell["overdue"] else "done" if cell["done"] == cell["total"] else "open")
                months.append({**cell, "state": state})
        span_months = _span_months(item.rule, version.year)
        result.append({"item": item, "months": months, "span": span_months})
    return result


def _span_months(rule: dict | None, year: int) -> set[int]:
    """Months of the year in which a window or span item is being worked on (shaded in the grid)."""
    if not rule or rule.get("type") == "before":
        return set()
    try:
        occs = rules.occurrences(rule, year, default_start=datetime.date(year, 6, 1))
    except rules.RuleError:
        return set()
    months = set()
    for occ in occs:
        start = occ.starts_on or occ.due_on
        day = max(start, datetime.date(year, 1, 1))
        while day <= occ.due_on and day.year == year:
            months.add(day.month)
            day = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return months


def month_calendar(user, year: int, month: int, today: datetime.date) -> list[list[dict]]:
    """Weeks of a month, each day with the user's tasks falling due on it (grouped by item)."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    rows = (access.tasks_for(user).filter(due_on__range=(first, last))
            .values("due_on", "item__number", "item__title", "item__sort_key")
            .annotate(total=Count("id"), done=Count("id", filter=Q(status=Task.Status.DONE)),
                      overdue=Count("id", filter=~Q(status=Task.Status.DONE) & Q(due_on__lt=today)))
            .order_by("due_on", "item__sort_key"))
    by_day: dict[datetime.date, list] = defaultdict(list)
    for row in rows:
        by_day[row["due_on"]].append(row)
    from .calendar import is_working_day

    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"date": d, "in_month": d.month == month, "today": d == today,
                       "working": is_working_day(d), "entries": by_day.get(d, [])} for d in week])
    return weeks


@dataclass
class PlanIssue:
    """An inconsistency of the plan that a careful administrator should resolve."""

    item: PlanItem
    kind: str
    message: str


CADENCE_PER_YEAR = {"weekly": 52, "monthly": 12, "quarterly": 4, "half_yearly": 2}


def plan_check(version: PlanVersion) -> list[PlanIssue]:
    """Inconsistencies: due before a dependency; promised cadence the dates do not give; a weekly
    monitoring with only an end date; a rule that produces no dates; units missing."""
    items = {i.number: i for i in version.items.filter(is_retired=False).prefetch_related("units")}
    issues: list[PlanIssue] = []
    last_due: dict[str, datetime.date] = {}
    for number, item in items.items():
        try:
            occ = rules.occurrences(item.rule, version.year, default_start=datetime.date(version.year, 1, 1))
        except rules.RuleError as exc:
            issues.append(PlanIssue(item, "rule", f"Срок задан неверно: {exc}"))
            continue
        if occ:
            last_due[number] = occ[0].due_on
    for number, item in items.items():
        rule = item.rule or {}
        for dep_number in item.depends_on:
            dep = items.get(dep_number)
            if dep is None:
                issues.append(PlanIssue(item, "dependency", f"Пункт зависит от пункта {dep_number}, которого нет."))
                continue
            # A dependency done «in the year preceding contract signing» feeds next year's dependent item
            # (2.8.1 in autumn feeds 2.9 of the following spring): compare with the next year's date then.
            dep_ahead = (dep.rule or {}).get("preceding_contract_year") and not rule.get("preceding_contract_year")
            mine = last_due.get(number)
            if mine and dep_ahead:
                mine = add_years(mine, 1)
            if mine and dep_number in last_due and mine < last_due[dep_number] and rule.get("type") == "before":
                issues.append(PlanIssue(
                    item, "order",
                    f"Срок пункта {number} ({mine:%d.%m}) раньше срока пункта {dep_number} "
                    f"({last_due[dep_number]:%d.%m}), результаты которого он использует."))
        if item.promised_cadence and rule:
            per_year = CADENCE_PER_YEAR.get(item.promised_cadence)
            given = _dates_per_year(rule)
            if per_year and given is not None and given < per_year and rule.get("type") != "weekly":
                issues.append(PlanIssue(
                    item, "cadence",
                    f"Ожидаемый результат обещает {item.get_promised_cadence_display()} мониторинг "
                    f"({per_year} {_times(per_year)} в год), а срок даёт {given} {_times(given)} в год: "
                    f"{item.rule_text}."))
        if rule.get("type") == "weekly" and not rule.get("start"):
            issues.append(PlanIssue(
                item, "weekly_without_start",
                f"Еженедельный мониторинг задан только датой окончания ({item.rule_text}): не указано, "
                "с какой даты он ведётся. Система начинает его после срока пункта, от которого он зависит."))
        if rule and not item.units.all():
            issues.append(PlanIssue(item, "units", "Не указаны ответственные подразделения."))
    order = {"order": 0, "cadence": 1, "weekly_without_start": 2, "rule": 3, "dependency": 4, "units": 5}
    return sorted(issues, key=lambda i: (order.get(i.kind, 9), i.item.sort_key))


def _dates_per_year(rule: dict) -> int | None:
    if rule.get("type") == "before":
        return len(rule.get("dates", []))
    if rule.get("type") in ("window", "span"):
        return 1
    return None


def _times(n: int) -> str:
    return plural(n, ("раз", "раза", "раз"))


def reminder_digests(today: datetime.date, days: int = 7):
    """{user: [tasks]}: open tasks due within `days` days or overdue, for the people who answer for them."""
    from orientir.accounts.models import User

    horizon = today + datetime.timedelta(days=days)
    tasks = list(Task.objects.exclude(status=Task.Status.DONE).filter(due_on__lte=horizon)
                 .select_related("item", "unit", "organisation").order_by("due_on", "item__sort_key"))
    unit_ids = {t.unit_id for t in tasks if t.unit_id}
    org_ids = {t.organisation_id for t in tasks if t.organisation_id}
    people = User.objects.filter(is_active=True).exclude(email="").filter(
        Q(unit_id__in=unit_ids, role__in=["committee", "directorate", "methodologist"])
        | Q(organisation_id__in=org_ids, role="coordinator"))
    by_unit, by_org = defaultdict(list), defaultdict(list)
    for person in people:
        if person.role == "coordinator":
            by_org[person.organisation_id].append(person)
        else:
            by_unit[person.unit_id].append(person)
    digests = defaultdict(list)
    for task in tasks:
        for person in (by_org[task.organisation_id] if task.organisation_id else by_unit[task.unit_id]):
            digests[person].append(task)
    return digests




def item_date(municipality_id: int | None, year: int, number: str, default: str) -> datetime.date:
    """The date a plan item's rule names in `year` («MM-DD» of a «before» rule, or the end of a weekly one):
    deadlines of other apps come from the plan an administrator keeps, with `default` when the year's plan has
    no such item (or the user works across municipalities)."""
    mmdd = default
    if municipality_id:
        rule = (PlanItem.objects.filter(version__municipality_id=municipality_id, version__year=year, number=number,
                                        is_retired=False).values_list("rule", flat=True).first())
        if rule:
            mmdd = (rule.get("dates") or [None])[0] or rule.get("end") or default
    month, day = (int(part) for part in mmdd.split("-"))
    return datetime.date(year, month, day)
