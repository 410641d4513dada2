"""Contracted students as the forecast's pipeline: who will come to work under a target contract, and when.

A student counts in the cell of the contract's place of work (sector and position of the position, level
by the programme: СПО — vocational, bachelor/specialist/master — higher) in the year they are due to graduate.
The due year is estimated from the signing date and the nominal length of the programme (a school graduate
starts in the September of signing; a 2.11 student is in `course_at_signing` then). Completion and employment
are applied by the engine, so only students still studying are counted.
"""

from collections import defaultdict

from .data import Pipeline

# Nominal length of a programme in years (ФГОС): СПО after 11 grades about 3, bachelor 4, specialist 5, master 2.
NOMINAL_YEARS = {"spo_worker": 2, "spo": 3, "bachelor": 4, "specialist": 5, "master": 2}
ENGINE_LEVEL = {"spo_worker": "vocational", "spo": "vocational", "bachelor": "higher", "specialist": "higher",
                "master": "higher"}
STUDYING_STATES = {"admitted", "studying"}


def due_year(contract_row: dict) -> int | None:
    """The calendar year of graduation (June), i.e. the forecast year the graduate starts work in."""
    signed = contract_row["signed_on"]
    length = NOMINAL_YEARS.get(contract_row["level"])
    if not signed or not length:
        return None
    if contract_row["kind"] == "graduate":
        # studies start the September after signing (the same year when signed before September)
        return signed.year + (signed.month >= 9) + length
    start = signed.year if signed.month >= 9 else signed.year - 1
    course = contract_row["course_at_signing"] or 1
    return start + max(length - course + 1, 1)


def contract_pipeline(municipality_id: int, sector: str = "", first_year: int | None = None) -> tuple[Pipeline, int]:
    """(pipeline, students counted) from the municipality's contracts still in study. A student past the nominal
    end (a repeated year, a suspension) is expected in `first_year`, the first year of the forecast."""
    from django.db.models import Q

    from orientir.contracts.models import Contract

    qs = Contract.objects.filter(municipality_id=municipality_id, work_position__isnull=False).filter(
        Q(state__in=STUDYING_STATES) | Q(state="suspended", state_before_suspension__in=STUDYING_STATES))
    if sector:
        qs = qs.filter(work_position__sector=sector)
    students: dict = defaultdict(lambda: defaultdict(float))
    counted = 0
    for row in qs.values("signed_on", "level", "kind", "course_at_signing", "work_position__sector",
                         "work_position__name"):
        year = due_year(row)
        level = ENGINE_LEVEL.get(row["level"])
        if year is None or level is None:
            continue
        if first_year is not None:
            year = max(year, first_year)
        students[(row["work_position__sector"], row["work_position__name"], level)][year] += 1
        counted += 1
    return Pipeline(students={k: dict(v) for k, v in students.items()}), counted
