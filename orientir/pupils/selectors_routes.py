"""Reads of the targeted database (2.8.1), route sheets (2.8.2, 2.8.3) and their monitoring (2.8.5).

Everything starts from `access.pupils_for`: a coordinator sees the school's pupils, a tutor the assigned
ones, the directorates the municipality's schools. A record outside the scope answers 404.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from orientir.core.params import int_param, year_param
from orientir.accounts import access
from orientir.accounts.roles import ORGANISATION_ONLY, Sector
from orientir.core.listing import matching_words
from orientir.core.text import normalize_search

from .models import (EducationLevelChoice, Pupil, RouteSheet, RouteSheetItem, RouteSheetTemplate,
                     RouteSheetTemplateItem, TargetedEntry)

GRADES = (9, 11)


def school_year(day: datetime.date) -> int:
    """Start year of the school year containing the day (a new one starts on 1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def year_label(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


def year_choices(today: datetime.date) -> list[tuple[int, str]]:
    current = school_year(today)
    return [(y, year_label(y)) for y in (current + 1, current, current - 1, current - 2)]


# --- Who may do what ----------------------------------------------------------------------------------

def may_change(user) -> bool:
    """The school's coordinator (and an administrator) keep the database and compose the sheets."""
    return access.has_perm(user, "pupils.change")


def may_mark(user) -> bool:
    """Completion marks: those who may change, and a tutor — for the pupils assigned to them, which the
    scope of `access.pupils_for` already guarantees for any record a tutor can reach."""
    return may_change(user) or (user.role == "tutor" and access.has_perm(user, "pupils.view"))


def require_mark(user) -> None:
    if not may_mark(user):
        raise PermissionDenied("Отмечать выполнение мероприятий может координатор школы или тьютор обучающегося.")


# --- The targeted database ------------------------------------------------------------------------------

def entries_for(user):
    """Entries of the pupils in the user's scope."""
    return TargetedEntry.objects.filter(pupil_id__in=access.pupils_for(user).values("id"))


def entry_for_view(user, pk, perm: str = "pupils.view") -> TargetedEntry:
    """The entry if its pupil is in the user's scope (404 otherwise) and the role may use `perm` (403)."""
    entry = (entries_for(user).filter(pk=pk)
             .select_related("pupil__organisation", "specialty", "customer").first())
    if entry is None:
        raise Http404("Запись не найдена")
    access.require(user, perm)
    return entry


def candidate_pupils(user):
    """Pupils who may be put into the database: studying, in scope; consent and grade are checked on save."""
    return (access.pupils_for(user).filter(status=Pupil.Status.STUDYING).select_related("organisation")
            .order_by("organisation__sort_name", "grade", "class_letter", "sort_name", "id"))


@dataclass
class EntryFilter:
    year: int
    q: str = ""
    school: str = ""
    grade: str = ""
    level: str = ""
    status: str = ""
    sheet: str = ""  # "" | yes | no

    @classmethod
    def from_query(cls, params, today: datetime.date) -> "EntryFilter":
        year = params.get("year", "")
        return cls(year=year_param(year) or school_year(today), q=params.get("q", "").strip(),
                   school=params.get("school", ""), grade=params.get("grade", ""), level=params.get("level", ""),
                   status=params.get("status", ""), sheet=params.get("sheet", ""))


def _filtered(user, flt: EntryFilter):
    qs = entries_for(user).filter(start_year=flt.year)
    qs = matching_words(qs, flt.q, "pupil__search_text__contains")
    if int_param(flt.school):
        qs = qs.filter(pupil__organisation_id=int_param(flt.school))
    if int_param(flt.grade, high=11):
        qs = qs.filter(pupil__grade=int_param(flt.grade, high=11))
    if flt.level in EducationLevelChoice.values:
        qs = qs.filter(level=flt.level)
    if flt.status in TargetedEntry.Status.values:
        qs = qs.filter(status=flt.status)
    if flt.sheet == "yes":
        qs = qs.filter(route_sheet__isnull=False)
    elif flt.sheet == "no":
        qs = qs.filter(route_sheet__isnull=True)
    return qs


def entry_list(user, flt: EntryFilter, today: datetime.date):
    """The personified list with each pupil's route-sheet progress, in one query whatever its size."""
    items = "route_sheet__items"
    return (_filtered(user, flt)
            .select_related("pupil__organisation", "specialty", "customer", "route_sheet")
            .annotate(items_total=Count(items),
                      items_done=Count(items, filter=Q(route_sheet__items__done_on__isnull=False)),
                      items_overdue=Count(items, filter=Q(route_sheet__items__done_on__isnull=True,
                                                          route_sheet__items__planned_on__lt=today)))
            .order_by("pupil__organisation__sort_name", "pupil__grade", "pupil__class_letter", "pupil__sort_name",
                      "id"))


def entry_summary(user, flt: EntryFilter) -> list[dict]:
    """Consolidated counts by school for the municipality (no names): one aggregate query."""
    rows = (_filtered(user, flt).values(school=F("pupil__organisation__short_name"),
                                        sort=F("pupil__organisation__sort_name"))
            .annotate(total=Count("id"), grade9=Count("id", filter=Q(pupil__grade=9)),
                      grade11=Count("id", filter=Q(pupil__grade=11)),
                      spo=Count("id", filter=Q(level=EducationLevelChoice.SPO)),
                      higher=Count("id", filter=~Q(level=EducationLevelChoice.SPO)),
                      contract=Count("id", filter=Q(status=TargetedEntry.Status.CONTRACT)),
                      declined=Count("id", filter=Q(status=TargetedEntry.Status.DECLINED)),
                      sheets=Count("route_sheet"))
            .order_by("sort"))
    rows = list(rows)
    if rows:
        total = {"school": "Итого по муниципалитету", "total_row": True}
        for key in ("total", "grade9", "grade11", "spo", "higher", "contract", "declined", "sheets"):
            total[key] = sum(r[key] for r in rows)
        rows.append(total)
    return rows


def sees_many_schools(user) -> bool:
    return user.role not in ORGANISATION_ONLY


def schools_for_filter(user):
    if not sees_many_schools(user):
        return []
    return access.organisations_for(user).filter(kind="school").order_by("sort_name")


# --- Route sheets -----------------------------------------------------------------------------------------

def sheet_of(entry: TargetedEntry) -> RouteSheet | None:
    return RouteSheet.objects.filter(entry=entry).select_related("template").first()


def sheet_items(sheet: RouteSheet):
    return sheet.items.select_related("done_by").order_by("planned_on", "id")


def item_for_view(user, entry_pk, item_pk, perm: str = "pupils.view") -> RouteSheetItem:
    """An item of the entry's sheet; the entry must be in scope (404), the role allowed (403)."""
    entry = entry_for_view(user, entry_pk, perm=perm)
    item = RouteSheetItem.objects.filter(pk=item_pk, sheet__entry=entry).select_related("sheet").first()
    if item is None:
        raise Http404("Мероприятие не найдено")
    item.sheet.entry = entry
    return item


def active_templates():
    return RouteSheetTemplate.objects.filter(is_active=True).order_by("sector", "name")


def default_template(entry: TargetedEntry, templates) -> RouteSheetTemplate | None:
    """The template of the customer's sector, else of the pupil's interest, else of education."""
    by_sector = {}
    for t in templates:
        by_sector.setdefault(t.sector, t)
    for sector in (getattr(entry.customer, "sector", ""), entry.pupil.interest_sector, "education"):
        if sector and sector in by_sector:
            return by_sector[sector]
    return templates[0] if templates else None


@dataclass
class SheetFilter:
    year: int
    q: str = ""
    school: str = ""
    state: str = ""  # "" | behind | on_track | none

    @classmethod
    def from_query(cls, params, today: datetime.date) -> "SheetFilter":
        year = params.get("year", "")
        return cls(year=year_param(year) or school_year(today), q=params.get("q", "").strip(),
                   school=params.get("school", ""), state=params.get("state", ""))


def _sheets(user, flt: SheetFilter, today: datetime.date):
    qs = RouteSheet.objects.filter(entry__in=entries_for(user).filter(start_year=flt.year))
    qs = matching_words(qs, flt.q, "entry__pupil__search_text__contains")
    if int_param(flt.school):
        qs = qs.filter(entry__pupil__organisation_id=int_param(flt.school))
    overdue = RouteSheetItem.objects.filter(sheet=OuterRef("pk"), done_on__isnull=True, planned_on__lt=today)
    if flt.state == "behind":
        qs = qs.filter(Exists(overdue))
    elif flt.state == "on_track":
        qs = qs.filter(~Exists(overdue))
    return qs


def sheet_list(user, flt: SheetFilter, today: datetime.date):
    """Sheets of the year with their progress today; «behind» means an item overdue (2.8.3)."""
    next_open = RouteSheetItem.objects.filter(sheet=OuterRef("pk"), done_on__isnull=True).order_by("planned_on", "id")
    return (_sheets(user, flt, today).select_related("entry__pupil__organisation", "entry__specialty", "template")
            .annotate(items_total=Count("items"),
                      items_done=Count("items", filter=Q(items__done_on__isnull=False)),
                      items_overdue=Count("items", filter=Q(items__done_on__isnull=True, items__planned_on__lt=today)),
                      next_on=next_open.values("planned_on")[:1], next_title=next_open.values("title")[:1])
            .order_by("entry__pupil__organisation__sort_name", "entry__pupil__grade", "entry__pupil__class_letter",
                      "entry__pupil__sort_name", "id"))


def items_for_export(user, flt: SheetFilter, today: datetime.date):
    """Every item of the listed sheets, for the Excel table of marks."""
    return (RouteSheetItem.objects.filter(sheet__in=_sheets(user, flt, today))
            .select_related("sheet__entry__pupil__organisation", "done_by")
            .order_by("sheet__entry__pupil__organisation__sort_name", "sheet__entry__pupil__sort_name",
                      "sheet_id", "planned_on", "id"))


# --- Monitoring (2.8.5) -------------------------------------------------------------------------------------

@dataclass
class Monitoring:
    on: datetime.date
    year: int
    rows: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)
    behind: list[dict] = field(default_factory=list)


def report_dates(year: int) -> list[datetime.date]:
    """The two dates of item 2.8.5: 15 January and 15 June of the school year."""
    return [datetime.date(year + 1, 1, 15), datetime.date(year + 1, 6, 15)]


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _items_of_year(user, year: int, school: str = ""):
    """Items of the year's sheets in scope; the sheets of pupils who declined are not monitored."""
    entries = entries_for(user).filter(start_year=year).exclude(status=TargetedEntry.Status.DECLINED)
    if int_param(school):
        entries = entries.filter(pupil__organisation_id=int_param(school))
    return RouteSheetItem.objects.filter(sheet__entry__in=entries)


def monitoring(user, on: datetime.date, school: str = "") -> Monitoring:
    """Completion by school on the report date: items due by then against those done by then."""
    year = school_year(on)
    due = Q(planned_on__lte=on)
    done = Q(planned_on__lte=on, done_on__isnull=False, done_on__lte=on)
    overdue = Q(planned_on__lte=on) & (Q(done_on__isnull=True) | Q(done_on__gt=on))
    items = _items_of_year(user, year, school)
    rows = list(items.values(school=F("sheet__entry__pupil__organisation__short_name"),
                             sort=F("sheet__entry__pupil__organisation__sort_name"))
                .annotate(pupils=Count("sheet", distinct=True), total=Count("id"), due=Count("id", filter=due),
                          done=Count("id", filter=done), overdue=Count("id", filter=overdue),
                          done_ahead=Count("id", filter=Q(planned_on__gt=on, done_on__isnull=False,
                                                          done_on__lte=on)),
                          behind=Count("sheet", filter=overdue, distinct=True))
                .order_by("sort"))
    for r in rows:
        r["percent"] = _percent(r["done"], r["due"])
    total = {key: sum(r[key] for r in rows) for key in ("pupils", "total", "due", "done", "overdue", "done_ahead",
                                                        "behind")}
    total["percent"] = _percent(total["done"], total["due"])
    total["schools"] = len(rows)
    return Monitoring(on=on, year=year, rows=rows, total=total, behind=behind_pupils(user, on, school))


def behind_pupils(user, on: datetime.date, school: str = "") -> list[dict]:
    """Pupils with items overdue on the date, the most overdue first: one aggregate query."""
    overdue = Q(planned_on__lte=on) & (Q(done_on__isnull=True) | Q(done_on__gt=on))
    items = _items_of_year(user, school_year(on), school).filter(overdue)
    rows = (items.values(entry_id=F("sheet__entry_id"), last_name=F("sheet__entry__pupil__last_name"),
                         first_name=F("sheet__entry__pupil__first_name"),
                         middle_name=F("sheet__entry__pupil__middle_name"), grade=F("sheet__entry__pupil__grade"),
                         letter=F("sheet__entry__pupil__class_letter"),
                         school=F("sheet__entry__pupil__organisation__short_name"),
                         sort=F("sheet__entry__pupil__organisation__sort_name"),
                         name_sort=F("sheet__entry__pupil__sort_name"))
            .annotate(overdue=Count("id"), since=Min("planned_on"))
            .order_by("sort", "-overdue", "name_sort"))
    result = []
    for r in rows:
        r["full_name"] = " ".join(p for p in (r["last_name"], r["first_name"], r["middle_name"]) if p)
        r["class_label"] = (f"{r['grade']} «{r['letter']}»" if r["letter"] else str(r["grade"])) if r["grade"] else ""
        r["days"] = (on - r["since"]).days if r["since"] else 0
        result.append(r)
    return result



# --- Typical route sheets (their upkeep) -------------------------------------------------------------------
# Templates are shared by every school: no scope beyond pupils.view to read; writing is for
# `access.may_edit_route_templates` (administrator, methodologist). A missing template answers 404.

def require_template_edit(user) -> None:
    if not access.may_edit_route_templates(user):
        raise PermissionDenied("Типовые маршрутные листы изменяют администратор и методист ГЦОКО.")


@dataclass
class TemplateFilter:
    q: str = ""
    sector: str = ""
    active: str = ""  # "" | yes | no

    @classmethod
    def from_query(cls, params) -> "TemplateFilter":
        return cls(q=params.get("q", "").strip(), sector=params.get("sector", ""), active=params.get("active", ""))


def _with_counts(qs):
    composed = (RouteSheet.objects.filter(template=OuterRef("pk")).order_by().values("template")
                .annotate(n=Count("id")).values("n"))
    return qs.annotate(items_count=Count("items"), sheets_count=Coalesce(Subquery(composed), 0))


def template_list(flt: TemplateFilter):
    """Templates with the number of their items and of the sheets composed from them (one query; a search
    adds one)."""
    qs = RouteSheetTemplate.objects.all()
    if flt.q:
        # A handful of rows, and the database's case folding is ASCII-only (SQLite): match in Python.
        words = normalize_search(flt.q).split(" ")
        ids = [pk for pk, name in qs.values_list("pk", "name") if all(w in normalize_search(name) for w in words)]
        qs = qs.filter(pk__in=ids)
    if flt.sector in Sector.values:
        qs = qs.filter(sector=flt.sector)
    if flt.active == "yes":
        qs = qs.filter(is_active=True)
    elif flt.active == "no":
        qs = qs.filter(is_active=False)
    return _with_counts(qs).order_by("sector", "name", "id")


def template_for_view(user, pk, *, edit: bool = False) -> RouteSheetTemplate:
    """The template (404 when missing), if the role may read it — or change it, with `edit` (403)."""
    template = _with_counts(RouteSheetTemplate.objects.filter(pk=pk)).first()
    if template is None:
        raise Http404("Типовой маршрутный лист не найден")
    access.require(user, "pupils.view")
    if edit:
        require_template_edit(user)
    return template


def template_items(template: RouteSheetTemplate):
    """In the order a sheet composed from the template gets them."""
    return template.items.order_by("month", "order", "id")


def template_item_for_view(user, pk, item_pk) -> RouteSheetTemplateItem:
    template = template_for_view(user, pk, edit=True)
    item = RouteSheetTemplateItem.objects.filter(pk=item_pk, template=template).first()
    if item is None:
        raise Http404("Мероприятие не найдено")
    item.template = template
    return item
