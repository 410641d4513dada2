"""Writes of the targeted database (2.8.1) and route sheets (2.8.2, 2.8.3). Every write is audited.

Rules kept here: only pupils of grades 9 and 11 with an active consent enter the database (one entry a
school year); a sheet is composed once per entry, from a sector template or empty; planned dates stay
inside the school year; a completion mark is never dated in the future.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from orientir.accounts.roles import Sector
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.directory.models import EducationLevel

from .models import (ActivityKind, EducationLevelChoice, Pupil, RouteSheet, RouteSheetItem, RouteSheetTemplate,
                     RouteSheetTemplateItem, TargetedEntry)
from .selectors_routes import GRADES, year_label
from .services import has_active_consent

ENTRY_FIELDS = ["specialty", "level", "desired_institution", "customer", "status", "note"]
ITEM_FIELDS = ["kind", "title", "planned_on", "note"]
# The classifier's levels against the levels a target contract is concluded for.
SPECIALTY_LEVELS = {EducationLevel.SPO_WORKER: EducationLevelChoice.SPO, EducationLevel.SPO: EducationLevelChoice.SPO,
                    EducationLevel.BACHELOR: EducationLevelChoice.BACHELOR,
                    EducationLevel.SPECIALIST: EducationLevelChoice.SPECIALIST}


def planned_date(start_year: int, month: int) -> datetime.date:
    """Month of the school year (1 — September … 12 — August) → the 15th of that month."""
    if not 1 <= month <= 12:
        raise DomainError("Месяц учебного года должен быть от 1 (сентябрь) до 12 (август).")
    calendar_month = (month + 7) % 12 + 1
    return datetime.date(start_year if calendar_month >= 9 else start_year + 1, calendar_month, 15)


def year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)


def _need_consent(pupil: Pupil, what: str) -> None:
    if not has_active_consent(pupil):
        raise DomainError(f"Нет действующего согласия на обработку персональных данных обучающегося "
                          f"{pupil.full_name}: {what}. Внесите согласие в карточке обучающегося.", field="pupil")


def _check_entry_data(data: dict, start_year: int) -> str:
    """Check the specialty, level and customer; returns the level (taken from the specialty when not chosen)."""
    specialty = data.get("specialty")
    if specialty is None:
        raise DomainError("Выберите специальность (направление подготовки).", field="specialty")
    expected = SPECIALTY_LEVELS.get(specialty.level)
    if expected is None:
        raise DomainError(f"По специальности «{specialty}» ({specialty.get_level_display()}) договоры о целевом "
                          "обучении выпускников школ не заключаются: выберите специальность СПО, бакалавриата "
                          "или специалитета.", field="specialty")
    if not data.get("level"):
        data["level"] = expected
    if data["level"] != expected:
        chosen = dict(EducationLevelChoice.choices).get(data.get("level"), "не выбран")
        raise DomainError(f"Специальность «{specialty}» относится к уровню «{EducationLevelChoice(expected).label}», "
                          f"а выбран уровень «{chosen}».", field="level")
    start = datetime.date(start_year, 9, 1)
    if specialty.valid_to is not None and specialty.valid_to < start:
        raise DomainError(f"Специальность «{specialty}» исключена из классификатора с "
                          f"{specialty.valid_to:%d.%m.%Y}.", field="specialty")
    customer = data.get("customer")
    if customer is not None and not customer.is_customer:
        raise DomainError(f"Организация «{customer}» не внесена в реестр заказчиков целевого обучения.",
                          field="customer")
    return data["level"]


@transaction.atomic
def targeted_entry_create(*, actor, pupil: Pupil, start_year: int, data: dict) -> TargetedEntry:
    """Put a pupil of grade 9 or 11 with an active consent into the targeted database of the year."""
    if pupil.status != Pupil.Status.STUDYING:
        raise DomainError(f"{pupil.full_name} не обучается в школе ({pupil.get_status_display().lower()}): "
                          "в базу данных вносятся только обучающиеся.", field="pupil")
    _need_consent(pupil, "в базу данных для целевого обучения вносятся только обучающиеся с согласием")
    if pupil.grade not in GRADES:
        got = f"указан {pupil.grade} класс" if pupil.grade else "класс не указан"
        raise DomainError("В базу данных для целевого обучения вносятся только обучающиеся 9-х и 11-х классов; "
                          f"у обучающегося {pupil.full_name} {got}.", field="pupil")
    if TargetedEntry.objects.filter(pupil=pupil, start_year=start_year).exists():
        raise DomainError(f"{pupil.full_name} уже внесён(а) в базу данных на {year_label(start_year)} учебный год.",
                          field="pupil")
    data = {**data, "level": _check_entry_data(dict(data), start_year)}
    entry = TargetedEntry(pupil=pupil, start_year=start_year, **{f: data.get(f) for f in ENTRY_FIELDS if f in data})
    entry.desired_institution = (entry.desired_institution or "").strip()
    entry.note = (entry.note or "").strip()
    entry.full_clean(validate_unique=False)
    entry.save()
    # The pupil's FK has no verbose name: show it in Russian; leave out the empty fields of a new entry.
    changes = {("Обучающийся" if k == "pupil" else k): v for k, v in audit.diff({}, audit.snapshot(entry)).items()
               if v[1] not in (None, "")}
    audit.record(actor=actor, action="guidance.targeted_entry.created", instance=entry, changes=changes)
    return entry


@transaction.atomic
def targeted_entry_update(*, actor, entry: TargetedEntry, data: dict) -> TargetedEntry:
    """Correct an entry (allowed all school year); the pupil and the year stay."""
    current = TargetedEntry.objects.select_for_update().select_related("pupil").get(pk=entry.pk)
    _need_consent(current.pupil, "сведения базы данных для целевого обучения не изменяются")
    level = _check_entry_data({**{f: getattr(current, f) for f in ENTRY_FIELDS}, **data}, current.start_year)
    data = {**data, "level": level}
    before = audit.snapshot(current)
    for name in ENTRY_FIELDS:
        if name in data:
            value = data[name]
            setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.full_clean(validate_unique=False)
    current.save()
    changes = audit.diff(before, audit.snapshot(current))
    if changes:
        audit.record(actor=actor, action="guidance.targeted_entry.updated", instance=current, changes=changes)
    return current


# --- Route sheets -------------------------------------------------------------------------------------------

def _item_text(item: RouteSheetItem) -> str:
    return f"{item.title} ({ActivityKind(item.kind).label.lower()}, {item.planned_on:%d.%m.%Y})"


def _item_snapshot(item: RouteSheetItem) -> dict:
    """Changes keyed by the Russian labels: the sheet's history shows them as they are."""
    return {"Вид": ActivityKind(item.kind).label if item.kind in ActivityKind.values else item.kind,
            "Мероприятие": item.title, "Планируемая дата": item.planned_on.isoformat() if item.planned_on else None,
            "Выполнено": item.done_on.isoformat() if item.done_on else None, "Отметка": item.note or None}


