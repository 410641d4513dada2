"""Who sees which mentoring records: the mentoring part of the access gate (orientir.accounts.access).

Coordinators, directorates, the quality centre and the committee see the programmes, mentors and pairs of the
organisations of their scope (organisations_for); a tutor (a mentor with an account) only the pairs they lead.
Observers hold mentoring.report only: aggregated figures, no names.
"""

from django.http import Http404

from orientir.accounts.access import has_perm, organisations_for, require, scope
from .models import Mentor, Pair, Programme


@scope
def mentoring_programmes_for(user):
    """Programmes of the organisations in the user's scope; a tutor those where they lead a pair."""
    qs = Programme.objects.all()
    if not has_perm(user, "mentoring.view"):
        return qs.none()
    if user.role == "tutor":
        return qs.filter(pk__in=mentoring_pairs_for(user).values("programme_id"))
    return qs.filter(organisation_id__in=organisations_for(user).values("id"))


@scope
def mentoring_programme_for_view(user, pk, perm: str = "mentoring.view"):
    """The programme if in scope (404 otherwise, like a missing one) and the role may use `perm` (403)."""
    programme = mentoring_programmes_for(user).filter(pk=pk).select_related("organisation", "municipality").first()
    if programme is None:
        raise Http404("Программа наставничества не найдена")
    require(user, perm)
    return programme


@scope
def mentors_for(user):
    """Mentors attached to the organisations of the user's scope; a tutor only their own record."""
    qs = Mentor.objects.all()
    if not has_perm(user, "mentoring.view"):
        return qs.none()
    if user.role == "tutor":
        return qs.filter(user=user)
    return qs.filter(organisation_id__in=organisations_for(user).values("id"))


@scope
def mentor_for_view(user, pk, perm: str = "mentoring.view"):
    mentor = mentors_for(user).filter(pk=pk).select_related("organisation", "specialty", "user").first()
    if mentor is None:
        raise Http404("Наставник не найден")
    require(user, perm)
    return mentor


@scope
def mentoring_pairs_for(user):
    """Pairs of the programmes of the user's scope; a tutor only the pairs where they are the mentor."""
    qs = Pair.objects.all()
    if not has_perm(user, "mentoring.view"):
        return qs.none()
    if user.role == "tutor":
        return qs.filter(mentor__user=user)
    return qs.filter(programme__organisation_id__in=organisations_for(user).values("id"))


@scope
def mentoring_pair_for_view(user, pk, perm: str = "mentoring.view"):
    pair = (mentoring_pairs_for(user).filter(pk=pk)
            .select_related("programme__organisation", "mentor__organisation", "mentor__specialty", "pupil__organisation",
                            "contract__specialty", "contract__customer").first())
    if pair is None:
        raise Http404("Пара наставничества не найдена")
    require(user, perm)
    return pair
