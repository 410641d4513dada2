"""Match suggestions: rank available mentors for a mentee. Pure Python, no database: the selector feeds it.

Points, each with the reason a coordinator reads next to the score:
- the same specialty code as the mentee's interest (or contract) — the strongest sign (+5);
- otherwise a specialty of the same enlarged group (+3);
- the same sector of the social sphere (+3);
- the same school or organisation (+2);
- load: −1 for every active pair the mentor already leads.
A mentor whose active pairs reached the capacity is not available and is left out.

Mentoring at the workplace (3.2.2) is led by a colleague: when the need names the mentee's workplace, the staff of
that organisation come first whatever their points, and every other mentor carries a reason saying they work
elsewhere (the page and the proposal warn about it).
"""

from dataclasses import dataclass, field

SAME_SPECIALTY, SAME_GROUP, SAME_SECTOR, SAME_ORGANISATION, PER_PAIR = 5, 3, 3, 2, -1


@dataclass(frozen=True)
class Need:
    """What the mentee is looking for: sector, specialties (code → group code) and their organisations."""

    sector: str = ""
    specialties: dict[str, str] = field(default_factory=dict)
    organisation_ids: frozenset[int] = frozenset()
    # Where the mentee works, for mentoring at the workplace (3.2.2); None for the other models.
    workplace_id: int | None = None


@dataclass(frozen=True)
class Candidate:
    mentor_id: int
    sector: str = ""
    specialty_code: str = ""
    specialty_group: str = ""
    organisation_id: int | None = None
    load: int = 0
    capacity: int = 3


@dataclass(frozen=True)
class Suggestion:
    mentor_id: int
    score: int
    reasons: tuple[str, ...]
    # For mentoring at the workplace: whether the mentor works there (None when the need names no workplace).
    at_workplace: bool | None = None


def score(need: Need, candidate: Candidate) -> Suggestion:
    """The candidate's points for this need and the reason for each of them."""
    points, reasons = 0, []
    if candidate.specialty_code and candidate.specialty_code in need.specialties:
        points += SAME_SPECIALTY
        reasons.append(f"+{SAME_SPECIALTY}: та же специальность ({candidate.specialty_code})")
    elif candidate.specialty_group and candidate.specialty_group in set(need.specialties.values()):
        points += SAME_GROUP
        reasons.append(f"+{SAME_GROUP}: та же укрупнённая группа специальностей ({candidate.specialty_group})")
    if candidate.sector and candidate.sector == need.sector:
        points += SAME_SECTOR
        reasons.append(f"+{SAME_SECTOR}: та же отрасль")
    if candidate.organisation_id is not None and candidate.organisation_id in need.organisation_ids:
        points += SAME_ORGANISATION
        reasons.append(f"+{SAME_ORGANISATION}: та же организация")
    if candidate.load:
        points += PER_PAIR * candidate.load
        reasons.append(f"{PER_PAIR * candidate.load}: уже ведёт пар — {candidate.load} из {candidate.capacity}")
    else:
        reasons.append("0: свободен, действующих пар нет")
    at_workplace = None
    if need.workplace_id is not None:
        at_workplace = candidate.organisation_id == need.workplace_id
        reasons.insert(0, "работает по месту работы наставляемого" if at_workplace
                       else "работает в другой организации, не по месту работы наставляемого")
    return Suggestion(candidate.mentor_id, points, tuple(reasons), at_workplace)


def rank(need: Need, candidates: list[Candidate]) -> list[Suggestion]:
    """Available candidates, best first; ties go to the less loaded mentor, then to the earlier record. For
    mentoring at the workplace the staff of the mentee's workplace come before everyone else."""
    loads = {c.mentor_id: c.load for c in candidates}
    available = [score(need, c) for c in candidates if c.load < c.capacity]
    return sorted(available, key=lambda s: (s.at_workplace is False, -s.score, loads[s.mentor_id], s.mentor_id))
