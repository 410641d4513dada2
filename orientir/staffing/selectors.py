"""Reads of the staffing monitoring: scoped campaigns and returns, progress, consolidation."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import Http404

from orientir.accounts import access
from orientir.core.listing import matching_words, narrowed

from .models import AGE_BANDS, EDUCATION, ReturnLine, StaffingCampaign, StaffingReturn


def campaigns(user):
    return access.staffing_campaigns_for(user).order_by("-year")


def returns_for(user):
    """Returns of organisations in the user's scope."""
    org_ids = access.organisations_for(user).values("id")
    qs = StaffingReturn.objects.filter(organisation_id__in=org_ids).select_related("campaign", "organisation")
    if user.municipality_id:
        qs = qs.filter(campaign__municipality_id=user.municipality_id)
    return qs


def return_for_view(user, pk, perm: str = "staffing.view") -> StaffingReturn:
    ret = returns_for(user).filter(pk=pk).first()
    if ret is None:
        raise Http404("Сведения не найдены")
    access.require(user, perm)
    return ret


def progress(user, campaign: StaffingCampaign) -> dict:
    """Who submitted, who is still filling in, who was sent back; counts in one query."""
    qs = returns_for(user).filter(campaign=campaign)
    counts = qs.aggregate(total=Count("id"),
                          submitted=Count("id", filter=Q(status=StaffingReturn.Status.SUBMITTED)),
                          draft=Count("id", filter=Q(status=StaffingReturn.Status.DRAFT)),
                          returned=Count("id", filter=Q(status=StaffingReturn.Status.RETURNED)))
    return counts


def progress_rows(user, campaign, status: str = "", q: str = ""):
    qs = narrowed(returns_for(user).filter(campaign=campaign).annotate(n_lines=Count("lines")),
                  status=status if status in StaffingReturn.Status.values else None)
    qs = matching_words(qs, q, "organisation__search_text__contains")
    return qs.order_by("status", "organisation__sort_name")


def previous_lines(ret: StaffingReturn) -> dict[int, ReturnLine]:
    """Last year's lines of the same organisation by position, to highlight year-over-year differences."""
    prev = (StaffingReturn.objects.filter(organisation_id=ret.organisation_id,
                                          campaign__municipality_id=ret.campaign.municipality_id,
                                          campaign__year__lt=ret.campaign.year)
            .order_by("-campaign__year").first())
    if prev is None:
        return {}
    return {line.position_id: line for line in prev.lines.all()}


GROUPINGS = {
    "sector": ("position__sector", "Отрасль"),
    "position": ("position__name", "Должность"),
    "kind": ("ret__organisation__kind", "Тип организации"),
    "municipality": ("ret__organisation__municipality__name", "Муниципальное образование"),
}
SUM_FIELDS = ["staff_units", "filled_main", "filled_internal", "filled_external", "vacancies", "pension_age",
              "young_specialists", "planned_new_units", "leavers_retirement", "leavers_moving", "leavers_other"] + \
    [n for n, _ in AGE_BANDS] + [n for n, _ in EDUCATION]


def consolidation(user, years: list[int], group: str, only_submitted: bool = True) -> dict:
    """Sums by the chosen grouping and year; {group value: {year: {field: sum}}} plus totals per year."""
    field, _label = GROUPINGS.get(group, GROUPINGS["sector"])
    org_ids = access.organisations_for(user).values("id")
    qs = ReturnLine.objects.filter(ret__organisation_id__in=org_ids, ret__campaign__year__in=years)
    if user.municipality_id:
        qs = qs.filter(ret__campaign__municipality_id=user.municipality_id)
    if only_submitted:
        qs = qs.filter(ret__status=StaffingReturn.Status.SUBMITTED)
    rows = qs.values(field, "ret__campaign__year").annotate(**{f: Sum(f) for f in SUM_FIELDS}).order_by(field)
    table: dict = defaultdict(dict)
    totals: dict = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        year = row["ret__campaign__year"]
        values = {f: row[f] or 0 for f in SUM_FIELDS}
        table[row[field]][year] = values
        for f, v in values.items():
            totals[year][f] += Decimal(v)
    return {"table": dict(table), "totals": {y: dict(v) for y, v in totals.items()}}


