"""Who sees which careers records: the career guidance part of the access gate (orientir.accounts.access).

Programme bank, delivery, events, parents, prep courses. Lists (the *_for functions) need careers.view, or the
permission the caller names (careers.report for the aggregated reports): without it they are empty, like pupils_for.
The *_for_view functions keep the order scope first, then the permission: an object outside the scope answers 404,
one in scope that the role may not use answers 403 (the same order as organisation_for_view).
"""

from django.db.models import Q
from django.http import Http404

from orientir.accounts.access import has_perm, municipality_filter, organisations_for, require, scope
from .models import CareerEvent, ExamResult, ParentConsultation, PrepCourse, Programme, ProgrammeRun

CAREERS_VIEW = "careers.view"


def _careers_org_scope(user, queryset, field: str = "organisation_id"):
    """Rows of organisations in the user's scope, whatever the permissions (for the 404-before-403 lookups)."""
    return queryset.filter(**{f"{field}__in": organisations_for(user).values("id")})


def _careers_scope(user, queryset, field: str = "organisation_id", perm: str = CAREERS_VIEW):
    """Rows of organisations in the user's scope (runs, events, parents' log, prep courses) for a role holding
    `perm`; none otherwise."""
    if not has_perm(user, perm):
        return queryset.none()
    return _careers_org_scope(user, queryset, field)


def _programmes_visible(user):
    qs = Programme.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    qs = municipality_filter(user, qs, "municipality_id")
    visible = Q(status=Programme.Status.APPROVED) | Q(organisation_id__in=organisations_for(user).values("id"))
    if has_perm(user, "careers.bank.approve"):
        visible |= Q(status__in=[Programme.Status.SUBMITTED, Programme.Status.RETURNED])
    return qs.filter(visible)


@scope
def programmes_for(user, perm: str = CAREERS_VIEW):
    """The bank as the user sees it: approved programmes of the municipality to everyone; drafts and returned
    ones to their organisation's scope; submitted ones also to the quality centre that approves them. Empty for
    a role without `perm`."""
    if not has_perm(user, perm):
        return Programme.objects.none()
    return _programmes_visible(user)


@scope
def programme_for_view(user, pk, perm: str = CAREERS_VIEW):
    programme = (_programmes_visible(user).filter(pk=pk)
                 .select_related("organisation", "municipality", "reviewed_by").first())
    if programme is None:
        raise Http404("Программа не найдена")
    require(user, perm)
    return programme


@scope
def may_edit_programme(user, programme) -> bool:
    """The developing organisation's scope edits a draft or a returned programme; nobody edits it under review."""
    return (has_perm(user, "careers.bank.propose") and programme.is_editable
            and organisations_for(user).filter(pk=programme.organisation_id).exists())


def _career_object(user, queryset, pk, perm: str, missing: str, related=("organisation",)):
    """One careers record in the user's organisations (404 otherwise, like a missing one), then the permission."""
    obj = _careers_org_scope(user, queryset).filter(pk=pk).select_related(*related).first()
    if obj is None:
        raise Http404(missing)
    require(user, perm)
    return obj


@scope
def career_runs_for(user, perm: str = CAREERS_VIEW):
    return _careers_scope(user, ProgrammeRun.objects.all(), perm=perm)


@scope
def career_run_for_view(user, pk, perm: str = CAREERS_VIEW):
    return _career_object(user, ProgrammeRun.objects.all(), pk, perm, "Реализация программы не найдена",
                          related=("programme", "organisation"))


@scope
def career_events_for(user, perm: str = CAREERS_VIEW):
    return _careers_scope(user, CareerEvent.objects.all(), perm=perm)


@scope
def career_event_for_view(user, pk, perm: str = CAREERS_VIEW):
    return _career_object(user, CareerEvent.objects.all(), pk, perm, "Мероприятие не найдено")


@scope
def parent_consultations_for(user, perm: str = CAREERS_VIEW):
    return _careers_scope(user, ParentConsultation.objects.all(), perm=perm)


@scope
def parent_consultation_for_view(user, pk, perm: str = CAREERS_VIEW):
    return _career_object(user, ParentConsultation.objects.all(), pk, perm, "Запись не найдена",
                          related=("organisation", "pupil"))


@scope
def prep_courses_for(user, perm: str = CAREERS_VIEW):
    return _careers_scope(user, PrepCourse.objects.all(), perm=perm)


@scope
def prep_course_for_view(user, pk, perm: str = CAREERS_VIEW):
    return _career_object(user, PrepCourse.objects.all(), pk, perm, "Курс не найден")


@scope
def exam_results_for(user, perm: str = CAREERS_VIEW):
    """Pupils' exam results of the schools in scope, for a role holding `perm` (careers.report only for the
    aggregated comparison, which shows no names)."""
    return _careers_scope(user, ExamResult.objects.all(), "pupil__organisation_id", perm=perm)
