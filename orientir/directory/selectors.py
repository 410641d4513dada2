"""Reads shared by pages, exports and reports: always scoped through the directory's scope (scope.py)."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from orientir.core.text import normalize_search

from . import scope
from .models import CommitteeUnit, Organisation, Position, Specialty
from orientir.core.params import int_param

ORGANISATION_SORTS = {
    "name": ("sort_name", "id"),
    "-name": ("-sort_name", "-id"),
    "kind": ("kind", "sort_name", "id"),
    "-kind": ("-kind", "sort_name", "id"),
    "sector": ("sector", "sort_name", "id"),
    "-sector": ("-sector", "sort_name", "id"),
    "inn": ("inn", "id"),
    "-inn": ("-inn", "id"),
}


@dataclass
class OrganisationFilter:
    """What the organisations list is asked for; built from the query string."""

    q: str = ""
    kind: str = ""
    sector: str = ""
    customer: str = ""  # "" | "yes" | "no"
    status: str = "active"  # "active" | "closed" | "all"
    municipality: str = ""
    sort: str = "name"

    @classmethod
    def from_query(cls, params) -> "OrganisationFilter":
        sort = params.get("sort", "name")
        return cls(
            q=params.get("q", "").strip(),
            kind=params.get("kind", ""),
            sector=params.get("sector", ""),
            customer=params.get("customer", ""),
            status=params.get("status", "active") or "active",
            municipality=params.get("municipality", ""),
            sort=sort if sort in ORGANISATION_SORTS else "name",
        )


def organisation_list(user, flt: OrganisationFilter) -> QuerySet:
    """The organisations a user sees, filtered and sorted; one query whatever the size."""
    qs = scope.organisations_for(user).select_related("municipality")
    if flt.q.isdigit() and len(flt.q) in (10, 13):
        # An ИНН or ОГРН typed whole: the unique indexes answer at once, without scanning names.
        qs = qs.filter(Q(inn=flt.q) | Q(ogrn=flt.q))
    elif flt.q:
        for word in normalize_search(flt.q).split(" "):
            qs = qs.filter(search_text__contains=word)
    if flt.kind in Organisation.Kind.values:
        qs = qs.filter(kind=flt.kind)
    if flt.sector:
        qs = qs.filter(sector=flt.sector)
    if flt.customer == "yes":
        qs = qs.filter(is_customer=True)
    elif flt.customer == "no":
        qs = qs.filter(is_customer=False)
    if flt.status in Organisation.Status.values:
        qs = qs.filter(status=flt.status)
    if int_param(flt.municipality):
        qs = qs.filter(municipality_id=int_param(flt.municipality))
    return qs.order_by(*ORGANISATION_SORTS[flt.sort])


def customer_registry(user) -> QuerySet:
    """Plan item 1.3: active customer organisations of the user's scope."""
    return (scope.organisations_for(user).filter(is_customer=True, status=Organisation.Status.ACTIVE)
            .select_related("municipality").order_by("municipality__name", "sector", "sort_name", "id"))


def dashboard_counts(user) -> dict:
    """Real counts for the home page: one grouped query (served by an index), added up in Python."""
    rows = (scope.organisations_for(user).filter(status=Organisation.Status.ACTIVE)
            .values("kind", "sector", "is_customer").annotate(n=Count("id")).order_by())
    counts = {"total": 0, "customers": 0, **{f"kind_{k}": 0 for k in Organisation.Kind.values},
              **{f"sector_{s}": 0 for s in ("education", "culture", "sport")}}
    for row in rows:
        counts["total"] += row["n"]
        counts["customers"] += row["n"] if row["is_customer"] else 0
        counts[f"kind_{row['kind']}"] += row["n"]
        counts[f"sector_{row['sector']}"] = counts.get(f"sector_{row['sector']}", 0) + row["n"]
    return counts


def units_list(user, q: str = "") -> QuerySet:
    qs = scope.units_for(user).select_related("municipality")
    if q:
        qs = qs.filter(Q(name__fold_contains=q) | Q(short_name__fold_contains=q))
    return qs


def positions_list(q: str = "", sector: str = "") -> QuerySet:
    qs = Position.objects.prefetch_related("specialty_groups")
    if q:
        qs = qs.filter(name__fold_contains=q)
    if sector:
        qs = qs.filter(sector=sector)
    return qs


def specialties_list(q: str = "", level: str = "", group: str = "", valid: str = "") -> QuerySet:
    import datetime

    qs = Specialty.objects.select_related("group")
    if q:
        for word in normalize_search(q).split(" "):
            qs = qs.filter(search_text__contains=word)
    if level:
        qs = qs.filter(level=level)
    if group:
        qs = qs.filter(group__code=group)
    if valid == "yes":
        today = datetime.date.today()
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today), valid_from__lte=today)
    elif valid == "no":
        qs = qs.filter(valid_to__lt=datetime.date.today())
    return qs


def supervising_unit(org: Organisation) -> CommitteeUnit | None:
    """The directorate that supervises the organisation's sector."""
    return CommitteeUnit.objects.filter(municipality_id=org.municipality_id, sector=org.sector,
                                        kind=CommitteeUnit.Kind.DIRECTORATE).first()
