"""Pages of profile classes (2.1–2.1.4) and motivated pupils (2.2): lists, cards, rosters, activities,
monitoring report, marks. Access: pupils.view to read, pupils.change to write, scope via accounts.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from orientir.accounts.roles import Sector
from orientir.core import audit
from orientir.core.listing import exported
from orientir.core.tables import Column, Report, iter_rows, pdf_response, xlsx_response
from orientir.core.templatetags.orientir import change_rows
from orientir.core import editing
from orientir.core.views import paginate

from . import selectors_classes as selectors
from . import services_classes as services
from .forms_classes import ActivityForm, MemberAddForm, MemberRemoveForm, MotivatedForm, ProfileClassForm
from .models import ClassActivity, ProfileClass

READ, WRITE, EXPORT_PERSONAL = selectors.READ, selectors.WRITE, selectors.EXPORT_PERSONAL

# How the class card names what happened to it (the shared log knows only the generic verbs).
CLASS_ACTIONS = {
    "guidance.profile_class.created": "Внесение в перечень",
    "guidance.profile_class.updated": "Изменение",
    "guidance.profile_class.member_added": "Зачисление в класс",
    "guidance.profile_class.member_removed": "Выбытие из класса",
    "guidance.profile_class.activity_added": "Мероприятие внесено в журнал",
    "guidance.profile_class.activity_deleted": "Мероприятие удалено из журнала",
}
CHANGE_LABELS = {"member": "Обучающийся", "activity": "Мероприятие"}


def _schools_filter(user):
    """Schools to filter by; a coordinator has one school and no filter."""
    schools = list(selectors.schools_for(user))
    return schools if len(schools) > 1 else []


def _year_title(year) -> str:
    return f"{year}/{year + 1} учебный год" if year else "все учебные годы"


# --- Profile classes: list and export -------------------------------------------------------------

@login_required
def class_list(request):
    selectors.require(request.user, READ)
    flt = selectors.ClassFilter.from_query(request.GET)
    qs = selectors.class_list(request.user, flt)
    ctx = {"page": paginate(request, qs, per_page=50), "flt": flt, "totals": selectors.class_totals(qs),
           "years": selectors.class_years(request.user), "schools": _schools_filter(request.user),
           "orientations": ProfileClass.Orientation.choices, "kinds": ProfileClass.Kind.choices,
           "can_change": selectors.may(request.user, WRITE) and selectors.schools_for(request.user).exists()}
    template = "pupils/classes/class_list_table.html" if request.htmx else "pupils/classes/class_list.html"
    return render(request, template, ctx)


def _classes_report(qs, flt) -> Report:
    return Report(
        title="Перечень профильных классов, классов и групп профессиональной направленности",
        subtitle=f"{_year_title(flt.year).capitalize()}; сформировано {timezone.localtime():%d.%m.%Y %H:%M}",
        filename="profile-classes",
        columns=[Column("Школа", 30), Column("Учебный год", 11), Column("Класс (группа)", 14), Column("Вид", 22),
                 Column("Направленность", 16), Column("Параллель", 9, "number"),
                 Column("Планируемая численность", 12, "number"), Column("Фактическая численность", 12, "number"),
                 Column("Совместных мероприятий", 12, "number"), Column("Партнёры", 40)],
        rows=iter_rows(qs, lambda pc: (
            pc.organisation.short_name, f"{pc.start_year}/{pc.start_year + 1}", pc.name, pc.get_kind_display(),
            pc.get_orientation_display(), pc.grade, pc.planned_headcount, pc.actual, pc.n_activities,
            pc.partners)))


@login_required
def class_export(request):
    selectors.require(request.user, READ)
    flt = selectors.ClassFilter.from_query(request.GET)
    report = _classes_report(selectors.class_list(request.user, flt), flt)
    return exported(request, report, "guidance.profile_classes.exported",
                             object_repr=f"{report.title} ({_year_title(flt.year)})")


# --- Profile classes: card, form, delete ----------------------------------------------------------

def _history(pc: ProfileClass) -> list:
    entries = audit.history_for(pc).select_related("content_type")[:30]
    return [(e, CLASS_ACTIONS.get(e.action) or audit.action_label(e.action),
             [(CHANGE_LABELS.get(label, label), before, after) for label, before, after in change_rows(e)])
            for e in entries]


def _detail(request, pc: ProfileClass, *, member_form=None, activity_form=None, status: int = 200):
    can_change = selectors.may(request.user, WRITE)
    members, left = selectors.roster(pc)
    ctx = {"pc": pc, "members": members, "left": left, "activities": list(selectors.activities(pc)),
           "history": _history(pc), "can_change": can_change,
           "can_export": selectors.may(request.user, EXPORT_PERSONAL),
           "today": timezone.localdate()}
    if can_change:
        ctx["member_form"] = member_form or MemberAddForm(profile_class=pc)
        ctx["activity_form"] = activity_form or ActivityForm(initial={"held_on": timezone.localdate()})
    return render(request, "pupils/classes/class_detail.html", ctx, status=status)


@login_required
def class_detail(request, pk: int):
    return _detail(request, selectors.class_for_view(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def class_edit(request, pk: int | None = None):
    pc = editing.in_scope_or_new(pk, load=lambda: selectors.class_for_view(request.user, pk, perm=WRITE),
                                 require=lambda: selectors.require(request.user, WRITE))
    form = ProfileClassForm(request.POST or None, instance=pc, user=request.user)

    def save():
        if pc:
            return services.profile_class_update(actor=request.user, profile_class=pc, data=form.domain_data())
        return services.profile_class_create(actor=request.user, organisation=form.organisation,
                                             data=form.domain_data())

    return editing.submit(request, form, save, success=lambda saved: f"Класс (группа) «{saved.name}» сохранён.",
                          redirect_to=lambda saved: reverse("pupils:class_detail", args=[saved.pk]),
                          page="pupils/classes/class_form.html", context={"pc": pc})


@login_required
@require_POST
def class_delete(request, pk: int):
    pc = selectors.class_for_view(request.user, pk, perm=WRITE)
    return editing.act(request, lambda: services.profile_class_delete(actor=request.user, profile_class=pc),
                       success=f"Класс (группа) «{pc.name}» удалён из перечня.", redirect_to="pupils:class_list",
                       refused_to=reverse("pupils:class_detail", args=[pk]))


# --- Roster (2.1.2) -------------------------------------------------------------------------------

@login_required
@require_POST
def class_member_add(request, pk: int):
    pc = selectors.class_for_view(request.user, pk, perm=WRITE)
    form = MemberAddForm(request.POST, profile_class=pc)
    return editing.submit(
        request, form, lambda: services.member_add(actor=request.user, profile_class=pc,
                                                   pupil=form.cleaned_data["pupil"],
                                                   joined_on=form.cleaned_data["joined_on"]),
        success=lambda _: f"{form.cleaned_data['pupil'].full_name} зачислен(а) в класс.",
        redirect_to=reverse("pupils:class_detail", args=[pk]) + "#roster",
        page=lambda status: _detail(request, pc, member_form=form, status=status))


@login_required
@require_POST
def class_member_remove(request, pk: int, member_pk: int):
    pc = selectors.class_for_view(request.user, pk, perm=WRITE)
    link = get_object_or_404(pc.memberships.select_related("pupil"), pk=member_pk)
    form = MemberRemoveForm(request.POST)
    on = (form.cleaned_data.get("left_on") if form.is_valid() else None) or timezone.localdate()
    return editing.act(request, lambda: services.member_remove(actor=request.user, membership=link, on=on),
                       success=f"{link.pupil.full_name} выбыл(а) из класса {on:%d.%m.%Y}.",
                       redirect_to=reverse("pupils:class_detail", args=[pk]) + "#roster")


@login_required
def class_roster_export(request, pk: int):
    """The roster holds minors' names: only roles that may export personal data, and the export is logged."""
    pc = selectors.class_for_view(request.user, pk, perm=EXPORT_PERSONAL)
    members, left = selectors.roster(pc)
    report = Report(
        title=f"Состав класса (группы) {pc.name}: {pc.organisation.short_name}",
        subtitle=f"{pc.get_kind_display()}, направленность: {pc.get_orientation_display().lower()}; "
                 f"{pc.start_year}/{pc.start_year + 1} учебный год; планируемая численность {pc.planned_headcount}, "
                 f"фактическая {len(members)}",
        filename="profile-class-roster",
        columns=[Column("№", 5, "number"), Column("ФИО", 36), Column("Класс", 8), Column("Зачислен", 12, "date"),
                 Column("Выбыл", 12, "date")],
        rows=[(i, m.pupil.full_name, m.pupil.class_label, m.joined_on, m.left_on)
              for i, m in enumerate(members + left, start=1)])
    audit.record(actor=request.user, action="guidance.profile_class_roster.exported", instance=pc,
                 object_repr=report.title, changes={"rows": [None, len(members) + len(left)]})
    return xlsx_response(report)


