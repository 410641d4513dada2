"""Pages of career events (2.4, 2.5), work with parents (2.7), exam-prep courses and exam results (2.8.4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from orientir.accounts import access
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.tables import Column, Report, iter_rows, pdf_response, xlsx_response
from orientir.core import editing
from orientir.core.listing import exported
from orientir.core.views import paginate

from . import selectors
from . import selectors_activities as sel
from . import services_activities as services
from .forms import ConsultationForm, CourseForm, EventForm, ExamResultForm, PupilPickForm, SessionForm
from .models import CareerEvent, ExamResult, ExamSubject, ParentConsultation

VIEW, DELIVER, REPORT = selectors.VIEW, selectors.DELIVER, selectors.REPORT
EXPORT_PERSONAL = "pupils.export"


def _stamp() -> str:
    return f"сформировано {timezone.localtime():%d.%m.%Y %H:%M}"


def _year_label(year) -> str:
    return f"{year}/{year + 1} учебный год" if year else "все учебные годы"


# --- Career events --------------------------------------------------------------------------------

@login_required
def event_list(request):
    access.require(request.user, VIEW)
    flt = sel.EventFilter.from_query(request.GET)
    ctx = {"page": paginate(request, sel.event_list(request.user, flt), per_page=50), "flt": flt,
           "years": sel.event_years(request.user), "orgs": selectors.orgs_filter(request.user),
           "kinds": CareerEvent.Kind.choices, "can_add": access.has_perm(request.user, DELIVER)}
    return render(request, "careers/event_list.html", ctx)


@login_required
def event_export(request):
    access.require(request.user, VIEW)
    flt = sel.EventFilter.from_query(request.GET)
    title = ("Участие в Днях профессионального образования в Костромской области" if flt.pro_days
             else "Практикоориентированные профориентационные мероприятия")
    report = Report(
        title=title, subtitle=f"{_year_label(flt.year).capitalize()}; {_stamp()}", filename="career-events",
        columns=[Column("Дата", 12, "date"), Column("Организация", 28), Column("Название", 40), Column("Вид", 24),
                 Column("Дни проф. образования", 10), Column("Место", 28), Column("Организатор", 28),
                 Column("Часов", 8, "number"), Column("В списке", 9, "number"), Column("Присутствовали", 9, "number")],
        rows=iter_rows(sel.event_list(request.user, flt), lambda e: (
            e.held_on, e.organisation.short_name, e.title, e.get_kind_display(), e.pro_days, e.place, e.organiser,
            e.hours, e.n_listed, e.n_attended)))
    return exported(request, report, "careers.events.exported")


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int | None = None):
    event = editing.in_scope_or_new(pk, load=lambda: access.career_event_for_view(request.user, pk, perm=DELIVER),
                                    require=lambda: access.require(request.user, DELIVER))
    form = EventForm(request.POST or None, instance=event, user=request.user,
                     initial={"held_on": timezone.localdate(), "hours": 2})

    def save():
        if event:
            return services.event_update(actor=request.user, event=event, data=form.domain_data())
        return services.event_create(actor=request.user, organisation=form.organisation, data=form.domain_data())

    return editing.submit(request, form, save, success=lambda e: f"Мероприятие «{e.title}» сохранено.",
                          redirect_to=lambda e: reverse("careers:event_detail", args=[e.pk]),
                          page="careers/event_form.html", context={"event": event})


def _event_page(request, event, *, participant_form=None, error="", status=200):
    participants = sel.event_participants(event)
    may_deliver = access.has_perm(request.user, DELIVER)
    ctx = {"event": event, "participants": participants, "may_deliver": may_deliver, "error": error,
           "future": event.held_on > timezone.localdate()}
    if may_deliver:
        ctx["participant_form"] = participant_form or PupilPickForm(pupils=selectors.enrolable_pupils(
            event.organisation_id, [p.pupil_id for p in participants]))
    audit.record(actor=request.user, action="careers.event.viewed", instance=event,
                 changes={"Участников": [None, len(participants)]})
    return render(request, "careers/event_detail.html", ctx, status=status)


@login_required
def event_detail(request, pk: int):
    return _event_page(request, access.career_event_for_view(request.user, pk))


@login_required
@require_POST
def event_participant_add(request, pk: int):
    event = access.career_event_for_view(request.user, pk, perm=DELIVER)
    form = PupilPickForm(request.POST, pupils=selectors.enrolable_pupils(event.organisation_id))
    return editing.submit(
        request, form, lambda: services.event_participant_add(
            actor=request.user, event=event, pupil=form.cleaned_data["pupil"],
            attended=event.held_on <= timezone.localdate()),
        success=lambda _: f"{form.cleaned_data['pupil'].full_name} внесён(а) в список участников.",
        redirect_to=reverse("careers:event_detail", args=[pk]) + "#participants",
        page=lambda status: _event_page(request, event, participant_form=form, status=status))


@login_required
@require_POST
def event_attendance(request, pk: int):
    event = access.career_event_for_view(request.user, pk, perm=DELIVER)
    try:
        n = services.event_attendance_save(actor=request.user, event=event,
                                           present_ids=[i for i in request.POST.getlist("present") if i.isdigit()])
    except DomainError as exc:
        return _event_page(request, event, error=exc.message, status=422)
    messages.success(request, f"Присутствие отмечено: {n}.")
    return redirect(reverse("careers:event_detail", args=[pk]) + "#participants")


# --- Parents (2.7) --------------------------------------------------------------------------------

@login_required
def parent_list(request):
    access.require(request.user, VIEW)
    flt = sel.ParentFilter.from_query(request.GET)
    ctx = {"page": paginate(request, sel.consultation_list(request.user, flt), per_page=50), "flt": flt,
           "years": sel.consultation_years(request.user), "orgs": selectors.orgs_filter(request.user),
           "topics": ParentConsultation.Topic.choices, "forms": ParentConsultation.Form.choices,
           "can_add": access.has_perm(request.user, DELIVER),
           "show_names": access.has_perm(request.user, "pupils.view")}
    return render(request, "careers/parent_list.html", ctx)


@login_required
def parent_export(request):
    """Names of parents and pupils leave the system only for roles that may export personal data."""
    access.require(request.user, VIEW)
    flt = sel.ParentFilter.from_query(request.GET)
    names = access.has_perm(request.user, EXPORT_PERSONAL)
    columns = [Column("Дата", 12, "date"), Column("Школа", 28), Column("Кто консультировал", 28), Column("Тема", 30),
               Column("Форма", 22), Column("Участников", 10, "number"), Column("Результат", 40)]
    if names:
        columns += [Column("ФИО родителя", 28), Column("Обучающийся", 28)]

    def row(c):
        base = (c.held_on, c.organisation.short_name, c.consultant, c.get_topic_display(), c.get_form_display(),
                c.participants, c.outcome)
        return base + ((c.parent_name, c.pupil.full_name if c.pupil else "") if names else ())

    report = Report(title="Работа с родителями: консультации по вопросам целевого обучения",
                    subtitle=f"{_year_label(flt.year).capitalize()}; {_stamp()}", filename="parent-consultations",
                    columns=columns, rows=iter_rows(sel.consultation_list(request.user, flt), row))
    return exported(request, report, "careers.parent_consultations.exported")


@login_required
@require_http_methods(["GET", "POST"])
def parent_edit(request, pk: int | None = None):
    item = editing.in_scope_or_new(
        pk, load=lambda: access.parent_consultation_for_view(request.user, pk, perm=DELIVER),
        require=lambda: access.require(request.user, DELIVER))
    form = ConsultationForm(request.POST or None, instance=item, user=request.user,
                            initial={"held_on": timezone.localdate(), "topic": ParentConsultation.Topic.TARGETED})

    def save():
        if item:
            return services.consultation_update(actor=request.user, consultation=item, data=form.domain_data())
        return services.consultation_create(actor=request.user, organisation=form.organisation,
                                            data=form.domain_data())

    return editing.submit(request, form, save, success="Консультация внесена в журнал.",
                          redirect_to=lambda c: reverse("careers:parent_list") + f"?year={c.start_year}",
                          page="careers/parent_form.html", context={"item": item})


@login_required
@require_POST
def parent_delete(request, pk: int):
    item = access.parent_consultation_for_view(request.user, pk, perm=DELIVER)
    services.consultation_delete(actor=request.user, consultation=item)
    messages.success(request, "Запись удалена из журнала.")
    return redirect("careers:parent_list")


@login_required
def parent_summary(request):
    access.require(request.user, VIEW)
    year = selectors.year_from(request.GET) or selectors.current_year()
    return render(request, "careers/parent_summary.html",
                  {"data": sel.parent_summary(request.user, year), "year": year,
                   "years": sel.consultation_years(request.user)})


# --- Prep courses (2.8.4) -------------------------------------------------------------------------

@login_required
def course_list(request):
    access.require(request.user, VIEW)
    flt = sel.CourseFilter.from_query(request.GET)
    ctx = {"page": paginate(request, sel.course_list(request.user, flt), per_page=50), "flt": flt,
           "years": sel.course_years(request.user), "orgs": selectors.orgs_filter(request.user),
           "subjects": ExamSubject.choices, "can_add": access.has_perm(request.user, DELIVER),
           "can_report": access.has_perm(request.user, REPORT)}
    return render(request, "careers/course_list.html", ctx)


@login_required
def course_export(request):
    access.require(request.user, VIEW)
    flt = sel.CourseFilter.from_query(request.GET)
    report = Report(
        title="Краткосрочные бесплатные подготовительные курсы по профильным предметам для 11-х классов",
        subtitle=f"{_year_label(flt.year).capitalize()}; {_stamp()}", filename="prep-courses",
        columns=[Column("Организация", 28), Column("Учебный год", 11), Column("Предмет", 26), Column("Курс", 34),
                 Column("Преподаватель", 26), Column("Расписание", 24), Column("Занятий", 9, "number"),
                 Column("Слушателей", 10, "number")],
        rows=iter_rows(sel.course_list(request.user, flt), lambda c: (
            c.organisation.short_name, f"{c.start_year}/{c.start_year + 1}", c.get_subject_display(), str(c),
            c.teacher, c.schedule, c.n_sessions, c.n_enrolled)))
    return exported(request, report, "careers.prep_courses.exported")


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request):
    access.require(request.user, DELIVER)
    form = CourseForm(request.POST or None, user=request.user)
    return editing.submit(
        request, form, lambda: services.course_create(actor=request.user, organisation=form.organisation,
                                                      data=form.domain_data()),
        success="Курс создан: добавьте слушателей и расписание занятий.",
        redirect_to=lambda course: reverse("careers:course_detail", args=[course.pk]), page="careers/course_form.html")


def _course_pupils(course, exclude=()):
    return selectors.enrolable_pupils(course.organisation_id, exclude).filter(grade=11)


def _course_page(request, course, *, session_form=None, enrol_form=None, error="", status=200):
    data = sel.course_detail(course)
    may_deliver = access.has_perm(request.user, DELIVER)
    ctx = {"course": course, **data, "may_deliver": may_deliver, "error": error, "today": timezone.localdate()}
    if may_deliver:
        ctx["session_form"] = session_form or SessionForm(initial={"held_on": timezone.localdate(), "hours": 2})
        ctx["enrol_form"] = enrol_form or PupilPickForm(
            pupils=_course_pupils(course, [e.pupil_id for e in data["enrolments"]]))
    audit.record(actor=request.user, action="careers.prep_course.viewed", instance=course,
                 changes={"Слушателей": [None, len(data["enrolments"])]})
    return render(request, "careers/course_detail.html", ctx, status=status)


@login_required
def course_detail(request, pk: int):
    return _course_page(request, access.prep_course_for_view(request.user, pk))


@login_required
@require_POST
def course_enrol(request, pk: int):
    course = access.prep_course_for_view(request.user, pk, perm=DELIVER)
    # Any studying pupil of the organisation is accepted by the form: the service explains a refusal.
    form = PupilPickForm(request.POST, pupils=selectors.enrolable_pupils(course.organisation_id))
    return editing.submit(
        request, form, lambda: services.course_enrol(actor=request.user, course=course,
                                                     pupil=form.cleaned_data["pupil"], on=timezone.localdate()),
        success=lambda _: f"{form.cleaned_data['pupil'].full_name} зачислен(а) на курс.",
        redirect_to=reverse("careers:course_detail", args=[pk]) + "#enrolments",
        page=lambda status: _course_page(request, course, enrol_form=form, status=status))


@login_required
@require_POST
def course_session_add(request, pk: int):
    course = access.prep_course_for_view(request.user, pk, perm=DELIVER)
    form = SessionForm(request.POST)
    return editing.submit(
        request, form, lambda: services.course_session_add(actor=request.user, course=course, **form.cleaned_data),
        success="Занятие добавлено в расписание.", redirect_to=reverse("careers:course_detail", args=[pk]) + "#sessions",
        page=lambda status: _course_page(request, course, session_form=form, status=status))


@login_required
@require_POST
def course_attendance(request, pk: int, session_pk: int):
    course = access.prep_course_for_view(request.user, pk, perm=DELIVER)
    session = get_object_or_404(course.sessions.all(), pk=session_pk)
    try:
        n = services.course_attendance_save(actor=request.user, session=session,
                                            present_ids=[i for i in request.POST.getlist("present") if i.isdigit()])
    except DomainError as exc:
        return _course_page(request, course, error=exc.message, status=422)
    messages.success(request, f"Посещаемость занятия {session.held_on:%d.%m.%Y} сохранена: {n}.")
    return redirect(reverse("careers:course_detail", args=[pk]) + "#sessions")


@login_required
@require_POST
def course_results(request, pk: int):
    """Mock and final scores of every listener at once; any invalid score → nothing saved."""
    course = access.prep_course_for_view(request.user, pk, perm=DELIVER)
    scores = {}
    for key, value in request.POST.items():
        kind, _, enrolment = key.partition("_")
        if kind in ExamResult.Kind.values and enrolment.isdigit():
            scores[(int(enrolment), kind)] = value.strip()
    try:
        n = services.course_results_save(actor=request.user, course=course, scores=scores)
    except DomainError as exc:
        return _course_page(request, course, error=exc.message, status=422)
    messages.success(request, f"Результаты сохранены: {n}.")
    return redirect(reverse("careers:course_detail", args=[pk]) + "#results")


# --- Exam results and the comparison report -------------------------------------------------------

@login_required
def result_list(request):
    access.require(request.user, VIEW)
    access.require(request.user, "pupils.view")
    flt = sel.ResultFilter.from_query(request.GET)
    form = None
    if access.has_perm(request.user, DELIVER):
        form = ExamResultForm(user=request.user, initial={"start_year": flt.year or selectors.current_year()})
    return _result_page(request, flt, form)


def _result_page(request, flt, form, status=200):
    """The list of pupils' scores; every showing of it is a read of personal data and goes to the log."""
    page = paginate(request, sel.result_list(request.user, flt), per_page=50)
    ctx = {"page": page, "flt": flt,
           "years": sel.course_years(request.user), "orgs": selectors.orgs_filter(request.user),
           "subjects": ExamSubject.choices, "kinds": ExamResult.Kind.choices, "form": form,
           "can_export": access.has_perm(request.user, EXPORT_PERSONAL)}
    # The log keeps what was asked for and how many rows were shown — never a name, a score or the search text.
    asked = [_year_label(flt.year)]
    if flt.organisation:
        asked.append(f"организация № {flt.organisation}")
    if flt.subject:
        asked.append(ExamSubject(flt.subject).label)
    if flt.kind:
        asked.append(ExamResult.Kind(flt.kind).label)
    if flt.q:
        asked.append("поиск по ФИО")
    audit.record(actor=request.user, action="careers.exam_results.viewed",
                 object_repr=f"Результаты экзаменов: {'; '.join(asked)}",
                 changes={"Показано записей": [None, len(page.object_list)],
                          "Страница": [None, page.number]})
    return render(request, "careers/result_list.html", ctx, status=status)


