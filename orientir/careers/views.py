"""Pages of the programme bank (2.4.1), delivery (2.4.2) and the monitoring of both (2.4.3).

Access: careers.view to read, careers.bank.propose to add and edit (own scope, draft or returned),
careers.bank.approve to approve, careers.deliver to run programmes, careers.report for the monitoring.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from orientir.accounts import access
from orientir.accounts.roles import Sector
from orientir.core import audit
from orientir.core.listing import exported
from orientir.core.errors import DomainError
from orientir.core.tables import Column, Report, iter_rows, pdf_response, xlsx_response
from orientir.core import editing
from orientir.core.views import paginate

from . import selectors, services
from .forms import FileForm, ProgrammeForm, PupilPickForm, ReviewForm, RunForm, SessionForm
from .levels import LEVELS
from .models import Programme

VIEW, PROPOSE, APPROVE, DELIVER, REPORT = (selectors.VIEW, selectors.PROPOSE, selectors.APPROVE, selectors.DELIVER,
                                           selectors.REPORT)


def _stamp() -> str:
    return f"сформировано {timezone.localtime():%d.%m.%Y %H:%M}"


def _year_label(year) -> str:
    return f"{year}/{year + 1} учебный год" if year else "все учебные годы"


# --- The bank -------------------------------------------------------------------------------------

@login_required
def programme_list(request):
    access.require(request.user, VIEW)
    flt = selectors.ProgrammeFilter.from_query(request.GET)
    qs = selectors.programme_list(request.user, flt)
    ctx = {"page": paginate(request, qs, per_page=50), "flt": flt, "counts": selectors.programme_counts(qs),
           "years": selectors.programme_years(request.user), "kinds": Programme.Kind.choices,
           "sectors": Sector.choices, "statuses": Programme.Status.choices, "grades": range(1, 12),
           "orgs": selectors.orgs_filter(request.user), "can_propose": access.has_perm(request.user, PROPOSE)}
    return render(request, "careers/programme_list.html", ctx)


@login_required
def programme_export(request):
    access.require(request.user, VIEW)
    flt = selectors.ProgrammeFilter.from_query(request.GET)
    report = Report(
        title="Муниципальный банк профориентационных программ",
        subtitle=f"{_year_label(flt.year).capitalize()}; {_stamp()}", filename="programme-bank",
        columns=[Column("Название", 40), Column("Вид", 22), Column("Отрасль", 16), Column("Разработчик", 28),
                 Column("Авторы", 28), Column("Партнёры", 30), Column("Классы", 8), Column("Часов", 8, "number"),
                 Column("Учебный год", 11), Column("Состояние", 16), Column("Реализаций", 10, "number")],
        rows=iter_rows(selectors.programme_list(request.user, flt), lambda p: (
            p.title, p.get_kind_display(), p.get_sector_display(), p.organisation.short_name, p.authors,
            p.partners_text, p.grades_label, p.hours, f"{p.start_year}/{p.start_year + 1}", p.get_status_display(),
            p.n_runs)))
    return exported(request, report, "careers.programmes.exported")


def _programme_page(request, programme, *, review_form=None, file_form=None, status=200):
    user = request.user
    may_edit = access.may_edit_programme(user, programme)
    may_review = access.has_perm(user, APPROVE) and programme.status == Programme.Status.SUBMITTED
    history = audit.history_for(programme)[:30]
    ctx = {"p": programme, "files": list(programme.files.all()), "partners": list(programme.partners.all()),
           "runs": list(programme.runs.filter(organisation__in=access.organisations_for(user))
                        .select_related("organisation")),
           "history": history, "may_edit": may_edit, "may_review": may_review,
           "may_run": access.has_perm(user, DELIVER) and programme.status == Programme.Status.APPROVED,
           "review_form": review_form or (ReviewForm() if may_review else None),
           "file_form": file_form or (FileForm() if may_edit else None)}
    return render(request, "careers/programme_detail.html", ctx, status=status)


@login_required
def programme_detail(request, pk: int):
    return _programme_page(request, access.programme_for_view(request.user, pk))


def _require_edit(user, programme):
    access.require(user, PROPOSE)
    if not access.may_edit_programme(user, programme):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Изменить можно черновик или возвращённую программу своей организации.")


def _programme_to_edit(user, pk: int):
    programme = access.programme_for_view(user, pk, perm=PROPOSE)
    _require_edit(user, programme)
    return programme


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk: int | None = None):
    programme = editing.in_scope_or_new(pk, load=lambda: _programme_to_edit(request.user, pk),
                                        require=lambda: access.require(request.user, PROPOSE))
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)

    def save():
        kwargs = {"actor": request.user, "data": form.domain_data(), "partners": form.cleaned_data["partners"]}
        if programme:
            return services.programme_update(programme=programme, **kwargs)
        return services.programme_create(organisation=form.organisation, **kwargs)

    return editing.submit(request, form, save, success=lambda p: f"Программа «{p.title}» сохранена.",
                          redirect_to=lambda p: reverse("careers:programme_detail", args=[p.pk]),
                          page="careers/programme_form.html", context={"p": programme})


@login_required
@require_POST
def programme_submit(request, pk: int):
    programme = _programme_to_edit(request.user, pk)
    return editing.act(request, lambda: services.programme_submit(actor=request.user, programme=programme),
                       success="Программа представлена на рассмотрение в ГЦОКО.",
                       redirect_to=reverse("careers:programme_detail", args=[pk]))


@login_required
@require_POST
def programme_review(request, pk: int):
    programme = access.programme_for_view(request.user, pk, perm=APPROVE)
    form = ReviewForm(request.POST)

    def approve() -> bool:
        return form.cleaned_data["decision"] == "approve"

    return editing.submit(
        request, form, lambda: services.programme_review(actor=request.user, programme=programme, approve=approve(),
                                                         comment=form.cleaned_data["comment"]),
        success=lambda _: "Программа одобрена и включена в банк." if approve() else "Программа возвращена на доработку.",
        redirect_to=reverse("careers:programme_detail", args=[pk]),
        page=lambda status: _programme_page(request, programme, review_form=form, status=status))


@login_required
@require_POST
def programme_file_add(request, pk: int):
    programme = _programme_to_edit(request.user, pk)
    form = FileForm(request.POST, request.FILES)
    return editing.submit(
        request, form, lambda: services.programme_file_add(actor=request.user, programme=programme,
                                                           title=form.cleaned_data["title"],
                                                           file=form.cleaned_data["file"]),
        success="Файл приложен к программе.", redirect_to=reverse("careers:programme_detail", args=[pk]),
        page=lambda status: _programme_page(request, programme, file_form=form, status=status))


@login_required
def programme_file(request, pk: int, file_pk: int):
    """An attached file, served only to those who may see the programme."""
    programme = access.programme_for_view(request.user, pk)
    item = get_object_or_404(programme.files.all(), pk=file_pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("Файл не найден") from None
    return FileResponse(handle, as_attachment=True, filename=item.filename)


# --- Delivery -------------------------------------------------------------------------------------

@login_required
def run_list(request):
    access.require(request.user, VIEW)
    flt = selectors.RunFilter.from_query(request.GET)
    ctx = {"page": paginate(request, selectors.run_list(request.user, flt), per_page=50), "flt": flt,
           "years": selectors.run_years(request.user), "orgs": selectors.orgs_filter(request.user),
           "kinds": Programme.Kind.choices, "can_run": access.has_perm(request.user, DELIVER)}
    return render(request, "careers/run_list.html", ctx)


@login_required
def run_export(request):
    access.require(request.user, VIEW)
    flt = selectors.RunFilter.from_query(request.GET)
    report = Report(
        title="Реализация сетевых практикоориентированных профориентационных программ",
        subtitle=f"{_year_label(flt.year).capitalize()}; {_stamp()}", filename="programme-runs",
        columns=[Column("Организация", 28), Column("Программа", 40), Column("Вид", 22), Column("Учебный год", 11),
                 Column("Руководитель", 24), Column("Занятий", 9, "number"), Column("Часов", 9, "number"),
                 Column("Участников", 10, "number")],
        rows=iter_rows(selectors.run_list(request.user, flt), lambda r: (
            r.organisation.short_name, r.programme.title, r.programme.get_kind_display(),
            f"{r.start_year}/{r.start_year + 1}", r.leader, r.n_sessions, r.hours, r.n_participants)))
    return exported(request, report, "careers.runs.exported")


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request):
    access.require(request.user, DELIVER)
    form = RunForm(request.POST or None, user=request.user,
                   initial={"programme": selectors.int_or_none(request.GET.get("programme"))})

    def save():
        d = form.cleaned_data
        return services.run_create(actor=request.user, programme=d["programme"], organisation=form.organisation,
                                   start_year=d["start_year"], leader=d["leader"], notes=d["notes"])

    return editing.submit(request, form, save, success="Реализация программы начата: добавьте участников и занятия.",
                          redirect_to=lambda run: reverse("careers:run_detail", args=[run.pk]),
                          page="careers/run_form.html")


def _run_page(request, run, *, session_form=None, participant_form=None, status=200):
    data = selectors.run_detail(run)
    may_deliver = access.has_perm(request.user, DELIVER)
    ctx = {"run": run, **data, "may_deliver": may_deliver, "today": timezone.localdate(), "levels": LEVELS}
    if may_deliver:
        ctx["session_form"] = session_form or SessionForm(initial={"held_on": timezone.localdate(), "hours": 2})
        ctx["participant_form"] = participant_form or PupilPickForm(pupils=selectors.enrolable_pupils(
            run.organisation_id, [p.pupil_id for p in data["participants"]]))
    audit.record(actor=request.user, action="careers.run.viewed", instance=run,
                 changes={"Участников": [None, len(data["participants"])]})
    return render(request, "careers/run_detail.html", ctx, status=status)


@login_required
def run_detail(request, pk: int):
    return _run_page(request, access.career_run_for_view(request.user, pk))


@login_required
@require_POST
def run_session_add(request, pk: int):
    run = access.career_run_for_view(request.user, pk, perm=DELIVER)
    form = SessionForm(request.POST)
    return editing.submit(
        request, form, lambda: services.run_session_add(actor=request.user, run=run, **form.cleaned_data),
        success="Занятие добавлено: отметьте посещаемость.",
        redirect_to=lambda session: reverse("careers:run_attendance", args=[pk, session.pk]),
        page=lambda status: _run_page(request, run, session_form=form, status=status))


@login_required
@require_POST
def run_session_delete(request, pk: int, session_pk: int):
    run = access.career_run_for_view(request.user, pk, perm=DELIVER)
    session = get_object_or_404(run.sessions.all(), pk=session_pk)
    services.run_session_delete(actor=request.user, session=session)
    messages.success(request, "Занятие удалено вместе с отметками посещаемости.")
    return redirect("careers:run_detail", pk=pk)


@login_required
@require_POST
def run_participant_add(request, pk: int):
    run = access.career_run_for_view(request.user, pk, perm=DELIVER)
    form = PupilPickForm(request.POST, pupils=selectors.enrolable_pupils(run.organisation_id))
    return editing.submit(
        request, form, lambda: services.run_participant_add(actor=request.user, run=run,
                                                            pupil=form.cleaned_data["pupil"], on=timezone.localdate()),
        success=lambda _: f"{form.cleaned_data['pupil'].full_name} зачислен(а) в программу.",
        redirect_to=reverse("careers:run_detail", args=[pk]) + "#participants",
        page=lambda status: _run_page(request, run, participant_form=form, status=status))


@login_required
@require_POST
def run_participant_remove(request, pk: int, participant_pk: int):
    run = access.career_run_for_view(request.user, pk, perm=DELIVER)
    participant = get_object_or_404(run.participants.select_related("pupil"), pk=participant_pk)
    services.run_participant_remove(actor=request.user, participant=participant)
    messages.success(request, f"{participant.pupil.full_name} исключён(а) из программы.")
    return redirect(reverse("careers:run_detail", args=[pk]) + "#participants")


@login_required
@require_http_methods(["GET", "POST"])
def run_attendance(request, pk: int, session_pk: int):
    """One session's attendance as a list of checkboxes: exactly the checked participants attended."""
    run = access.career_run_for_view(request.user, pk, perm=DELIVER)
    session = get_object_or_404(run.sessions.all(), pk=session_pk)
    participants = list(run.participants.select_related("pupil").order_by("pupil__grade", "pupil__class_letter",
                                                                          "pupil__sort_name", "id"))
    error, status = "", 200
    if request.method == "POST":
        ids = [i for i in request.POST.getlist("present") if i.isdigit()]
        try:
            result = services.attendance_save(actor=request.user, session=session, present_ids=ids)
        except DomainError as exc:
            error, status = exc.message, 422
        else:
            messages.success(request, f"Посещаемость сохранена: присутствовали {result['present']} "
                                      f"из {len(participants)}.")
            return redirect(reverse("careers:run_detail", args=[pk]) + "#sessions")
    present = set(session.attendance.values_list("participant_id", flat=True))
    return render(request, "careers/run_attendance.html",
                  {"run": run, "session": session, "participants": participants, "present": present,
                   "error": error, "future": session.held_on > timezone.localdate()}, status=status)