def _next_fifteenth(day: datetime.date) -> datetime.date:
    """The first 15th of a month strictly after `day`."""
    if day.day < 15:
        return day.replace(day=15)
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 15)


def late_items(template: RouteSheetTemplate | None, start_year: int, today: datetime.date) -> list:
    """The template's items whose date has passed on `today`: what a sheet composed now must move or leave out."""
    if template is None:
        return []
    return [t for t in template.items.all().order_by("month", "order", "id")
            if planned_date(start_year, t.month) < today]


def _late_dates(count: int, today: datetime.date, end: datetime.date) -> list[datetime.date | None]:
    """Dates for `count` moved items: one per month from the next 15th, in order; None past the school year."""
    dates, day = [], _next_fifteenth(today)
    for _ in range(count):
        dates.append(day if day <= end else None)
        day = _next_fifteenth(day)
    return dates


@transaction.atomic
def route_sheet_create(*, actor, entry: TargetedEntry, template: RouteSheetTemplate | None,
                       passed: str = "keep", today: datetime.date | None = None) -> RouteSheet:
    """Compose the pupil's sheet: the template's items planned on the 15th of their month, or an empty sheet.

    Composed late (in December, say), the items whose date has passed are moved forward (`passed="move"`: one a
    month from the next 15th, keeping their order, the template's date kept in `moved_from`), left out ("skip"), or
    kept on their dates ("keep": they were held and will be marked done — a sheet entered after the fact). The page
    asks the coordinator, moving by default; the service keeps the dates unless told."""
    _need_consent(entry.pupil, "маршрутный лист не составляется")
    if entry.status == TargetedEntry.Status.DECLINED:
        raise DomainError("Обучающийся отказался от целевого обучения: маршрутный лист не составляется.")
    if RouteSheet.objects.filter(entry=entry).exists():
        raise DomainError("Маршрутный лист уже составлен: измените его мероприятия.")
    if template is not None and not template.is_active:
        raise DomainError("Этот типовой маршрутный лист больше не используется.", field="template")
    if passed not in ("move", "skip", "keep"):
        raise DomainError("Выберите, что сделать с мероприятиями, срок которых прошёл.", field="passed")
    today = today or timezone.localdate()
    sheet = RouteSheet.objects.create(entry=entry, template=template, created_by=actor)
    items, left_out = [], 0
    if template is not None:
        late = late_items(template, entry.start_year, today)
        moved = dict(zip((t.pk for t in late), _late_dates(len(late), today, year_bounds(entry.start_year)[1]),
                         strict=True))
        for t in template.items.all().order_by("month", "order", "id"):
            planned = planned_date(entry.start_year, t.month)
            if t.pk in moved and passed != "keep":
                if passed == "skip" or moved[t.pk] is None:
                    left_out += 1
                    continue
                items.append(RouteSheetItem(sheet=sheet, kind=t.kind, title=t.title, planned_on=moved[t.pk],
                                            moved_from=planned))
            else:
                items.append(RouteSheetItem(sheet=sheet, kind=t.kind, title=t.title, planned_on=planned))
        RouteSheetItem.objects.bulk_create(items)
    audit.record(actor=actor, action="guidance.route_sheet.created", instance=sheet,
                 object_repr=f"Маршрутный лист: {entry.pupil.full_name}, {year_label(entry.start_year)}",
                 changes={"Типовой маршрутный лист": [None, template.name if template else "без типового листа"],
                          "Мероприятий": [None, len(items)],
                          **({"Перенесено (срок прошёл)": [None, sum(1 for i in items if i.moved_from)]}
                             if any(i.moved_from for i in items) else {}),
                          **({"Не включено (срок прошёл)": [None, left_out]} if left_out else {})})
    return sheet