@login_required
def result_export(request):
    access.require(request.user, VIEW)
    access.require(request.user, EXPORT_PERSONAL)
    flt = sel.ResultFilter.from_query(request.GET)
    report = Report(
        title="Результаты пробных экзаменов и ЕГЭ обучающихся 11-х классов",
        subtitle=f"{_year_label(flt.year).capitalize()}; {_stamp()}", filename="exam-results",
        columns=[Column("Школа", 28), Column("ФИО", 34), Column("Предмет", 26), Column("Вид", 16),
                 Column("Учебный год", 11), Column("Баллы", 8, "number")],
        rows=iter_rows(sel.result_list(request.user, flt), lambda r: (
            r.pupil.organisation.short_name, r.pupil.full_name, r.get_subject_display(), r.get_kind_display(),
            f"{r.start_year}/{r.start_year + 1}", r.score)))
    return exported(request, report, "careers.exam_results.exported")


@login_required
@require_POST
def result_add(request):
    access.require(request.user, DELIVER)
    form = ExamResultForm(request.POST, user=request.user)

    def save():
        d = form.cleaned_data
        services.exam_result_save(actor=request.user, pupil=d["pupil"], subject=d["subject"],
                                  start_year=d["start_year"], kind=d["kind"], score=d["score"])
        return d

    return editing.submit(
        request, form, save, success=lambda d: f"Результат сохранён: {d['pupil'].full_name}, {d['score']} баллов.",
        redirect_to=lambda d: reverse("careers:result_list") + f"?year={d['start_year']}",
        page=lambda status: _result_page(request, sel.ResultFilter.from_query(request.GET), form, status=status))


