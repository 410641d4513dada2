"""Every write to the plan: versions, items, task generation, task life cycle, reminders."""

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from orientir.core import audit
from orientir.core.errors import DomainError, StaleObjectError
from orientir.core.validators import is_system_path
from orientir.directory.models import CommitteeUnit, Organisation

from . import rules
from .models import PlanItem, PlanVersion, Task

PLAN_FILE = Path(__file__).resolve().parent / "data" / "plan.json"

PARTICIPANTS = {
    PlanItem.Participation.ALL: {},
    PlanItem.Participation.EDUCATION: {"sector": "education"},
    PlanItem.Participation.SCHOOLS: {"kind": Organisation.Kind.SCHOOL},
    PlanItem.Participation.CUSTOMERS: {"is_customer": True},
}


def read_plan_file() -> dict:
    with open(PLAN_FILE, encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def version_create(*, actor, municipality, year: int, based_on: PlanVersion | None = None) -> PlanVersion:
    """A year's plan: a copy of an earlier year's (with its edits) or of the plan file shipped with the system."""
    if PlanVersion.objects.filter(municipality=municipality, year=year).exists():
        raise DomainError(f"План на {year} год уже создан.", field="year")
    units = {u.short_name: u for u in CommitteeUnit.objects.filter(municipality=municipality)}
    if based_on is not None:
        version = PlanVersion.objects.create(municipality=municipality, year=year, title=based_on.title,
                                             source=based_on.source, based_on=based_on)
        source_items = [
            {"number": i.number, "parent": i.parent.number if i.parent_id else None, "title": i.title,
             "deadline_text": i.deadline_text, "rule": i.rule, "units": [u.short_name for u in i.units.all()],
             "organisations": i.participation, "expected_result": i.expected_result, "artifact": i.artifact,
             "depends_on": i.depends_on, "promised_cadence": i.promised_cadence, "is_retired": i.is_retired}
            for i in based_on.items.select_related("parent").prefetch_related("units")
        ]
    else:
        data = read_plan_file()
        version = PlanVersion.objects.create(municipality=municipality, year=year, title=data["title"],
                                             source=data["source"])
        source_items = data["items"]
    by_number: dict[str, PlanItem] = {}
    for row in source_items:
        missing = [u for u in row["units"] if u not in units]
        if missing:
            raise DomainError(f"Пункт {row['number']}: нет подразделений {', '.join(missing)} "
                              f"в муниципальном образовании {municipality}.")
        item = PlanItem.objects.create(
            version=version, number=row["number"], parent=by_number.get(row["parent"]) if row["parent"] else None,
            title=row["title"], deadline_text=row["deadline_text"], rule=row["rule"],
            participation=row["organisations"], expected_result=row["expected_result"], artifact=row["artifact"],
            depends_on=row["depends_on"], promised_cadence=row["promised_cadence"] or "",
            is_retired=row.get("is_retired", False),
        )
        item.units.set([units[u] for u in row["units"]])
        by_number[item.number] = item
    audit.record(actor=actor, action="plan.version.created", instance=version,
                 changes={"year": [None, year], "based_on": [None, str(based_on) if based_on else "файл плана"]})
    return version


def _default_start(item: PlanItem, items: dict[str, PlanItem], year: int) -> datetime.date | None:
    """A weekly rule without a start begins after the deadline of the item it depends on."""
    for number in item.depends_on:
        dep = items.get(number)
        if dep and dep.rule:
            dates = rules.occurrences(dep.rule, year)
            if dates:
                return dates[-1].due_on + datetime.timedelta(days=1)
    return None


def planned_tasks(version: PlanVersion) -> list[Task]:
    """The tasks the version's items give for its year (unsaved): per unit, and per organisation for leaf items."""
    items = {i.number: i for i in version.items.prefetch_related("units")}
    has_children = {i.parent_id for i in items.values() if i.parent_id and not i.is_retired}
    orgs_cache: dict[str, list[Organisation]] = {}
    result = []
    for item in items.values():
        if item.is_retired or not item.rule:
            continue
        occurrences = rules.occurrences(item.rule, version.year,
                                        default_start=_default_start(item, items, version.year))
        executors = [{"unit": u} for u in item.units.all()]
        # Organisations take part in leaf items only: a parent item summarises its children's work.
        if item.participation in PARTICIPANTS and item.pk not in has_children:
            key = item.participation
            if key not in orgs_cache:
                orgs_cache[key] = list(Organisation.objects.filter(
                    municipality_id=version.municipality_id, status=Organisation.Status.ACTIVE,
                    **PARTICIPANTS[key]).only("id"))
            executors += [{"organisation": o} for o in orgs_cache[key]]
        for occ in occurrences:
            for executor in executors:
                result.append(Task(version=version, item=item, due_on=occ.due_on, starts_on=occ.starts_on,
                                   label=occ.label, **executor))
    return result


def _task_key(task: Task) -> tuple:
    return (task.item_id, task.unit_id, task.organisation_id, task.due_on, task.label)


@transaction.atomic
def tasks_generate(*, actor, version: PlanVersion) -> dict:
    """Bring the year's tasks in line with the plan: add missing ones, drop open ones the plan no longer has.

    Done tasks are never dropped: they are the record of what was done.
    """
    planned = {_task_key(t): t for t in planned_tasks(version)}
    existing = {_task_key(t): t for t in Task.objects.filter(version=version)}
    to_add = [t for k, t in planned.items() if k not in existing]
    stale = [t.pk for k, t in existing.items() if k not in planned and t.status != Task.Status.DONE]
    Task.objects.bulk_create(to_add, batch_size=2000)
    Task.objects.filter(pk__in=stale).delete()
    version.tasks_generated_at = timezone.now()
    version.save(update_fields=["tasks_generated_at"])
    summary = {"added": len(to_add), "removed": len(stale), "total": Task.objects.filter(version=version).count()}
    audit.record(actor=actor, action="plan.version.tasks_generated", instance=version,
                 changes={k: [None, v] for k, v in summary.items()})
    return summary


def tasks_generated_message(summary: dict) -> str:
    return (f"Задачи обновлены по плану: добавлено {summary['added']}, снято {summary['removed']} невыполненных, "
            f"всего {summary['total']}.")


def tasks_generate_later(*, actor, version: PlanVersion):
    """Hand `tasks_generate` to a task worker (orientir.plan.job_kinds); the job is audited as started."""
    from orientir.jobs import services as jobs_services

    return jobs_services.start(actor, kind="plan.generate", title=f"Задачи плана на {version.year} год: "
                                                                   f"{version.municipality}",
                               params={"version": version.pk})


@transaction.atomic
def item_save(*, actor, item: PlanItem, data: dict[str, Any], units) -> PlanItem:
    """Create or change a plan item; the deadline rule must produce dates."""
    creating = item.pk is None
    before = {} if creating else audit.snapshot(PlanItem.objects.get(pk=item.pk))
    before_units = [] if creating else sorted(u.short_name for u in item.units.all())
    for name, value in data.items():
        setattr(item, name, value)
    if PlanItem.objects.filter(version=item.version, number=item.number).exclude(pk=item.pk).exists():
        raise DomainError(f"Пункт с номером {item.number} в этом плане уже есть.", field="number")
    if item.rule:
        try:
            rules.validate(item.rule)
        except rules.RuleError as exc:
            raise DomainError(str(exc), field="rule_type") from exc
    try:
        item.full_clean(exclude=["version", "parent"])
    except ValidationError as exc:
        if "__all__" in getattr(exc, "error_dict", {}) or "number" in getattr(exc, "error_dict", {}):
            raise DomainError(f"Пункт с номером {item.number} в этом плане уже есть.", field="number") from exc
        raise
    item.save()
    item.units.set(units)
    after = audit.snapshot(item)
    before["units"], after["units"] = before_units, sorted(u.short_name for u in units)
    changes = audit.diff(before, after)
    if creating or changes:
        audit.record(actor=actor, action=f"plan.item.{'created' if creating else 'updated'}", instance=item,
                     changes=changes)
    return item


@transaction.atomic
def item_set_retired(*, actor, item: PlanItem, retired: bool) -> PlanItem:
    if item.is_retired != retired:
        item.is_retired = retired
        item.save(update_fields=["is_retired"])
        audit.record(actor=actor, action=f"plan.item.{'retired' if retired else 'restored'}", instance=item,
                     changes={"is_retired": [not retired, retired]})
    return item


def _locked(task: Task, expected_version: int | None) -> Task:
    current = Task.objects.select_for_update().get(pk=task.pk)
    if expected_version is not None and current.version_no != expected_version:
        raise StaleObjectError()
    return current


@transaction.atomic
def task_start(*, actor, task: Task) -> Task:
    current = _locked(task, None)
    if current.status != Task.Status.PLANNED:
        raise DomainError("Начать можно только запланированную задачу.")
    current.status = Task.Status.IN_PROGRESS
    current.version_no = F("version_no") + 1
    current.save(update_fields=["status", "version_no"])
    audit.record(actor=actor, action="plan.task.started", instance=current,
                 changes={"status": ["planned", "in_progress"]})
    current.refresh_from_db()
    return current


@transaction.atomic
def task_close(*, actor, task: Task, note: str, evidence_url: str = "", evidence_file=None,
               expected_version: int | None = None) -> Task:
    """Mark done: needs evidence (a link to the system's artifact or a file) and a note."""
    current = _locked(task, expected_version)
    if current.status == Task.Status.DONE:
        raise DomainError("Задача уже выполнена.")
    if not note.strip():
        raise DomainError("Опишите, что сделано: комментарий обязателен.", field="note")
    if not evidence_url.strip() and not evidence_file:
        raise DomainError("Приложите подтверждение: ссылку на результат в системе или файл.", field="evidence_url")
    evidence_url = evidence_url.strip()
    if evidence_url and not is_system_path(evidence_url):
        raise DomainError("Ссылка должна вести на страницу системы и начинаться с «/».", field="evidence_url")
    before = current.status
    current.status = Task.Status.DONE
    current.done_at = timezone.now()
    current.closed_by = actor
    current.note = note.strip()
    current.evidence_url = evidence_url.strip()
    if evidence_file:
        current.evidence_file = evidence_file
    current.version_no = F("version_no") + 1
    current.save()
    current.refresh_from_db()
    changes = {"status": [before, "done"], "note": [None, current.note]}
    if current.evidence_url:
        changes["evidence_url"] = [None, current.evidence_url]
    if current.evidence_file:
        changes["evidence_file"] = [None, current.evidence_file.name.rsplit("/", 1)[-1]]
    audit.record(actor=actor, action="plan.task.closed", instance=current, changes=changes)
    return current


@transaction.atomic
def task_reopen(*, actor, task: Task, reason: str) -> Task:
    """Return a done task to work; the reason is kept in the task's history."""
    current = _locked(task, None)
    if current.status != Task.Status.DONE:
        raise DomainError("Возобновить можно только выполненную задачу.")
    if not reason.strip():
        raise DomainError("Укажите причину возобновления.", field="reason")
    done_at = current.done_at
    current.status = Task.Status.IN_PROGRESS
    current.done_at = None
    current.closed_by = None
    current.version_no = F("version_no") + 1
    current.save()
    current.refresh_from_db()
    audit.record(actor=actor, action="plan.task.reopened", instance=current,
                 changes={"status": ["done", "in_progress"], "Причина возобновления": [None, reason.strip()],
                          "done_at": [timezone.localtime(done_at).strftime("%d.%m.%Y %H:%M") if done_at else None,
                                      None]})
    return current
