"""Who sees which pupils (personal data of minors) and keeps their routes: the pupils' part of the access gate
(orientir.accounts.access); callers ask `access.pupils_for(user)` and so on."""

from django.http import Http404

from orientir.accounts.access import has_perm, organisations_for, require, scope
from .models import Pupil


@scope
def pupils_for(user):
    """Pupils the user may see: a school's coordinator its pupils, a tutor the assigned ones, the education
    directorate and the quality centre the municipality's schools, the committee and admins all."""
    qs = Pupil.objects.all()
    if not has_perm(user, "pupils.view"):
        return qs.none()
    if user.role == "tutor":
        return qs.filter(tutor_assignments__tutor=user).distinct()
    return qs.filter(organisation_id__in=organisations_for(user).values("id"))


@scope
def pupil_for_view(user, pk, perm: str = "pupils.view"):
    """The pupil if in scope (404 otherwise, like a missing one) and the role may use `perm` (403)."""
    pupil = pupils_for(user).filter(pk=pk).select_related("organisation").first()
    if pupil is None:
        raise Http404("Обучающийся не найден")
    require(user, perm)
    return pupil


@scope
def may_tutor(user, pupil) -> bool:
    """Routes and plans are kept by the school's coordinator and by the pupil's own tutor."""
    if user.role == "admin" or (has_perm(user, "pupils.change") and user.organisation_id == pupil.organisation_id):
        return True
    return user.role == "tutor" and pupil.tutor_assignments.filter(tutor=user).exists()


@scope
def may_edit_route_templates(user) -> bool:
    """Typical route sheets are kept by an administrator and the quality centre's methodologist; everyone
    with pupils.view reads them."""
    return bool(user and user.is_authenticated and user.role in ("admin", "methodologist")
                and has_perm(user, "pupils.view"))
