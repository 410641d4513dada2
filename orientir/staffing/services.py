"""Every write of the staffing monitoring: campaigns, returns (save, submit, send back), Excel import."""

import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from orientir.core import audit
from orientir.core.errors import DomainError, StaleObjectError
from orientir.directory.models import Organisation, Position

from .models import LINE_NUMBER_FIELDS, ReturnLine, StaffingCampaign, StaffingReturn
from .validation import LABELS, parse_line, show

# Positions a return starts with when the organisation has no earlier return, by kind of organisation.
DEFAULT_POSITIONS = {
    "school": ["Учитель начальных классов", "Учитель математики", "Учитель русского языка и литературы",
               "Учитель иностранного языка", "Учитель физики", "Учитель информатики",
               "Учитель физической культуры", "Педагог-психолог", "Социальный педагог"],
    "kindergarten": ["Воспитатель", "Музыкальный руководитель", "Инструктор по физической культуре",
                     "Учитель-логопед", "Педагог-психолог"],
    "additional": ["Педагог дополнительного образования"],
    "culture": ["Библиотекарь", "Культорганизатор", "Хормейстер", "Хореограф"],
    "sport": ["Тренер-преподаватель", "Инструктор-методист"],
    "other": [],
}


class ImportErrors(DomainError):
    """An import refused as a whole: every error with its row and column."""

    def __init__(self, errors: list[tuple[int, str, str]], *, marked: bool = False):
        total = getattr(errors, "total", len(errors))  # an ErrorList keeps the first 200 and counts them all
        self.marked = marked  # the file was read: its copy with the errors marked can be given back
        super().__init__(f"Файл не загружен: найдено ошибок — {total}. Исправьте их и загрузите файл снова.")
        self.errors = errors
        self.total = total


@transaction.atomic
def campaign_open(*, actor, municipality, year: int, deadline: datetime.date) -> StaffingCampaign:
    """Open the year's monitoring: every active organisation gets a return prefilled from last year."""
    if StaffingCampaign.objects.filter(municipality=municipality, year=year).exists():
        raise DomainError(f"Мониторинг {year} года уже открыт.", field="year")
    campaign = StaffingCampaign.objects.create(municipality=municipality, year=year, deadline=deadline,
                                               opened_by=actor)
    orgs = list(Organisation.objects.filter(municipality=municipality, status=Organisation.Status.ACTIVE))
    StaffingReturn.objects.bulk_create([StaffingReturn(campaign=campaign, organisation=o) for o in orgs])
    returns = {r.organisation_id: r for r in campaign.returns.all()}
    _prefill(campaign, returns, orgs)
    audit.record(actor=actor, action="staffing.campaign.opened", instance=campaign,
                 changes={"year": [None, year], "deadline": [None, deadline.isoformat()],
                          "returns": [None, len(orgs)]})
    return campaign


def _prefill(campaign, returns: dict[int, StaffingReturn], orgs) -> None:
    """Copy last year's lines (numbers and all) or start from the positions typical for the kind."""
    previous = StaffingCampaign.objects.filter(municipality=campaign.municipality,
                                               year__lt=campaign.year).order_by("-year").first()
    lines: list[ReturnLine] = []
    copied = set()
    if previous:
        for line in ReturnLine.objects.filter(ret__campaign=previous).select_related("ret"):
            ret = returns.get(line.ret.organisation_id)
            if ret is None:
                continue
            copied.add(ret.organisation_id)
            line.pk, line.ret = None, ret
            # Flows of the past year are new facts every year: they start empty.
            for name in ("left_last_year", "left_retirement_last_year", "hired_last_year",
                         "hired_target_last_year"):
                setattr(line, name, 0)
            lines.append(line)
    positions = {p.name: p for p in Position.objects.all()}
    for org in orgs:
        if org.pk in copied:
            continue
        for name in DEFAULT_POSITIONS.get(org.kind, []):
            if name in positions:
                lines.append(ReturnLine(ret=returns[org.pk], position=positions[name]))
    ReturnLine.objects.bulk_create(lines, batch_size=2000)


