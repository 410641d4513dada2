"""Pages of mentoring (2.6, 3.2.1, 3.2.2): programmes, mentors, pairs with goals and meetings, the programme
report («Подбор наставника» is in views_match, the aggregated report in views_summary). Access: mentoring.view to
read, mentoring.manage to write; scope through accounts.access (another organisation's record → 404)."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from orientir.accounts import access
from orientir.accounts.roles import Sector
from orientir.core import audit
from orientir.core.listing import exported
from orientir.core.tables import Column, Report, iter_rows, pdf_response, xlsx_response
from orientir.core.templatetags.orientir import change_rows
from orientir.core import editing
from orientir.core.views import paginate

from . import selectors, services
from .forms import GoalForm, MeetingForm, MentorForm, ProgrammeForm, TransitionForm
from .models import Mentor, MentoringModel, Pair, PairState, Programme

READ, MANAGE, REPORT = selectors.READ, selectors.MANAGE, selectors.REPORT


def _orgs_filter(user):
    orgs = list(selectors.organisations_for(user).filter(mentoring_programmes__isnull=False).distinct())
    return orgs if len(orgs) > 1 else []


def _stamp() -> str:
    return f"сформировано {timezone.localtime():%d.%m.%Y %H:%M}"


def _history(instance) -> list:
    entries = audit.history_for(instance).exclude(action__endswith=".viewed")[:30]
    return [(e, audit.action_label(e.action), change_rows(e)) for e in entries]


# --- Programmes --------------------------------------------------------------------------------------

@login_required
def programme_list(request):
    access.require(request.user, READ)
    flt = selectors.ProgrammeFilter.from_query(request.GET)
    ctx = {"page": paginate(request, selectors.programme_list(request.user, flt), per_page=50), "flt": flt,
           "years": selectors.programme_years(request.user), "models": MentoringModel.choices,
           "organisations": _orgs_filter(request.user),
           "can_manage": access.has_perm(request.user, MANAGE)}
    template = "mentoring/programme_list_table.html" if request.htmx else "mentoring/programme_list.html"
    return render(request, template, ctx)


@login_required
def programme_export(request):
    access.require(request.user, READ)
    flt = selectors.ProgrammeFilter.from_query(request.GET)
    report = Report(
        title="Программы наставничества", subtitle=_stamp().capitalize(), filename="mentoring-programmes",
        columns=[Column("Модель", 34), Column("Программа", 40), Column("Организация", 30), Column("Период", 18),
                 Column("Куратор", 28), Column("Пар всего", 10, "number"), Column("Действуют", 10, "number"),
                 Column("Завершены", 10, "number"), Column("Встреч", 10, "number"), Column("Часов", 10, "number")],
        rows=iter_rows(selectors.programme_list(request.user, flt), lambda p: (
            p.get_model_display(), p.title, p.organisation.short_name, p.period_label, p.coordinator, p.n_pairs,
            p.n_active, p.n_completed, p.n_meetings, p.hours)))
    return exported(request, report, "mentoring.programmes.exported")


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk: int | None = None):
    programme = editing.in_scope_or_new(
        pk, load=lambda: access.mentoring_programme_for_view(request.user, pk, perm=MANAGE),
        require=lambda: access.require(request.user, MANAGE))
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)

    def save():
        if programme:
            return services.programme_update(actor=request.user, programme=programme, data=form.domain_data())
        return services.programme_create(actor=request.user, organisation=form.organisation, data=form.domain_data())

    return editing.submit(request, form, save, success=lambda p: f"Программа «{p.title}» сохранена.",
                          redirect_to=lambda p: reverse("mentoring:programme_detail", args=[p.pk]),
                          page="mentoring/programme_form.html", context={"programme": programme})


@login_required
def programme_detail(request, pk: int):
    programme = access.mentoring_programme_for_view(request.user, pk)
    pairs = selectors.programme_pairs(request.user, programme)
    return render(request, "mentoring/programme_detail.html", {
        "programme": programme, "pairs": pairs, "summary": selectors.programme_summary(pairs),
        "can_manage": access.has_perm(request.user, MANAGE), "history": _history(programme)})


def _programme_report(user, programme: Programme) -> Report:
    pairs = selectors.programme_pairs(user, programme)
    summary = selectors.programme_summary(pairs)
    names = selectors.may_see_names(user, programme)
    rows = []
    for i, p in enumerate(pairs, start=1):
        mentee = p.mentee_name if names else f"Наставляемый № {i}"
        mentor = p.mentor.full_name if names else f"Наставник № {p.mentor_id}"
        rows.append((i, mentor, mentee, p.get_state_display(), p.proposed_on, p.started_on,
                     p.completed_on or p.cancelled_on, p.n_meetings, p.hours, f"{p.n_achieved} из {p.n_goals}",
                     p.outcome or p.cancel_reason))
    notes = ["Пары по состояниям: " + "; ".join(f"{label} — {n}" for label, n in summary["states"]),
             f"Встреч: {summary['meetings']}, часов: {summary['hours']}; целей достигнуто: {summary['achieved']} из "
             f"{summary['goals']}; результатов описано: {summary['outcomes']}"]
    if programme.goals:
        notes.append(f"Цели программы: {programme.goals}")
    return Report(
        title=f"Отчёт о реализации программы наставничества «{programme.title}»",
        subtitle=f"{programme.get_model_display()}; {programme.organisation.short_name}; {programme.period_label}; "
                 f"{_stamp()}",
        filename="mentoring-programme-report",
        columns=[Column("№", 5, "number"), Column("Наставник", 28), Column("Наставляемый", 28), Column("Состояние", 12),
                 Column("Предложена", 11, "date"), Column("Начало", 11, "date"), Column("Окончание", 11, "date"),
                 Column("Встреч", 8, "number"), Column("Часов", 8, "number"), Column("Цели достигнуты", 10),
                 Column("Результат / причина отмены", 40)],
        rows=rows, notes=notes)


@login_required
def programme_report(request, pk: int, fmt: str):
    programme = access.mentoring_programme_for_view(request.user, pk)
    report = _programme_report(request.user, programme)
    audit.record(actor=request.user, action="mentoring.programme_report.exported", instance=programme,
                 object_repr=f"{report.title} ({fmt.upper()})")
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)


# --- Mentors -----------------------------------------------------------------------------------------

@login_required
def mentor_list(request):
    access.require(request.user, READ)
    flt = selectors.MentorFilter.from_query(request.GET)
    ctx = {"page": paginate(request, selectors.mentor_list(request.user, flt), per_page=50), "flt": flt,
           "kinds": Mentor.Kind.choices, "sectors": Sector.choices,
           "organisations": list(selectors.organisations_for(request.user).filter(mentors__isnull=False).distinct()),
           "can_manage": access.has_perm(request.user, MANAGE)}
    template = "mentoring/mentor_list_table.html" if request.htmx else "mentoring/mentor_list.html"
    return render(request, template, ctx)


@login_required
def mentor_export(request):
    access.require(request.user, READ)
    flt = selectors.MentorFilter.from_query(request.GET)
    report = Report(
        title="Наставники", subtitle=_stamp().capitalize(), filename="mentors",
        columns=[Column("ФИО", 32), Column("Категория", 22), Column("Организация", 30), Column("Должность", 22),
                 Column("Колледж (вуз)", 28), Column("Курс", 6, "number"), Column("Специальность", 36),
                 Column("Отрасль", 18), Column("Ведёт пар", 9, "number"), Column("Предел", 8, "number"),
                 Column("Завершено пар", 9, "number"), Column("Телефон", 18), Column("Эл. почта", 24)],
        rows=iter_rows(selectors.mentor_list(request.user, flt), lambda m: (
            m.full_name, m.get_kind_display(), m.organisation.short_name, m.position, m.education_organisation,
            m.course, str(m.specialty) if m.specialty_id else "", m.get_sector_display(), m.load, m.capacity,
            m.n_completed, m.phone, m.email)))
    return exported(request, report, "mentoring.mentors.exported")


@login_required
@require_http_methods(["GET", "POST"])
def mentor_edit(request, pk: int | None = None):
    mentor = editing.in_scope_or_new(pk, load=lambda: access.mentor_for_view(request.user, pk, perm=MANAGE),
                                     require=lambda: access.require(request.user, MANAGE))
    form = MentorForm(request.POST or None, instance=mentor, user=request.user)

    def save():
        if mentor:
            return services.mentor_update(actor=request.user, mentor=mentor, data=form.domain_data())
        return services.mentor_create(actor=request.user, organisation=form.organisation, data=form.domain_data())

    return editing.submit(
        request, form, save, success=lambda m: f"Наставник {m.full_name} сохранён.",
        redirect_to=lambda m: _safe_next(request, request.POST.get("next"))
        or reverse("mentoring:mentor_detail", args=[m.pk]),
        page="mentoring/mentor_form.html",
        context={"mentor": mentor, "next": _safe_next(request, request.GET.get("next") or request.POST.get("next"))})


def _safe_next(request, nxt: str | None) -> str:
    """A return address inside mentoring on this site only; anything else (another host, a scheme) is dropped."""
    nxt = (nxt or "").strip()
    if not nxt.startswith("/mentoring/") or not url_has_allowed_host_and_scheme(
            nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return ""
    return nxt


@login_required
def mentor_detail(request, pk: int):
    mentor = access.mentor_for_view(request.user, pk)
    pairs = list(selectors.pair_list(request.user, selectors.PairFilter(mentor=mentor.pk)))
    return render(request, "mentoring/mentor_detail.html", {
        "mentor": mentor, "pairs": pairs, "load": sum(1 for p in pairs if p.state == PairState.ACTIVE),
        "can_manage": access.has_perm(request.user, MANAGE), "history": _history(mentor)})


# --- Pairs -------------------------------------------------------------------------------------------

@login_required
def pair_list(request):
    access.require(request.user, READ)
    flt = selectors.PairFilter.from_query(request.GET)
    qs = selectors.pair_list(request.user, flt)
    ctx = {"page": paginate(request, qs, per_page=50), "flt": flt, "states": PairState.choices,
           "models": MentoringModel.choices, "by_state": selectors.pairs_by_state(qs),
           "can_manage": access.has_perm(request.user, MANAGE),
           "programmes": list(access.mentoring_programmes_for(request.user).order_by("-start_year", "title"))}
    template = "mentoring/pair_list_table.html" if request.htmx else "mentoring/pair_list.html"
    return render(request, template, ctx)


@login_required
def pair_export(request):
    access.require(request.user, READ)
    flt = selectors.PairFilter.from_query(request.GET)
    qs = selectors.pair_list(request.user, flt)
    # Names only where the role may export that personal data (pupils.export for pupils of the «студент –
    # школьник» model, contracts.export for contract holders), per row as in the programme report.
    may_name = {True: selectors.may_see_names_of(request.user, takes_pupils=True),
                False: selectors.may_see_names_of(request.user, takes_pupils=False)}

    def row(p):
        names = may_name[p.programme.takes_pupils]
        return (p.programme.title, p.programme.get_model_display(), p.programme.organisation.short_name,
                p.mentor.full_name if names else f"Наставник № {p.mentor_id}",
                p.mentee_name if names else f"Наставляемый № {p.pk}", p.get_state_display(), p.proposed_on,
                p.started_on, p.completed_on or p.cancelled_on, p.n_meetings, p.hours, p.n_goals, p.n_achieved,
                p.outcome or p.cancel_reason)

    report = Report(
        title="Пары наставничества", subtitle=_stamp().capitalize(), filename="mentoring-pairs",
        columns=[Column("Программа", 34), Column("Модель", 30), Column("Организация", 26), Column("Наставник", 28),
                 Column("Наставляемый", 28), Column("Состояние", 12), Column("Предложена", 11, "date"),
                 Column("Начало", 11, "date"), Column("Окончание", 11, "date"), Column("Встреч", 8, "number"),
                 Column("Часов", 8, "number"), Column("Целей", 8, "number"), Column("Достигнуто", 8, "number"),
                 Column("Результат / причина отмены", 40)],
        rows=iter_rows(qs, row))
    named = [label for takes_pupils, label in ((True, "обучающиеся"), (False, "граждане по договорам"))
             if may_name[takes_pupils]]
    audit.record(actor=request.user, action="mentoring.pairs.exported",
                 object_repr=f"{report.title} ({qs.count()})",
                 changes={"filters": [None, audit.filters_repr(request.GET)],
                          "С ФИО": [None, ", ".join(named) if named else "нет (номера вместо ФИО)"]})
    return xlsx_response(report)


def _pair_page(request, pair: Pair, *, transition_form=None, goal_form=None, meeting_form=None, status=200):
    can_manage = access.has_perm(request.user, MANAGE)
    ctx = {"pair": pair, **selectors.pair_detail(pair), "can_manage": can_manage,
           "actions": services.allowed_actions(pair) if can_manage else [], "history": _history(pair),
           "pupil_visible": bool(pair.pupil_id) and access.pupils_for(request.user).filter(pk=pair.pupil_id).exists(),
           "contract_visible": bool(pair.contract_id)
           and access.contracts_for(request.user).filter(pk=pair.contract_id).exists(),
           "mentor_elsewhere": services.mentor_elsewhere(pair.programme, pair.mentor, pair.contract)}
    if can_manage:
        ctx["transition_form"] = transition_form or TransitionForm()
        ctx["goal_form"] = goal_form or GoalForm()
        ctx["meeting_form"] = meeting_form or MeetingForm()
    return render(request, "mentoring/pair_detail.html", ctx, status=status)


@login_required
def pair_detail(request, pk: int):
    pair = access.mentoring_pair_for_view(request.user, pk)
    # A pair names its mentee (a minor in 2.6): every read of the card is logged.
    audit.record(actor=request.user, action="mentoring.pair.viewed", instance=pair)
    return _pair_page(request, pair)


@login_required
@require_POST
def pair_transition(request, pk: int):
    pair = access.mentoring_pair_for_view(request.user, pk, perm=MANAGE)
    form = TransitionForm(request.POST)
    done = {"activate": "Работа пары начата", "complete": "Пара завершена", "cancel": "Пара отменена"}

    def save():
        d = form.cleaned_data
        return services.pair_transition(actor=request.user, pair=pair, action=d["action"], on=d["on"],
                                        reason=d.get("reason", ""), outcome=d.get("outcome", ""))

    return editing.submit(
        request, form, save, success=lambda _: f"{done[form.cleaned_data['action']]} {form.cleaned_data['on']:%d.%m.%Y}.",
        redirect_to=reverse("mentoring:pair_detail", args=[pk]),
        page=lambda status: _pair_page(request, pair, transition_form=form, status=status))


@login_required
@require_POST
def goal_add(request, pk: int):
    pair = access.mentoring_pair_for_view(request.user, pk, perm=MANAGE)
    form = GoalForm(request.POST)
    return editing.submit(
        request, form, lambda: services.goal_add(actor=request.user, pair=pair, text=form.cleaned_data["text"],
                                                 due_on=form.cleaned_data.get("due_on")),
        success="Цель добавлена.", redirect_to=reverse("mentoring:pair_detail", args=[pk]) + "#goals",
        page=lambda status: _pair_page(request, pair, goal_form=form, status=status))


@login_required
@require_POST
def goal_mark(request, pk: int, goal_pk: int):
    pair = access.mentoring_pair_for_view(request.user, pk, perm=MANAGE)
    goal = get_object_or_404(pair.goals.all(), pk=goal_pk)
    services.goal_mark(actor=request.user, goal=goal, achieved=request.POST.get("achieved") == "1",
                       on=timezone.localdate())
    messages.success(request, "Отметка о достижении цели сохранена.")
    return redirect(reverse("mentoring:pair_detail", args=[pk]) + "#goals")


@login_required
@require_POST
def meeting_add(request, pk: int):
    pair = access.mentoring_pair_for_view(request.user, pk, perm=MANAGE)
    form = MeetingForm(request.POST)
    return editing.submit(
        request, form, lambda: services.meeting_add(actor=request.user, pair=pair, data=form.cleaned_data),
        success="Встреча внесена в журнал.", redirect_to=reverse("mentoring:pair_detail", args=[pk]) + "#meetings",
        page=lambda status: _pair_page(request, pair, meeting_form=form, status=status))


@login_required
@require_POST
def meeting_delete(request, pk: int, meeting_pk: int):
    pair = access.mentoring_pair_for_view(request.user, pk, perm=MANAGE)
    meeting = get_object_or_404(pair.meetings.all(), pk=meeting_pk)
    return editing.act(request, lambda: services.meeting_delete(actor=request.user, meeting=meeting),
                       success="Встреча удалена из журнала.",
                       redirect_to=reverse("mentoring:pair_detail", args=[pk]) + "#meetings")