def _check_item(sheet: RouteSheet, data: dict) -> None:
    if not (data.get("title") or "").strip():
        raise DomainError("Укажите мероприятие.", field="title")
    if data.get("kind") not in ActivityKind.values:
        raise DomainError("Выберите вид мероприятия.", field="kind")
    planned = data.get("planned_on")
    if planned is None:
        raise DomainError("Укажите планируемую дату.", field="planned_on")
    start, end = year_bounds(sheet.entry.start_year)
    if not start <= planned <= end:
        raise DomainError(f"Планируемая дата должна быть в пределах {year_label(sheet.entry.start_year)} учебного "
                          f"года ({start:%d.%m.%Y} – {end:%d.%m.%Y}).", field="planned_on")


def _sheet_repr(sheet: RouteSheet) -> str:
    return f"Маршрутный лист: {sheet.entry.pupil.full_name}, {year_label(sheet.entry.start_year)}"


@transaction.atomic
def route_item_add(*, actor, sheet: RouteSheet, data: dict) -> RouteSheetItem:
    _need_consent(sheet.entry.pupil, "мероприятия маршрутного листа не добавляются")
    _check_item(sheet, data)
    item = RouteSheetItem(sheet=sheet, kind=data["kind"], title=data["title"].strip(), planned_on=data["planned_on"],
                          note=(data.get("note") or "").strip())
    item.full_clean()
    item.save()
    audit.record(actor=actor, action="guidance.route_sheet_item.created", instance=sheet, object_repr=_sheet_repr(sheet),
                 changes={"Мероприятие добавлено": [None, _item_text(item)]})
    return item