# --- Monitoring (2.4.3) ---------------------------------------------------------------------------

def _monitoring_args(request) -> tuple[int, int | None]:
    return (selectors.year_from(request.GET) or selectors.current_year(),
            selectors.int_or_none(request.GET.get("organisation")))


@login_required
def monitoring(request):
    access.require(request.user, REPORT)
    year, org = _monitoring_args(request)
    ctx = {"data": selectors.monitoring(request.user, year, org), "year": year, "organisation": org,
           "years": selectors.years_around([]), "orgs": selectors.orgs_filter(request.user)}
    return render(request, "careers/monitoring.html", ctx)


def monitoring_report_of(data: dict) -> Report:
    level_titles = [f"{label} (≥ {minimum} ч)" for minimum, _, label in reversed(LEVELS)]
    rows = []
    for ln in data["lines"] + [data["total"]]:
        name = ln.organisation.short_name if ln.organisation else "Итого по муниципалитету"
        rows.append((name, ln.programmes, ln.approved, ln.runs, ln.sessions, ln.session_hours, ln.participants,
                     ln.events, ln.pro_days_events, ln.pupil_hours,
                     *[ln.levels[code] for _, code, _ in reversed(LEVELS)], ln.below))
    year = data["year"]
    return Report(
        title="Мониторинг разработки и реализации сетевых практикоориентированных профориентационных программ",
        subtitle=f"{year}/{year + 1} учебный год, по организациям (сведения обезличены); {_stamp()}",
        filename="careers-monitoring",
        columns=[Column("Организация", 28), Column("Программ разработано", 11, "number"),
                 Column("Из них одобрено (в банке)", 11, "number"), Column("Реализаций", 10, "number"),
                 Column("Занятий", 9, "number"), Column("Часов занятий", 9, "number"),
                 Column("Участников программ", 11, "number"), Column("Мероприятий", 10, "number"),
                 Column("Из них в Дни проф. образования", 12, "number"),
                 Column("Часов участия обучающихся", 12, "number"),
                 # the levels in the screen's order: from the basic up, then those below it
                 *[Column(t, 11, "number") for t in level_titles], Column("Ниже базового (< 40 ч)", 11, "number")],
        rows=rows,
        notes=["Уровни участия — по числу часов за учебный год (занятия программ и профориентационные мероприятия): "
               + ", ".join(level_titles) + ".",
               "Банк программ по видам (одобрено): " + "; ".join(f"{label} — {n}" for label, n in data["by_kind"])])


@login_required
def monitoring_report(request, fmt: str):
    access.require(request.user, REPORT)
    year, org = _monitoring_args(request)
    report = monitoring_report_of(selectors.monitoring(request.user, year, org))
    audit.record(actor=request.user, action="careers.monitoring.exported",
                 object_repr=f"{report.title}, {year}/{year + 1} ({fmt.upper()})")
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)