# --- Joint activities (2.1.3) ---------------------------------------------------------------------

@login_required
@require_POST
def class_activity_add(request, pk: int):
    pc = selectors.class_for_view(request.user, pk, perm=WRITE)
    form = ActivityForm(request.POST)
    return editing.submit(
        request, form, lambda: services.activity_add(actor=request.user, profile_class=pc, data=form.cleaned_data,
                                                     today=timezone.localdate()),
        success="Мероприятие внесено в журнал.", redirect_to=reverse("pupils:class_detail", args=[pk]) + "#activities",
        page=lambda status: _detail(request, pc, activity_form=form, status=status))


@login_required
@require_POST
def class_activity_delete(request, pk: int, activity_pk: int):
    pc = selectors.class_for_view(request.user, pk, perm=WRITE)
    activity = get_object_or_404(pc.activities.all(), pk=activity_pk)
    services.activity_delete(actor=request.user, activity=activity)
    messages.success(request, "Мероприятие удалено из журнала.")
    return redirect(reverse("pupils:class_detail", args=[pk]) + "#activities")


@login_required
def class_activity_list(request):
    selectors.require(request.user, READ)
    flt = selectors.ActivityFilter.from_query(request.GET)
    ctx = {"page": paginate(request, selectors.activity_list(request.user, flt), per_page=50), "flt": flt,
           "years": selectors.class_years(request.user), "schools": _schools_filter(request.user),
           "orientations": ProfileClass.Orientation.choices, "kinds": ClassActivity.Kind.choices}
    template = ("pupils/classes/activity_list_table.html" if request.htmx
                else "pupils/classes/activity_list.html")
    return render(request, template, ctx)


