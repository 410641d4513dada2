"""Pages of the targeted database (2.8.1), route sheets (2.8.2, 2.8.3) and their monitoring (2.8.5)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.core.params import int_param
from orientir.accounts import access
from orientir.core import audit, timeline
from orientir.core.errors import DomainError
from orientir.core.tables import Column, Report, iter_rows, pdf_response, xlsx_response
from orientir.core import editing
from orientir.core.views import paginate

from . import selectors_routes as selectors
from . import services_routes as services
from .forms_routes import (MarkForm, RouteItemForm, RouteSheetCreateForm, TargetedEntryForm)
from .models import EducationLevelChoice, TargetedEntry


def _today() -> datetime.date:
    return timezone.localdate()


def _year_ctx(request, flt) -> dict:
    return {"years": selectors.year_choices(_today()), "year": flt.year, "year_label": selectors.year_label(flt.year),
            "schools": selectors.schools_for_filter(request.user)}


# --- Targeted database (2.8.1) --------------------------------------------------------------------------------

@login_required
def targeted_list(request):
    access.require(request.user, "pupils.view")
    flt = selectors.EntryFilter.from_query(request.GET, _today())
    page = paginate(request, selectors.entry_list(request.user, flt, _today()), per_page=50)
    ctx = {"page": page, "flt": flt, **_year_ctx(request, flt), "grades": selectors.GRADES,
           "levels": EducationLevelChoice.choices, "statuses": TargetedEntry.Status.choices,
           "summary": selectors.entry_summary(request.user, flt) if selectors.sees_many_schools(request.user) else [],
           "can_change": selectors.may_change(request.user),
           "can_export": access.has_perm(request.user, "pupils.export")}
    template = "pupils/routes/targeted_list_table.html" if request.htmx else "pupils/routes/targeted_list.html"
    return render(request, template, ctx)


def export_audit(request, action: str, what: str, count: int, fmt: str = "xlsx") -> None:
    audit.record(actor=request.user, action=action, object_repr=f"{what} ({count})",
                 changes={"Отбор": [None, audit.filters_repr(request.GET)], "Формат": [None, fmt]})


@login_required
def targeted_export(request):
    """The personified list: personal data leaves only for roles with pupils.export, and is logged."""
    access.require(request.user, "pupils.export")
    flt = selectors.EntryFilter.from_query(request.GET, _today())
    qs = selectors.entry_list(request.user, flt, _today())
    report = Report(
        title="База данных обучающихся 9-х, 11-х классов для целевого обучения (п. 2.8.1)",
        subtitle=f"{selectors.year_label(flt.year)} учебный год; сформировано {timezone.localtime():%d.%m.%Y %H:%M}",
        filename="targeted-database",
        columns=[Column("Школа", 24), Column("Класс", 8), Column("Фамилия", 16), Column("Имя", 14),
                 Column("Отчество", 16), Column("Специальность (направление подготовки)", 36),
                 Column("Уровень", 12), Column("Желаемая образовательная организация", 28),
                 Column("Организация-заказчик", 26), Column("Состояние", 16),
                 Column("Маршрутный лист: выполнено", 12), Column("Примечание", 24)],
        rows=iter_rows(qs, lambda e: (
            e.pupil.organisation.short_name, e.pupil.class_label, e.pupil.last_name, e.pupil.first_name,
            e.pupil.middle_name, str(e.specialty), e.get_level_display(), e.desired_institution,
            e.customer.short_name if e.customer_id else "", e.get_status_display(),
            f"{e.items_done} из {e.items_total}" if hasattr(e, "route_sheet") else "не составлен", e.note)))
    export_audit(request, "guidance.targeted_entries.exported", "Выгрузка базы данных для целевого обучения",
                  qs.count())
    return xlsx_response(report)


@login_required
def targeted_summary_export(request):
    """The consolidated counts by school: no names, so every reader may take it."""
    access.require(request.user, "pupils.view")
    flt = selectors.EntryFilter.from_query(request.GET, _today())
    rows = selectors.entry_summary(request.user, flt)
    report = Report(
        title="Сводные сведения базы данных для целевого обучения по школам (п. 2.8.1)",
        subtitle=f"{selectors.year_label(flt.year)} учебный год; сформировано {timezone.localtime():%d.%m.%Y %H:%M}",
        filename="targeted-summary",
        columns=[Column("Школа", 30), Column("Всего", 8, "number"), Column("9 класс", 8, "number"),
                 Column("11 класс", 8, "number"), Column("СПО", 8, "number"), Column("ВО", 8, "number"),
                 Column("Заключён договор", 10, "number"), Column("Отказались", 10, "number"),
                 Column("Маршрутных листов", 10, "number")],
        rows=[(r["school"], r["total"], r["grade9"], r["grade11"], r["spo"], r["higher"], r["contract"],
               r["declined"], r["sheets"]) for r in rows])
    export_audit(request, "guidance.targeted_summary.exported", "Сводные сведения базы данных", len(rows))
    return xlsx_response(report)


@login_required
def targeted_create(request):
    access.require(request.user, "pupils.change")
    initial = {"pupil": int_param(request.GET.get("pupil"))} if int_param(request.GET.get("pupil")) else None
    form = TargetedEntryForm(request.POST or None, initial=initial, user=request.user, today=_today())
    return editing.submit(
        request, form, lambda: services.targeted_entry_create(actor=request.user, pupil=form.cleaned_data["pupil"],
                                                              start_year=form.cleaned_data["start_year"],
                                                              data=form.entry_data()),
        success=lambda entry: f"{entry.pupil.full_name} внесён(а) в базу данных для целевого обучения. "
                              "Составьте маршрутный лист.",
        redirect_to=lambda entry: reverse("pupils:route_sheet", args=[entry.pk]),
        page="pupils/routes/targeted_form.html", context={"entry": None})


@login_required
def targeted_edit(request, pk: int):
    entry = selectors.entry_for_view(request.user, pk, perm="pupils.change")
    form = TargetedEntryForm(request.POST or None, instance=entry, user=request.user, today=_today())
    return editing.submit(
        request, form, lambda: services.targeted_entry_update(actor=request.user, entry=entry, data=form.entry_data()),
        success="Запись базы данных сохранена.", redirect_to=reverse("pupils:route_sheet", args=[entry.pk]),
        page="pupils/routes/targeted_form.html", context={"entry": entry})


# --- Route sheet of a pupil (2.8.2, 2.8.3) -------------------------------------------------------------------

def _history(entry, sheet) -> list:
    entries = list(audit.history_for(entry).select_related("content_type")[:20])
    if sheet is not None:
        entries += list(audit.history_for(sheet).select_related("content_type")[:40])
    return sorted(entries, key=lambda e: (e.at, e.pk), reverse=True)[:40]


def _render_sheet(request, entry, *, add_form=None, create_form=None, mark_error: str = "", status: int = 200):
    user, today = request.user, _today()
    sheet = selectors.sheet_of(entry)
    items = list(selectors.sheet_items(sheet)) if sheet else []
    templates = list(selectors.active_templates())
    done = sum(1 for i in items if i.done_on)
    overdue = sum(1 for i in items if not i.done_on and i.planned_on < today)
    ctx = {"entry": entry, "pupil": entry.pupil, "sheet": sheet, "items": items, "today": today,
           "done": done, "overdue": overdue, "percent": round(100 * done / len(items)) if items else 0,
           "year_label": selectors.year_label(entry.start_year),
           "has_consent": services.has_active_consent(entry.pupil),
           "can_change": selectors.may_change(user), "can_mark": selectors.may_mark(user),
           "can_export": access.has_perm(user, "pupils.export"),
           "add_form": add_form or RouteItemForm(initial={"planned_on": today}), "wide_fields": ["title"],
           "mark_form": MarkForm(initial={"done_on": today}), "mark_error": mark_error,
           "create_form": create_form or RouteSheetCreateForm(
               templates=selectors.active_templates(), initial_template=selectors.default_template(entry, templates)),
           "history": _history(entry, sheet), "career_events": _career_events(user, entry)}
    return render(request, "pupils/routes/route_sheet.html", ctx, status=status)


# Kinds of a person's timeline that are the guidance activities a route sheet is about (2.4, 2.5, 2.6, 2.8.4).
ROUTE_TIMELINE_KINDS = {"Профориентация", "Подготовительные курсы", "Наставничество"}


def _career_events(user, entry) -> list:
    """The pupil's events, programme hours, courses and mentoring of the sheet's school year, from the timeline."""
    first, last = datetime.date(entry.start_year, 9, 1), datetime.date(entry.start_year + 1, 8, 31)
    events = timeline.build(user, timeline.Subject(pupil=entry.pupil))
    return [e for e in events if e.kind in ROUTE_TIMELINE_KINDS and first <= e.on <= last]


@login_required
def route_sheet(request, pk: int):
    entry = selectors.entry_for_view(request.user, pk)
    # 152-ФЗ: the sheet shows a minor's personal data; the read goes to the pupil's access log.
    audit.record(actor=request.user, action="guidance.pupil.viewed", instance=entry.pupil)
    return _render_sheet(request, entry)


@login_required
@require_POST
def route_sheet_create(request, pk: int):
    entry = selectors.entry_for_view(request.user, pk, perm="pupils.change")
    form = RouteSheetCreateForm(request.POST, templates=selectors.active_templates())
    return editing.submit(
        request, form, lambda: services.route_sheet_create(actor=request.user, entry=entry,
                                                           template=form.cleaned_data["template"],
                                                           passed=form.cleaned_data.get("passed") or "move"),
        success=lambda sheet: f"Маршрутный лист составлен: мероприятий — {sheet.items.count()}.",
        redirect_to=reverse("pupils:route_sheet", args=[entry.pk]),
        page=lambda status: _render_sheet(request, entry, create_form=form, status=status))


@login_required
@require_POST
def route_item_add(request, pk: int):
    entry = selectors.entry_for_view(request.user, pk, perm="pupils.change")
    sheet = selectors.sheet_of(entry)
    if sheet is None:
        raise Http404("Маршрутный лист не составлен")
    sheet.entry = entry
    form = RouteItemForm(request.POST)
    return editing.submit(
        request, form, lambda: services.route_item_add(actor=request.user, sheet=sheet, data=form.cleaned_data),
        success=lambda item: f"Мероприятие «{item.title}» добавлено.",
        redirect_to=reverse("pupils:route_sheet", args=[entry.pk]),
        page=lambda status: _render_sheet(request, entry, add_form=form, status=status))


@login_required
def route_item_edit(request, pk: int, item: int):
    obj = selectors.item_for_view(request.user, pk, item, perm="pupils.change")
    entry = obj.sheet.entry
    form = RouteItemForm(request.POST or None, instance=obj)
    return editing.submit(
        request, form, lambda: services.route_item_update(actor=request.user, item=obj, data=form.cleaned_data),
        success="Мероприятие сохранено.", redirect_to=reverse("pupils:route_sheet", args=[entry.pk]),
        page="pupils/routes/item_form.html",
        context={"entry": entry, "item": obj, "wide_fields": ["title"],
                 "year_label": selectors.year_label(entry.start_year)})


@login_required
@require_POST
def route_item_delete(request, pk: int, item: int):
    obj = selectors.item_for_view(request.user, pk, item, perm="pupils.change")
    return editing.act(request, lambda: services.route_item_delete(actor=request.user, item=obj),
                       success=f"Мероприятие «{obj.title}» удалено из маршрутного листа.",
                       redirect_to=reverse("pupils:route_sheet", args=[pk]))


@login_required
@require_POST
def route_item_mark(request, pk: int, item: int):
    """Mark done (or withdraw a mark): the coordinator, or the tutor the pupil is assigned to."""
    obj = selectors.item_for_view(request.user, pk, item)
    selectors.require_mark(request.user)
    entry = obj.sheet.entry
    if request.POST.get("action") == "undo":
        return editing.act(request, lambda: services.route_item_unmark(actor=request.user, item=obj),
                           success=f"Отметка о выполнении «{obj.title}» снята.",
                           redirect_to=reverse("pupils:route_sheet", args=[entry.pk]))
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            services.route_item_mark(actor=request.user, item=obj, done_on=form.cleaned_data["done_on"],
                                     note=form.cleaned_data["note"], today=_today())
        except DomainError as exc:
            return _render_sheet(request, entry, mark_error=f"«{obj.title}»: {exc.message}", status=422)
        messages.success(request, f"Мероприятие «{obj.title}» отмечено как выполненное.")
        return redirect("pupils:route_sheet", pk=entry.pk)
    errors = "; ".join(" ".join(e) for e in form.errors.values())
    return _render_sheet(request, entry, mark_error=f"«{obj.title}»: {errors}", status=422)


@login_required
def route_sheet_file(request, pk: int, fmt: str):
    """The printable route sheet of one pupil (XLSX or PDF): personal data, so pupils.export and a log entry."""
    entry = selectors.entry_for_view(request.user, pk, perm="pupils.export")
    sheet = selectors.sheet_of(entry)
    if sheet is None or fmt not in ("xlsx", "pdf"):
        raise Http404("Маршрутный лист не составлен")
    items = list(selectors.sheet_items(sheet))
    pupil = entry.pupil
    done = sum(1 for i in items if i.done_on)
    details = [f"{pupil.full_name}, {pupil.organisation.short_name}" + (f", {pupil.class_label} класс"
                                                                       if pupil.class_label else ""),
               f"{entry.specialty} ({entry.get_level_display()})"]
    if entry.desired_institution:
        details.append(f"желаемая организация: {entry.desired_institution}")
    if entry.customer_id:
        details.append(f"заказчик: {entry.customer.short_name}")
    report = Report(
        title=f"Маршрутный лист адресной работы, {selectors.year_label(entry.start_year)} учебный год",
        subtitle="; ".join(details), filename=f"route-sheet-{entry.pk}",
        columns=[Column("№", 5, "number"), Column("Планируемая дата", 12, "date"), Column("Вид", 22),
                 Column("Мероприятие", 50), Column("Выполнено", 12, "date"), Column("Отметка", 30)],
        rows=[(n, i.planned_on, i.get_kind_display(), i.title, i.done_on, i.note) for n, i in enumerate(items, 1)],
        notes=[f"Выполнено мероприятий: {done} из {len(items)}."])
    audit.record(actor=request.user, action="guidance.route_sheet.exported", instance=sheet,
                 object_repr=f"Маршрутный лист: {pupil.full_name}", changes={"Формат": [None, fmt]})
    return pdf_response(report, landscape=False) if fmt == "pdf" else xlsx_response(report)


# --- Route sheets of the year ---------------------------------------------------------------------------------

@login_required
def route_sheet_list(request):
    access.require(request.user, "pupils.view")
    today = _today()
    flt = selectors.SheetFilter.from_query(request.GET, today)
    page = paginate(request, selectors.sheet_list(request.user, flt, today), per_page=50)
    ctx = {"page": page, "flt": flt, **_year_ctx(request, flt), "today": today,
           "can_export": access.has_perm(request.user, "pupils.export")}
    template = "pupils/routes/sheet_list_table.html" if request.htmx else "pupils/routes/sheet_list.html"
    return render(request, template, ctx)


@login_required
def route_sheet_export(request):
    """Every activity of the listed sheets with its mark (2.8.3): personal data, pupils.export, logged."""
    access.require(request.user, "pupils.export")
    today = _today()
    flt = selectors.SheetFilter.from_query(request.GET, today)
    qs = selectors.items_for_export(request.user, flt, today)

    def row(i):
        p = i.sheet.entry.pupil
        return (p.organisation.short_name, p.full_name, p.class_label, i.planned_on, i.get_kind_display(), i.title,
                i.done_on, i.done_by.get_full_name() if i.done_by_id else "", i.note,
                "просрочено" if not i.done_on and i.planned_on < today else "")

    report = Report(
        title="Мероприятия маршрутных листов и отметки о выполнении (п. 2.8.3)",
        subtitle=f"{selectors.year_label(flt.year)} учебный год; по состоянию на {today:%d.%m.%Y}",
        filename="route-sheet-items",
        columns=[Column("Школа", 24), Column("Обучающийся", 28), Column("Класс", 8), Column("Планируемая дата", 12,
                                                                                          "date"),
                 Column("Вид", 22), Column("Мероприятие", 44), Column("Выполнено", 12, "date"),
                 Column("Отметил(а)", 22), Column("Отметка", 26), Column("Просрочено", 12)],
        rows=iter_rows(qs, row))
    export_audit(request, "guidance.route_sheets.exported", "Выгрузка мероприятий маршрутных листов", qs.count())
    return xlsx_response(report)


# --- Monitoring (2.8.5) ------------------------------------------------------------------------------------------

def _report_date(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return _today()


@login_required
def route_monitoring(request):
    access.require(request.user, "pupils.view")
    on = _report_date(request)
    school = request.GET.get("school", "")
    data = selectors.monitoring(request.user, on, school)
    current = selectors.school_year(_today())
    return render(request, "pupils/routes/monitoring.html", {
        "data": data, "on": on, "school": school, "year_label": selectors.year_label(data.year),
        "schools": selectors.schools_for_filter(request.user), "today": _today(),
        "report_dates": selectors.report_dates(current - 1) + selectors.report_dates(current),
        "can_export": access.has_perm(request.user, "pupils.export")})


def _fmt_or_404(fmt: str) -> str:
    if fmt not in ("xlsx", "pdf"):
        raise Http404("Неизвестный формат")
    return fmt


def route_monitoring_report_of(user, on: datetime.date, school: str = "") -> tuple[Report, object]:
    """The 2.8.5 report as the user may see it (the Excel, the PDF and the region's API give the same)."""
    data = selectors.monitoring(user, on, school)

    def pct(value):  # a number Excel can sum and sort; «—» where there is nothing to divide
        return round(value, 1) if value is not None else "—"

    rows = [(r["school"], r["pupils"], r["total"], r["due"], r["done"], pct(r["percent"]), r["overdue"],
             r["done_ahead"], r["behind"]) for r in data.rows]
    t = data.total
    rows.append(("Итого по муниципалитету" if selectors.sees_many_schools(user) else "Итого", t["pupils"],
                 t["total"], t["due"], t["done"], pct(t["percent"]), t["overdue"], t["done_ahead"], t["behind"]))
    scope = user.organisation.short_name if user.organisation_id else "муниципалитет"
    subtitle = (f"По состоянию на {data.on:%d.%m.%Y}; {selectors.year_label(data.year)} учебный год; {scope}; "
                f"сформировано {timezone.localtime():%d.%m.%Y %H:%M}")
    report = Report(
        title="Информационный отчёт о выполнении мероприятий маршрутных листов адресной работы с обучающимися "
              "9-х, 11-х классов (п. 2.8.5)",
        subtitle=subtitle, filename=f"route-monitoring-{data.on:%Y-%m-%d}",
        columns=[Column("Школа", 30), Column("Обучающихся с маршрутными листами", 12, "number"),
                 Column("Мероприятий всего", 11, "number"), Column("Запланировано к дате отчёта", 12, "number"),
                 Column("Выполнено к дате отчёта", 12, "number"), Column("Выполнено, %", 10, "decimal"),
                 Column("Не выполнено в срок", 11, "number"), Column("Выполнено досрочно", 11, "number"),
                 Column("Обучающихся с просроченными мероприятиями", 14, "number")],
        rows=rows,
        notes=["Запланировано к дате отчёта — мероприятия с планируемой датой не позднее даты отчёта; выполнено — "
               "из них отмеченные выполненными не позднее этой даты. Маршрутные листы обучающихся, отказавшихся "
               "от целевого обучения, не учитываются.",
               f"Школ: {t['schools']}; обучающихся с просроченными мероприятиями: {t['behind']}."])
    return report, data


@login_required
def route_monitoring_report(request, fmt: str):
    """The information report of 2.8.5 by school and for the municipality: numbers only."""
    access.require(request.user, "pupils.view")
    _fmt_or_404(fmt)
    report, data = route_monitoring_report_of(request.user, _report_date(request), request.GET.get("school", ""))
    audit.record(actor=request.user, action="guidance.route_monitoring.exported",
                 object_repr=f"Отчёт о выполнении маршрутных листов на {data.on:%d.%m.%Y}",
                 changes={"Формат": [None, fmt], "Отбор": [None, audit.filters_repr(request.GET)]})
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)


