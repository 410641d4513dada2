"""Which records of the directory a user reaches: organisations, municipalities, committee units, sectors.

The directory sits below accounts (decision 61): it knows no roles. A signed-in user tells how far they reach
(`user.reach`, one of `Reach`; orientir.accounts.roles gives each role its reach) and in which municipality, sector
and organisation (`municipality_id`, `sector`, `organisation_id`). Every other app's scope starts here:
orientir.accounts.access offers these functions under the same names, next to the scopes the apps register there.
An object outside the scope answers 404 exactly like a missing one, so ids cannot be probed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from orientir.core.permissions import has_perm, require

from .models import CommitteeUnit, Municipality, Organisation, Sector


class Reach:
    """How far a user sees in the directory."""

    MUNICIPALITY = "municipality"  # every organisation of their municipality (of all of them, without one)
    SECTOR = "sector"  # the organisations of their sector in their municipality
    EDUCATION = "education"  # the educational organisations of their municipality
    ORGANISATION = "organisation"  # their own organisation only
    NONE = ""  # nothing (a person's cabinet account, an unknown role)


def reach_of(user) -> str:
    return getattr(user, "reach", Reach.NONE)


def municipality_filter(user, queryset: QuerySet, field: str) -> QuerySet:
    """Rows of the user's municipality through `field` (all rows for a user without one: the region's)."""
    if user.municipality_id:
        return queryset.filter(**{field: user.municipality_id})
    return queryset


def organisations_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """Organisations the user may see: municipality, sector or their own, by reach."""
    qs = Organisation.objects.all() if queryset is None else queryset
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    reach = reach_of(user)
    if reach == Reach.MUNICIPALITY:
        return municipality_filter(user, qs, "municipality_id")
    if reach == Reach.SECTOR:
        return municipality_filter(user, qs, "municipality_id").filter(sector=user.sector or "-")
    if reach == Reach.EDUCATION:
        return municipality_filter(user, qs, "municipality_id").filter(sector=Sector.EDUCATION)
    if reach == Reach.ORGANISATION:
        return qs.filter(pk=user.organisation_id) if user.organisation_id else qs.none()
    return qs.none()


def organisation_for_view(user, pk, perm: str = "directory.org.view"):
    """The organisation if it is in the user's scope (404 otherwise) and the role may use `perm` (403)."""
    org = organisations_for(user).filter(pk=pk).select_related("municipality").first()
    if org is None:
        raise Http404("Организация не найдена")
    require(user, perm)
    return org


def municipalities_for(user) -> QuerySet:
    """Municipalities the user may choose in forms and filters."""
    qs = Municipality.objects.all()
    if user.municipality_id:
        return qs.filter(pk=user.municipality_id)
    return qs


def sectors_for(user) -> list[tuple[str, str]]:
    """Sector choices the user may give an organisation."""
    reach = reach_of(user)
    if reach == Reach.SECTOR:
        return [(v, label) for v, label in Sector.choices if v == user.sector]
    if reach == Reach.EDUCATION:
        return [(Sector.EDUCATION.value, Sector.EDUCATION.label)]
    return list(Sector.choices)


def units_for(user) -> QuerySet:
    """Committee units of the user's municipality."""
    return municipality_filter(user, CommitteeUnit.objects.all(), "municipality_id")


def sees_one_organisation(user) -> bool:
    """A coordinator or a tutor: their organisation's card is all of the registry they work with."""
    return reach_of(user) == Reach.ORGANISATION


def may_create_organisation(user) -> bool:
    """Coordinators edit their own card but do not add organisations."""
    return has_perm(user, "directory.org.change") and not sees_one_organisation(user)


def require_organisation_create(user) -> None:
    """403 unless the user may add organisations to the registry."""
    if not may_create_organisation(user):
        raise PermissionDenied("Добавлять организации в реестр может только специалист Комитета.")
