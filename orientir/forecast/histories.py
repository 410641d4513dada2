"""From staffing returns to the engine's input: one CellYear per (sector, position, level) and year.

A position that admits either level (СПО или высшее) is split between the two cells by the share of
its staff with higher and with vocational education in that year's returns.
"""

from django.db.models import Sum

from orientir.staffing.models import AGE_BANDS, ReturnLine, StaffingReturn

from .engine import CellYear

_SUMS = ["staff_units", "filled_main", "filled_internal", "filled_external", "pension_age", "left_last_year",
         "left_retirement_last_year", "hired_last_year", "hired_target_last_year", "planned_new_units",
         "edu_higher_ped", "edu_higher_other", "edu_voc_ped", "edu_voc_other", "edu_none"] + [n for n, _ in AGE_BANDS]


def _level_shares(required: str, row: dict) -> list[tuple[str, float]]:
    if required == "higher":
        return [("higher", 1.0)]
    if required == "spo":
        return [("vocational", 1.0)]
    higher = (row["edu_higher_ped"] or 0) + (row["edu_higher_other"] or 0)
    total = higher + (row["edu_voc_ped"] or 0) + (row["edu_voc_other"] or 0) + (row["edu_none"] or 0)
    share = higher / total if total else 0.5
    return [(level, s) for level, s in (("higher", share), ("vocational", 1.0 - share)) if s > 0]


def cell_years(municipality_id: int, *, up_to_year: int | None = None, sector: str = "") -> list[CellYear]:
    """Submitted returns of a municipality summed per cell and year."""
    qs = ReturnLine.objects.filter(ret__campaign__municipality_id=municipality_id,
                                   ret__status=StaffingReturn.Status.SUBMITTED)
    if up_to_year:
        qs = qs.filter(ret__campaign__year__lte=up_to_year)
    if sector:
        qs = qs.filter(position__sector=sector)
    rows = (qs.values("position__sector", "position__name", "position__required_level", "ret__campaign__year")
            .annotate(**{f: Sum(f) for f in _SUMS}).order_by("position__sector", "position__name",
                                                              "ret__campaign__year"))
    result = []
    for row in rows:
        for level, share in _level_shares(row["position__required_level"], row):
            def part(name, row=row, share=share):
                return float(row[name] or 0) * share

            filled = part("filled_main") + part("filled_internal") + part("filled_external")
            result.append(CellYear(
                key=(row["position__sector"], row["position__name"], level), year=row["ret__campaign__year"],
                staff_units=part("staff_units"), filled=filled,
                headcount=[part(n) for n, _ in AGE_BANDS], pension_age=part("pension_age"),
                left_total=part("left_last_year"), left_retirement=part("left_retirement_last_year"),
                hired_total=part("hired_last_year"), hired_target=part("hired_target_last_year"),
                planned_new_units=part("planned_new_units"),
                vacancies=max(part("staff_units") - filled, 0.0)))
    return result


def years_available(municipality_id: int) -> list[int]:
    return sorted(set(StaffingReturn.objects.filter(campaign__municipality_id=municipality_id,
                                                    status=StaffingReturn.Status.SUBMITTED)
                      .values_list("campaign__year", flat=True)))