@transaction.atomic
def route_item_update(*, actor, item: RouteSheetItem, data: dict) -> RouteSheetItem:
    sheet = item.sheet
    _need_consent(sheet.entry.pupil, "мероприятия маршрутного листа не изменяются")
    current = RouteSheetItem.objects.select_for_update().get(pk=item.pk)
    merged = {**{f: getattr(current, f) for f in ITEM_FIELDS}, **data}
    _check_item(sheet, merged)
    before = _item_snapshot(current)
    for name in ITEM_FIELDS:
        value = merged[name]
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.full_clean()
    current.save()
    changes = audit.diff(before, _item_snapshot(current))
    if changes:
        audit.record(actor=actor, action="guidance.route_sheet_item.updated", instance=sheet,
                     object_repr=_sheet_repr(sheet), changes=changes)
    return current


@transaction.atomic
def route_item_delete(*, actor, item: RouteSheetItem) -> None:
    sheet = item.sheet
    if item.done_on:
        raise DomainError("Выполненное мероприятие не удаляется: сначала снимите отметку о выполнении.")
    text = _item_text(item)
    item.delete()
    audit.record(actor=actor, action="guidance.route_sheet_item.deleted", instance=sheet, object_repr=_sheet_repr(sheet),
                 changes={"Мероприятие удалено": [text, None]})


@transaction.atomic
def route_item_mark(*, actor, item: RouteSheetItem, done_on: datetime.date | None, note: str = "",
                    today: datetime.date) -> RouteSheetItem:
    """Mark the activity done on a date (not in the future, not before the school year) with a note."""
    sheet = item.sheet
    _need_consent(sheet.entry.pupil, "отметки о выполнении не вносятся")
    if done_on is None:
        raise DomainError("Укажите дату выполнения.", field="done_on")
    if done_on > today:
        raise DomainError("Дата выполнения не может быть в будущем.", field="done_on")
    start, _ = year_bounds(sheet.entry.start_year)
    if done_on < start:
        raise DomainError(f"Дата выполнения не может быть раньше начала учебного года ({start:%d.%m.%Y}).",
                          field="done_on")
    current = RouteSheetItem.objects.select_for_update().get(pk=item.pk)
    before = _item_snapshot(current)
    current.done_on = done_on
    current.done_by = actor if getattr(actor, "is_authenticated", False) else None
    if (note or "").strip():  # an empty note keeps the one planned with the item
        current.note = note.strip()[:300]
    current.save(update_fields=["done_on", "done_by", "note"])
    audit.record(actor=actor, action="guidance.route_sheet_item.closed", instance=sheet, object_repr=_sheet_repr(sheet),
                 changes={"Мероприятие": [None, current.title], **audit.diff(before, _item_snapshot(current))})
    return current


@transaction.atomic
def route_item_unmark(*, actor, item: RouteSheetItem) -> RouteSheetItem:
    """Withdraw a mark made by mistake; the log keeps what it was."""
    sheet = item.sheet
    _need_consent(sheet.entry.pupil, "отметки о выполнении не изменяются")
    current = RouteSheetItem.objects.select_for_update().get(pk=item.pk)
    if current.done_on is None:
        raise DomainError("Мероприятие ещё не отмечено как выполненное.")
    before = _item_snapshot(current)
    current.done_on = None
    current.done_by = None
    current.save(update_fields=["done_on", "done_by"])
    audit.record(actor=actor, action="guidance.route_sheet_item.reopened", instance=sheet,
                 object_repr=_sheet_repr(sheet),
                 changes={"Мероприятие": [None, current.title], **audit.diff(before, _item_snapshot(current))})
    return current


# --- Typical route sheets (their upkeep; record 32) ------------------------------------------------------
# A template's items are copied into a pupil's sheet when it is composed, so nothing here touches a sheet.

MONTHS = ("сентябрь", "октябрь", "ноябрь", "декабрь", "январь", "февраль", "март", "апрель", "май", "июнь",
          "июль", "август")
TEMPLATE_FIELDS = ["sector", "name", "is_active"]
TEMPLATE_ITEM_FIELDS = ["kind", "title", "month", "order"]


def month_label(month: int) -> str:
    """Month of the school year → «1 — сентябрь»."""
    return f"{month} — {MONTHS[month - 1]}" if isinstance(month, int) and 1 <= month <= 12 else str(month)