def _check_editable(ret: StaffingReturn) -> None:
    if ret.status == StaffingReturn.Status.SUBMITTED:
        raise DomainError("Сведения уже представлены и закрыты для изменений. Если нужна правка, попросите "
                          "Комитет вернуть их на доработку.")
    if ret.campaign.status == StaffingCampaign.Status.CLOSED:
        raise DomainError("Мониторинг завершён: изменения не принимаются.")


def _lock(ret: StaffingReturn, expected_version: int | None) -> StaffingReturn:
    current = StaffingReturn.objects.select_for_update().select_related("campaign", "organisation").get(pk=ret.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError()
    return current


@transaction.atomic
def return_save(*, actor, ret: StaffingReturn, rows: dict[int, dict], expected_version: int | None = None,
                action: str = "staffing.return.saved") -> StaffingReturn:
    """Save all lines at once (line id → raw values); any invalid line → nothing saved, all errors raised."""
    current = _lock(ret, expected_version)
    _check_editable(current)
    lines = {line.pk: line for line in current.lines.select_related("position")}
    errors: list[tuple[int, str, str]] = []
    parsed = {}
    for line_id, raw in rows.items():
        if line_id not in lines:
            raise DomainError("Строка сведений не найдена: обновите страницу.")
        values, line_errors = parse_line(raw)
        errors += [(line_id, field, message) for field, message in line_errors]
        parsed[line_id] = values
    if errors:
        raise ImportErrors(errors)
    changes = {}
    changed_lines, changed_fields = [], set()
    for line_id, values in parsed.items():
        line = lines[line_id]
        before = {f: getattr(line, f) for f in values}
        for name, value in values.items():
            setattr(line, name, value)
        line_fields = [f for f in values if before[f] != values[f]]
        for f in line_fields:
            label = LABELS.get(f, "Вакансий")
            changes[f"{line.position.name}: {label}"] = [show(before[f]), show(values[f])]
        if line_fields:
            changed_lines.append(line)
            changed_fields.update(line_fields)
    # Only what changed is written: a bulk update of every field of every line builds a CASE per field and line
    # (29 fields × the lines), which made «Представить» after a save take seconds on the dev server.
    if changed_lines:
        ReturnLine.objects.bulk_update(changed_lines, [f for f in LINE_NUMBER_FIELDS + ["vacancies"]
                                                       if f in changed_fields])
    if current.status == StaffingReturn.Status.RETURNED:
        pass  # stays «returned» until submitted again, so the committee sees it was sent back
    current.version = F("version") + 1
    current.save(update_fields=["version", "updated_at"])
    current.refresh_from_db()
    audit.record(actor=actor, action=action, instance=current, changes=changes)
    return current


@transaction.atomic
def return_add_position(*, actor, ret: StaffingReturn, position: Position) -> ReturnLine:
    current = _lock(ret, None)
    _check_editable(current)
    if current.lines.filter(position=position).exists():
        raise DomainError(f"Должность «{position.name}» уже есть в сведениях.", field="position")
    line = ReturnLine.objects.create(ret=current, position=position)
    audit.record(actor=actor, action="staffing.return.position_added", instance=current,
                 changes={"position": [None, position.name]})
    return line


@transaction.atomic
def return_remove_line(*, actor, ret: StaffingReturn, line_id: int) -> None:
    current = _lock(ret, None)
    _check_editable(current)
    line = current.lines.filter(pk=line_id).select_related("position").first()
    if line is None:
        raise DomainError("Строка не найдена.")
    name = line.position.name
    line.delete()
    audit.record(actor=actor, action="staffing.return.position_removed", instance=current,
                 changes={"position": [name, None]})


@transaction.atomic
def return_submit(*, actor, ret: StaffingReturn) -> StaffingReturn:
    """Lock the return; the organisation's plan task 1.1 of that year closes with it as evidence."""
    current = _lock(ret, None)
    _check_editable(current)
    lines = list(current.lines.all())
    if not lines:
        raise DomainError("Добавьте хотя бы одну должность.")
    errors = []
    for line in lines:
        _, line_errors = parse_line({f: getattr(line, f) for f in LINE_NUMBER_FIELDS})
        errors += [(line.pk, field, message) for field, message in line_errors]
    if errors:
        raise ImportErrors(errors)
    before = current.status
    current.status = StaffingReturn.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = actor
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit.record(actor=actor, action="staffing.return.submitted", instance=current,
                 changes={"status": [before, current.status]})
    _close_plan_task(actor, current)
    return current


def _close_plan_task(actor, ret: StaffingReturn) -> None:
    """Campaign progress feeds plan item 1.1: the organisation's open task closes with the return as proof."""
    from orientir.plan.models import Task
    from orientir.plan.services import task_close

    task = (Task.objects.filter(version__municipality=ret.campaign.municipality, version__year=ret.campaign.year,
                                item__artifact="staffing.monitoring", organisation=ret.organisation)
            .exclude(status=Task.Status.DONE).first())
    if task is not None:
        task_close(actor=actor, task=task, note="Сведения мониторинга кадровой обеспеченности представлены.",
                   evidence_url=reverse("staffing:return_detail", args=[ret.pk]))


@transaction.atomic
def return_send_back(*, actor, ret: StaffingReturn, comment: str) -> StaffingReturn:
    """The committee returns submitted data for correction, saying what to correct."""
    current = _lock(ret, None)
    if current.campaign.status == StaffingCampaign.Status.CLOSED:
        raise DomainError("Мониторинг завершён: вернуть сведения на доработку уже нельзя.")
    if current.status != StaffingReturn.Status.SUBMITTED:
        raise DomainError("Вернуть можно только представленные сведения.")
    if not comment.strip():
        raise DomainError("Напишите, что нужно исправить.", field="comment")
    current.status = StaffingReturn.Status.RETURNED
    current.review_comment = comment.strip()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit.record(actor=actor, action="staffing.return.sent_back", instance=current,
                 changes={"status": ["submitted", "returned"], "review_comment": [None, current.review_comment]})
    _reopen_plan_task(actor, current)
    return current


def _reopen_plan_task(actor, ret: StaffingReturn) -> None:
    """Sent back for correction: the organisation's plan task 1.1 is not done any more."""
    from orientir.plan.models import Task
    from orientir.plan.services import task_reopen

    for task in Task.objects.filter(version__municipality=ret.campaign.municipality, version__year=ret.campaign.year,
                                    item__artifact="staffing.monitoring", organisation=ret.organisation,
                                    status=Task.Status.DONE):
        task_reopen(actor=actor, task=task, reason=f"Сведения возвращены на доработку: {ret.review_comment}")


@transaction.atomic
def campaign_close(*, actor, campaign: StaffingCampaign) -> StaffingCampaign:
    """End the collection; the committee's plan task 1.1 of that year closes with the consolidation as proof."""
    from orientir.plan.models import Task
    from orientir.plan.services import task_close

    if campaign.status == StaffingCampaign.Status.CLOSED:
        raise DomainError("Мониторинг уже завершён.")
    campaign.status = StaffingCampaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    audit.record(actor=actor, action="staffing.campaign.closed", instance=campaign)
    for task in Task.objects.filter(version__municipality=campaign.municipality, version__year=campaign.year,
                                    item__artifact="staffing.monitoring", unit__isnull=False
                                    ).exclude(status=Task.Status.DONE):
        task_close(actor=actor, task=task, note=f"Мониторинг {campaign.year} года проведён, сведения сведены.",
                   evidence_url=f"{reverse('staffing:consolidation')}?year={campaign.year}")
    return campaign


def labels() -> dict[str, str]:
    return LABELS