@login_required
def route_monitoring_behind(request, fmt: str):
    """Pupils falling behind, by name: personal data, so pupils.export and a log entry."""
    access.require(request.user, "pupils.export")
    _fmt_or_404(fmt)
    on = _report_date(request)
    rows = selectors.behind_pupils(request.user, on, request.GET.get("school", ""))
    report = Report(
        title="Обучающиеся с просроченными мероприятиями маршрутных листов (п. 2.8.5)",
        subtitle=f"По состоянию на {on:%d.%m.%Y}; {selectors.year_label(selectors.school_year(on))} учебный год",
        filename=f"route-monitoring-behind-{on:%Y-%m-%d}",
        columns=[Column("Школа", 28), Column("Обучающийся", 32), Column("Класс", 8),
                 Column("Просрочено мероприятий", 12, "number"), Column("Самая ранняя просроченная дата", 14, "date"),
                 Column("Дней с этой даты", 10, "number")],
        rows=[(r["school"], r["full_name"], r["class_label"], r["overdue"], r["since"], r["days"]) for r in rows])
    audit.record(actor=request.user, action="guidance.route_monitoring_behind.exported",
                 object_repr=f"Отстающие по маршрутным листам на {on:%d.%m.%Y} ({len(rows)})",
                 changes={"Формат": [None, fmt], "Отбор": [None, audit.filters_repr(request.GET)]})
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)