def _template_repr(template: RouteSheetTemplate) -> str:
    return f"Типовой маршрутный лист: {template.name}"


def _template_snapshot(template: RouteSheetTemplate) -> dict:
    return {"sector": template.sector, "name": template.name, "is_active": template.is_active}


def _check_template(data: dict, template_pk: int | None) -> None:
    if data.get("sector") not in Sector.values:
        raise DomainError("Выберите отрасль.", field="sector")
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise DomainError("Укажите наименование типового маршрутного листа.", field="name")
    data["name"] = name
    same_sector = RouteSheetTemplate.objects.filter(sector=data["sector"]).exclude(pk=template_pk)
    # Compared in Python: the database's case folding is not reliable for Cyrillic (SQLite).
    if any(other.casefold() == name.casefold() for other in same_sector.values_list("name", flat=True)):
        raise DomainError(f"В отрасли «{Sector(data['sector']).label}» уже есть типовой маршрутный лист "
                          f"«{name}»: выберите другое наименование.", field="name")


def sheets_composed_from(template: RouteSheetTemplate) -> int:
    return RouteSheet.objects.filter(template=template).count()


@transaction.atomic
def route_template_create(*, actor, data: dict) -> RouteSheetTemplate:
    """A new typical route sheet of a sector; its items are added afterwards."""
    data = {"is_active": True, **data}
    _check_template(data, None)
    template = RouteSheetTemplate(**{f: data[f] for f in TEMPLATE_FIELDS})
    template.full_clean()
    template.save()
    audit.record(actor=actor, action="guidance.route_template.created", instance=template,
                 object_repr=_template_repr(template), changes=audit.diff({}, _template_snapshot(template)))
    return template


@transaction.atomic
def route_template_update(*, actor, template: RouteSheetTemplate, data: dict) -> RouteSheetTemplate:
    """Sector, name and «Используется»; a template no longer used is not offered for new sheets."""
    current = RouteSheetTemplate.objects.select_for_update().get(pk=template.pk)
    merged = {**_template_snapshot(current), **{k: v for k, v in data.items() if k in TEMPLATE_FIELDS}}
    _check_template(merged, current.pk)
    before = _template_snapshot(current)
    for name in TEMPLATE_FIELDS:
        setattr(current, name, merged[name])
    current.full_clean()
    current.save()
    changes = audit.diff(before, _template_snapshot(current))
    if changes:
        audit.record(actor=actor, action="guidance.route_template.updated", instance=current,
                     object_repr=_template_repr(current), changes=changes)
    return current


@transaction.atomic
def route_template_delete(*, actor, template: RouteSheetTemplate) -> None:
    """Delete a template no sheet was composed from; a used one is kept and may be taken out of use."""
    used = sheets_composed_from(template)
    if used:
        raise DomainError(f"Типовой маршрутный лист «{template.name}» не удалён: из него составлены маршрутные "
                          f"листы обучающихся ({used}). Нажмите «Не использовать» — он перестанет предлагаться "
                          "при составлении новых листов, а составленные листы останутся без изменений.")
    items = template.items.count()
    audit.record(actor=actor, action="guidance.route_template.deleted", instance=template,
                 object_repr=_template_repr(template),
                 changes={**audit.diff(_template_snapshot(template), {}), "Мероприятий": [items, None]})
    template.delete()


def _template_item_text(item: RouteSheetTemplateItem) -> str:
    kind = ActivityKind(item.kind).label.lower() if item.kind in ActivityKind.values else item.kind
    return f"{item.title} ({kind}, {MONTHS[item.month - 1]})"


def _template_item_snapshot(item: RouteSheetTemplateItem) -> dict:
    return {"Вид": ActivityKind(item.kind).label if item.kind in ActivityKind.values else item.kind,
            "Мероприятие": item.title, "Месяц учебного года": month_label(item.month), "Порядок в месяце": item.order}


