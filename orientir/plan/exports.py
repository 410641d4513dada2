"""Reports of the plan: the year plan and the execution report, as rows for the shared renderers."""

import datetime

from orientir.core.tables import Column, Report

from . import selectors
from .models import PlanVersion


def year_plan_report(version: PlanVersion) -> Report:
    """The year's plan as the committee prints it: item, deadline (with the last day), units, result."""
    from .rules import occurrences

    def rows():
        for item in version.items.filter(is_retired=False).prefetch_related("units").order_by("sort_key"):
            dates = ""
            if item.rule and item.rule.get("type") != "weekly":
                dates = ", ".join(f"{o.due_on:%d.%m.%Y}" for o in occurrences(item.rule, version.year))
            elif item.rule:
                occ = occurrences(item.rule, version.year, default_start=datetime.date(version.year, 6, 1))
                dates = f"еженедельно, {len(occ)} срок(ов)"
            yield (item.number, item.title, item.deadline_text or "—", item.rule_text, dates,
                   ", ".join(u.short_name for u in item.units.all()), item.get_participation_display(),
                   item.expected_result)

    return Report(
        title=f"{version.title} на {version.year} год",
        subtitle=version.source,
        columns=[Column("№", 6), Column("Мероприятие", 50), Column("Срок по плану", 28),
                 Column("Срок (однозначно)", 30), Column("Последний день", 14), Column("Ответственные", 16),
                 Column("Участие организаций", 20), Column("Ожидаемый результат", 45)],
        rows=rows(), filename=f"plan-{version.year}",
        notes=["«До 1 июля» означает, что последний день исполнения — 30 июня."],
    )


def execution_report(user, version: PlanVersion, today: datetime.date) -> Report:
    """Execution per unit and per organisation: on time, late, overdue, not yet due."""
    data = selectors.execution_dashboard(user, version, today)

    def rows():
        t = data["totals"]
        yield ("Всего", "", t["total"], t["done_on_time"], t["done_late"], t["overdue"], t["open"], _pct(t))
        for unit, c in data["units"]:
            yield (unit.name, "подразделение Комитета", c["total"], c["done_on_time"], c["done_late"], c["overdue"],
                   c["open"], _pct(c))
        for org, c in data["organisations"]:
            yield (org.short_name, "организация", c["total"], c["done_on_time"], c["done_late"], c["overdue"],
                   c["open"], _pct(c))

    return Report(
        title=f"Исполнение плана мероприятий на {version.year} год",
        subtitle=f"По состоянию на {today:%d.%m.%Y}",
        columns=[Column("Исполнитель", 45), Column("Вид", 22), Column("Задач", 9, "number"),
                 Column("Выполнено в срок", 12, "number"), Column("С опозданием", 12, "number"),
                 Column("Просрочено", 12, "number"), Column("Срок не наступил", 12, "number"),
                 Column("Исполнено в срок, %", 12, "number")],
        rows=rows(), filename=f"plan-execution-{version.year}",
    )


def _pct(c: dict) -> int | str:
    """Done on time, per cent of the tasks due, as a whole number Excel can sum; «—» when none was due."""
    due = c["done_on_time"] + c["done_late"] + c["overdue"]
    return round(100 * c["done_on_time"] / due) if due else "—"


def task_list_report(qs, today: datetime.date) -> Report:
    def rows():
        for t in qs.iterator(chunk_size=2000):
            yield (t.item.number, t.label, t.item.title, t.executor_name, t.starts_on, t.due_on,
                   t.STATE_LABELS[t.state(today)][0], t.done_at, t.note)

    return Report(title="Задачи плана", columns=[
        Column("№", 7), Column("Этап", 10), Column("Мероприятие", 50), Column("Исполнитель", 28),
        Column("Начало", 12, "date"), Column("Срок (вкл.)", 12, "date"), Column("Состояние", 20),
        Column("Выполнена", 16, "date"), Column("Комментарий", 40)], rows=rows(), filename="plan-tasks")