@login_required
def class_activity_export(request):
    selectors.require(request.user, READ)
    flt = selectors.ActivityFilter.from_query(request.GET)
    report = Report(
        title="Совместные мероприятия профильных классов с организациями СПО, ВО и социальной сферы",
        subtitle=f"{_year_title(flt.year).capitalize()}; сформировано {timezone.localtime():%d.%m.%Y %H:%M}",
        filename="profile-class-activities",
        columns=[Column("Дата", 12, "date"), Column("Школа", 30), Column("Класс (группа)", 14),
                 Column("Направленность", 16), Column("Вид", 14), Column("Тема", 40), Column("Партнёр", 30),
                 Column("Участников", 11, "number"), Column("Примечание", 30)],
        rows=iter_rows(selectors.activity_list(request.user, flt), lambda a: (
            a.held_on, a.profile_class.organisation.short_name, a.profile_class.name,
            a.profile_class.get_orientation_display(), a.get_kind_display(), a.title, a.partner, a.participants,
            a.notes)))
    return exported(request, report, "guidance.class_activities.exported",
                             object_repr=f"{report.title} ({_year_title(flt.year)})")


# --- Monitoring (2.1.4) ---------------------------------------------------------------------------

def _monitoring_args(request) -> tuple[int, int | None]:
    flt = selectors.ClassFilter.from_query(request.GET)
    return flt.year or selectors.current_year(), flt.school


@login_required
def class_monitoring(request):
    selectors.require(request.user, READ)
    year, school = _monitoring_args(request)
    ctx = {"data": selectors.monitoring(request.user, year, school), "year": year, "school": school,
           "years": selectors.class_years(request.user), "schools": _schools_filter(request.user)}
    return render(request, "pupils/classes/monitoring.html", ctx)


def _fill(value) -> str:
    return f"{value}%" if value is not None else "—"


def _monitoring_report(data: dict) -> Report:
    year = data["year"]
    rows = []
    for line in data["schools"]:
        if not line.classes:
            rows.append((line.school.short_name, "профильных классов нет", "", "", None, 0, 0, "—", 0, ""))
            continue
        for pc in line.classes:
            rows.append((line.school.short_name, pc.name, pc.get_kind_display(), pc.get_orientation_display(),
                         pc.grade, pc.planned_headcount, pc.actual,
                         _fill(round(100 * pc.actual / pc.planned_headcount) if pc.planned_headcount else None),
                         pc.n_activities, pc.partners))
        if len(line.classes) > 1:
            rows.append((f"Итого: {line.school.short_name}", f"классов (групп): {len(line.classes)}", "",
                         line.orientations, None, line.planned, line.actual, _fill(line.fill), line.n_activities, ""))
    total = data["total"]
    rows.append(("Итого по муниципалитету", f"классов (групп): {total['classes']}", "",
                 f"школ с классами: {total['schools_with_classes']} из {total['schools']}", None, total["planned"],
                 total["actual"], _fill(total["fill"]), total["n_activities"], ""))
    notes = ["По направленностям:"] + [
        f"{o['label']}: классов (групп) — {o['classes']}, план — {o['planned']}, факт — {o['actual']} "
        f"({_fill(o['fill'])}), совместных мероприятий — {o['n_activities']}" for o in data["orientations"]]
    return Report(
        title="Мониторинг деятельности профильных классов, классов и групп профессиональной направленности",
        subtitle=f"{year}/{year + 1} учебный год, в разрезе муниципальных образовательных организаций; "
                 f"сформировано {timezone.localtime():%d.%m.%Y %H:%M}",
        filename="profile-class-monitoring",
        columns=[Column("Школа", 28), Column("Класс (группа)", 16), Column("Вид", 20), Column("Направленность", 18),
                 Column("Параллель", 9, "number"), Column("План, чел.", 9, "number"),
                 Column("Факт, чел.", 9, "number"), Column("Укомплектованность", 11),
                 Column("Совместных мероприятий", 11, "number"), Column("Партнёры", 34)],
        rows=rows, notes=notes if data["orientations"] else [])