@login_required
@require_POST
def result_delete(request, pk: int):
    access.require(request.user, DELIVER)
    result = get_object_or_404(access.exam_results_for(request.user).select_related("pupil"), pk=pk)
    services.exam_result_delete(actor=request.user, result=result)
    messages.success(request, "Результат удалён.")
    return redirect("careers:result_list")


@login_required
def prep_report(request):
    access.require(request.user, REPORT)
    year = selectors.year_from(request.GET) or selectors.current_year()
    sections = sel.prep_comparisons(request.user, year)
    return render(request, "careers/prep_report.html", {"sections": sections, "year": year,
                                                        "min_group": sections[0][1]["min_group"],
                                                        "years": selectors.years_around([])})


def _num(value):
    return "—" if value is None else value


@login_required
def prep_report_file(request, fmt: str):
    access.require(request.user, REPORT)
    year = selectors.year_from(request.GET) or selectors.current_year()
    sections = sel.prep_comparisons(request.user, year)
    data = sections[0][1]
    rows = [(label, ln["organisation"], ln["subject"], ln["in"]["n"], _num(ln["in"]["mean"]),
             _num(ln["in"]["median"]), ln["out"]["n"], _num(ln["out"]["mean"]), _num(ln["out"]["median"]),
             _num(ln["diff"]))
            for label, d in sections for ln in d["lines"] + d["totals"]]
    notes = ["Слушатели — обучающиеся, зачисленные на подготовительный курс по предмету в этом учебном году; "
             "другие — обучающиеся тех же школ с результатом того же вида по тому же предмету. Результаты ЕГЭ и "
             "пробных экзаменов сравниваются отдельно: обучающийся только с пробным результатом учтён среди пробных."]
    if data["min_group"]:
        notes.append(f"Группы меньше {data['min_group']} человек показаны как «менее {data['min_group']}» "
                     "без среднего и медианы.")
    report = Report(
        title="Результаты ЕГЭ и пробных экзаменов слушателей подготовительных курсов в сравнении с другими "
              "обучающимися",
        subtitle=f"{year}/{year + 1} учебный год, по школам и предметам (сведения обезличены); {_stamp()}",
        filename="prep-courses-results",
        columns=[Column("Вид результата", 16), Column("Школа", 28), Column("Предмет", 26),
                 Column("Слушателей с результатом", 11, "number"),
                 Column("Средний балл слушателей", 11, "number"), Column("Медиана слушателей", 10, "number"),
                 Column("Других обучающихся", 11, "number"), Column("Средний балл других", 11, "number"),
                 Column("Медиана других", 10, "number"), Column("Разница средних", 10, "number")],
        rows=rows, notes=notes)
    audit.record(actor=request.user, action="careers.prep_report.exported",
                 object_repr=f"{report.title}, {year}/{year + 1} ({fmt.upper()})")
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)
