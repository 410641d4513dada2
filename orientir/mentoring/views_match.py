"""«Подбор наставника» (2.6): suggestions of mentors for a pupil or a young specialist, and the pair proposed from
them. Access: mentoring.manage; scope through accounts.access (another organisation's record → 404)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.core.errors import DomainError

from . import selectors, services
from .forms import ProposeForm
from .models import PairState, Programme

MANAGE = selectors.MANAGE


def _mentee(request, programme: Programme, source):
    """The pupil or contract named in the request, within the user's scope and fitting the programme (404)."""
    if programme.takes_pupils:
        pk = selectors._int(source.get("pupil"))
        if pk is None:
            return None
        mentee = selectors.mentee_pupils(request.user, programme).filter(pk=pk).select_related("organisation").first()
    else:
        pk = selectors._int(source.get("contract"))
        if pk is None:
            return None
        mentee = selectors.mentee_contracts(request.user, programme).filter(pk=pk).select_related(
            "specialty__group", "customer", "employer", "work_organisation").first()
    if mentee is None:
        raise Http404("Наставляемый не найден")
    return mentee


def _proposal_bounds(programme: Programme) -> dict:
    """The days a proposal may be dated (services.pair_propose checks them): today back to the programme's start,
    at most a year."""
    today = timezone.localdate()
    start = services.programme_start(programme)
    return {"today": today, "programme_start": start,
            "earliest": max(start, today - datetime.timedelta(days=services.PROPOSAL_LOOKBACK_DAYS))}


@login_required
def match(request):
    access.require(request.user, MANAGE)
    programme_pk = selectors._int(request.GET.get("programme"))
    year = selectors.current_year()
    programmes = list(access.mentoring_programmes_for(request.user).filter(start_year__gte=year - 1)
                      .select_related("organisation").order_by("-start_year", "title"))
    ctx = {"programmes": programmes, "programme": None}
    if programme_pk:
        programme = access.mentoring_programme_for_view(request.user, programme_pk, perm=MANAGE)
        mentee = _mentee(request, programme, request.GET)
        ctx.update(programme=programme, mentee=mentee,
                   mentees=list(selectors.mentee_pupils(request.user, programme) if programme.takes_pupils
                                else selectors.mentee_contracts(request.user, programme)))
        if mentee is not None:
            suggestions = selectors.suggestions(request.user, programme, selectors.need_for(programme, mentee))
            workplace = None if programme.takes_pupils else services.mentee_workplace(programme, mentee)
            ctx.update(suggestions=suggestions, workplace=workplace,
                       own_staff=sum(1 for _, s in suggestions if s.at_workplace),
                       **_proposal_bounds(programme))
            ctx["open_pair"] = programme.pairs.filter(
                state__in=(PairState.PROPOSED, PairState.ACTIVE),
                **({"pupil": mentee} if programme.takes_pupils else {"contract": mentee})).first()
    return render(request, "mentoring/match.html", ctx)


@login_required
@require_POST
def pair_propose(request, pk: int):
    programme = access.mentoring_programme_for_view(request.user, pk, perm=MANAGE)
    form = ProposeForm(request.POST)
    form.is_valid()
    if "mentor" in form.errors or form.cleaned_data.get("mentor") is None:
        raise Http404("Наставник или наставляемый не указан")
    mentee = _mentee(request, programme, form.cleaned_data)
    if mentee is None:
        raise Http404("Наставляемый не указан")
    mentor = access.mentors_for(request.user).filter(pk=form.cleaned_data["mentor"]).select_related(
        "organisation").first()
    if mentor is None:
        raise Http404("Наставник не найден")
    back = reverse("mentoring:match") + f"?programme={programme.pk}&" + (
        f"pupil={mentee.pk}" if programme.takes_pupils else f"contract={mentee.pk}")
    if "on" in form.errors:
        messages.error(request, "Пара не предложена: укажите дату предложения в формате дд.мм.гггг.")
        return redirect(back)
    suggestion = dict((m.pk, s) for m, s in selectors.suggestions(
        request.user, programme, selectors.need_for(programme, mentee))).get(mentor.pk)
    contract = None if programme.takes_pupils else mentee
    on = form.cleaned_data.get("on") or timezone.localdate()
    try:
        pair = services.pair_propose(
            actor=request.user, programme=programme, mentor=mentor, on=on,
            pupil=mentee if programme.takes_pupils else None, contract=contract,
            match_score=suggestion.score if suggestion else None,
            match_reasons=list(suggestion.reasons) if suggestion else [])
    except DomainError as exc:
        messages.error(request, f"Пара не предложена: {exc.message}")
        return redirect(back)
    messages.success(request, f"Пара предложена: {pair.mentor.full_name} — {pair.mentee_name}. Дата предложения — "
                              f"{pair.proposed_on:%d.%m.%Y}.")
    # A workplace mentor from another organisation: the pair's page, where this leads, warns (mentor_elsewhere).
    return redirect("mentoring:pair_detail", pk=pair.pk)