@login_required
def class_monitoring_report(request, fmt: str):
    selectors.require(request.user, READ)
    year, school = _monitoring_args(request)
    report = _monitoring_report(selectors.monitoring(request.user, year, school))
    audit.record(actor=request.user, action="guidance.profile_class_monitoring.exported",
                 object_repr=f"{report.title}, {year}/{year + 1} ({fmt.upper()})")
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)


# --- Motivated pupils (2.2) -----------------------------------------------------------------------

@login_required
def motivated_list(request):
    selectors.require(request.user, READ)
    flt = selectors.MotivatedFilter.from_query(request.GET)
    qs = selectors.motivated_list(request.user, flt)
    ctx = {"page": paginate(request, qs, per_page=50), "flt": flt, "summary": selectors.motivated_summary(qs),
           "years": selectors.motivated_years(request.user), "schools": _schools_filter(request.user),
           "sectors": Sector.choices, "grades": selectors.MOTIVATED_GRADES,
           "is_current": flt.year == selectors.current_year(),
           "can_change": selectors.may(request.user, WRITE),
           "can_export": selectors.may(request.user, EXPORT_PERSONAL)}
    template = ("pupils/classes/motivated_list_table.html" if request.htmx
                else "pupils/classes/motivated_list.html")
    return render(request, template, ctx)


@login_required
def motivated_export(request):
    """Names of minors leave the system only for roles that may export personal data; logged."""
    selectors.require(request.user, EXPORT_PERSONAL)
    flt = selectors.MotivatedFilter.from_query(request.GET)
    qs = selectors.motivated_list(request.user, flt)
    report = Report(
        title="Обучающиеся 9-х и 11-х классов, мотивированные на поступление на специальности социальной сферы",
        subtitle=f"{flt.year}/{flt.year + 1} учебный год; сформировано {timezone.localtime():%d.%m.%Y %H:%M}",
        filename="motivated-pupils",
        columns=[Column("Школа", 28), Column("Класс", 8), Column("Фамилия", 18), Column("Имя", 14),
                 Column("Отчество", 18), Column("Отрасль", 20), Column("Специальность", 40),
                 Column("Примечание", 30), Column("Отмечен", 12, "date")],
        rows=iter_rows(qs, lambda m: (
            m.pupil.organisation.short_name, m.pupil.class_label, m.pupil.last_name, m.pupil.first_name,
            m.pupil.middle_name, m.get_sector_display(), str(m.specialty) if m.specialty else "", m.note,
            m.marked_at)))
    return exported(request, report, "guidance.motivated_pupils.exported",
                             object_repr=f"Мотивированные обучающиеся {flt.year}/{flt.year + 1} ({qs.count()} чел.)")


@login_required
@require_http_methods(["GET", "POST"])
def motivated_edit(request, pk: int | None = None):
    mark = editing.in_scope_or_new(pk, load=lambda: selectors.motivated_for_view(request.user, pk, perm=WRITE),
                                   require=lambda: selectors.require(request.user, WRITE))
    school = selectors.ClassFilter.from_query(request.GET).school
    year = mark.start_year if mark else selectors.current_year()
    form = MotivatedForm(request.POST or None, instance=mark, user=request.user, year=year, school=school)

    def save():
        d = form.cleaned_data
        about = {"sector": d["sector"], "specialty": d.get("specialty"), "note": d.get("note", "")}
        if mark:
            return services.motivated_update(actor=request.user, motivation=mark, **about)
        return services.motivated_mark(actor=request.user, pupil=d["pupil"], start_year=year, **about)

    def then(saved) -> str:
        if "add_another" in request.POST:
            return reverse("pupils:motivated_create")
        return reverse("pupils:motivated_list") + f"?year={saved.start_year}"

    return editing.submit(
        request, form, save, success=lambda saved: f"{saved.pupil.full_name}: отметка о мотивированности сохранена.",
        redirect_to=then, page="pupils/classes/motivated_form.html",
        context={"mark": mark, "year": year, "schools": _schools_filter(request.user) if not mark else [],
                 "school": school})


@login_required
@require_POST
def motivated_delete(request, pk: int):
    mark = selectors.motivated_for_view(request.user, pk, perm=WRITE)
    services.motivated_unmark(actor=request.user, motivation=mark)
    messages.success(request, f"{mark.pupil.full_name}: отметка снята.")
    return redirect(reverse("pupils:motivated_list") + f"?year={mark.start_year}")