def _check_template_item(data: dict) -> dict:
    """Clean the item's fields: a kind of the classifier, a title, a month 1–12, a non-negative order."""
    if data.get("kind") not in ActivityKind.values:
        raise DomainError("Выберите вид мероприятия.", field="kind")
    title = " ".join((data.get("title") or "").split())
    if not title:
        raise DomainError("Укажите мероприятие.", field="title")
    month = data.get("month")
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise DomainError("Месяц учебного года должен быть от 1 (сентябрь) до 12 (август).", field="month")
    order = data.get("order")
    if order is not None and (not isinstance(order, int) or order < 0):
        raise DomainError("Порядок — целое число не меньше нуля.", field="order")
    return {**data, "title": title}


def _last_order(template: RouteSheetTemplate, month: int, exclude_pk: int | None = None) -> int:
    orders = (template.items.filter(month=month).exclude(pk=exclude_pk).values_list("order", flat=True))
    return max(orders, default=0)


@transaction.atomic
def route_template_item_add(*, actor, template: RouteSheetTemplate, data: dict) -> RouteSheetTemplateItem:
    """Add an activity; without an order it goes last in its month. Sheets already composed keep theirs."""
    data = _check_template_item(data)
    order = data.get("order")
    if order is None:
        order = _last_order(template, data["month"]) + 1
    item = RouteSheetTemplateItem(template=template, kind=data["kind"], title=data["title"], month=data["month"],
                                  order=order)
    item.full_clean()
    item.save()
    audit.record(actor=actor, action="guidance.route_template.item_added", instance=template,
                 object_repr=_template_repr(template), changes={"Мероприятие добавлено": [None, _template_item_text(item)]})
    return item


@transaction.atomic
def route_template_item_update(*, actor, item: RouteSheetTemplateItem, data: dict) -> RouteSheetTemplateItem:
    current = RouteSheetTemplateItem.objects.select_for_update().select_related("template").get(pk=item.pk)
    merged = _check_template_item({**{f: getattr(current, f) for f in TEMPLATE_ITEM_FIELDS}, **data})
    if merged.get("order") is None:
        merged["order"] = (current.order if merged["month"] == current.month
                           else _last_order(current.template, merged["month"], current.pk) + 1)
    before = _template_item_snapshot(current)
    for name in TEMPLATE_ITEM_FIELDS:
        setattr(current, name, merged[name])
    current.full_clean()
    current.save()
    changes = audit.diff(before, _template_item_snapshot(current))
    if changes:
        audit.record(actor=actor, action="guidance.route_template.item_updated", instance=current.template,
                     object_repr=_template_repr(current.template),
                     changes={"Мероприятие": [None, current.title], **changes})
    return current


@transaction.atomic
def route_template_item_delete(*, actor, item: RouteSheetTemplateItem) -> None:
    template = item.template
    text = _template_item_text(item)
    item.delete()
    audit.record(actor=actor, action="guidance.route_template.item_deleted", instance=template,
                 object_repr=_template_repr(template), changes={"Мероприятие удалено": [text, None]})


@transaction.atomic
def route_template_item_move(*, actor, item: RouteSheetTemplateItem, direction: str) -> RouteSheetTemplateItem:
    """Move the activity one place up or down among the activities of its month (a sheet orders by month
    first; to move an activity to another month, change its month). The month is renumbered 1, 2, …"""
    if direction not in ("up", "down"):
        raise DomainError("Укажите направление перемещения: выше или ниже.")
    template = item.template
    siblings = list(RouteSheetTemplateItem.objects.select_for_update().filter(template=template, month=item.month)
                    .order_by("order", "id"))
    position = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    target = position - 1 if direction == "up" else position + 1
    if not 0 <= target < len(siblings):
        where = "первое" if direction == "up" else "последнее"
        raise DomainError(f"Мероприятие «{item.title}» — {where} в месяце «{MONTHS[item.month - 1]}»; чтобы перенести "
                          "его в другой месяц, измените месяц учебного года.")
    siblings[position], siblings[target] = siblings[target], siblings[position]
    for number, sibling in enumerate(siblings, 1):
        sibling.order = number
    RouteSheetTemplateItem.objects.bulk_update(siblings, ["order"])
    audit.record(actor=actor, action="guidance.route_template.item_moved", instance=template,
                 object_repr=_template_repr(template),
                 changes={"Мероприятие": [None, item.title],
                          "Место в месяце": [position + 1, target + 1]})
    return siblings[target]
