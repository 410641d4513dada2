"""Reads of mentoring: scoped through accounts.access, bounded queries whatever the data size."""

import decimal
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, DecimalField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from orientir.accounts import access
from orientir.core.text import natural_key
from orientir.directory.services import academic_year_for

from . import matching
from .models import Goal, Meeting, Mentor, MentoringModel, Pair, PairState, Programme
from .services import CONTRACT_STATES, mentee_workplace
from orientir.core.listing import matching_words, narrowed
from orientir.core.params import int_param

READ, MANAGE, REPORT = "mentoring.view", "mentoring.manage", "mentoring.report"


def current_year() -> int:
    return academic_year_for(timezone.localdate())


def _int(value) -> int | None:
    return int_param(value)


def _words(qs: QuerySet, q: str) -> QuerySet:
    return matching_words(qs, q, "search_text__contains")


def organisations_for(user) -> QuerySet:
    """Organisations a programme or a mentor of this user may belong to (their scope)."""
    return access.organisations_for(user).filter(status="active").order_by("sort_name", "id")


def may_see_names_of(user, *, takes_pupils: bool) -> bool:
    """Exports name people only for roles that may export that personal data: pupils (minors of the «студент –
    школьник» model) under pupils.export, contract holders under contracts.export."""
    return access.has_perm(user, "pupils.export" if takes_pupils else "contracts.export")


def may_see_names(user, programme: Programme) -> bool:
    """Exports of a programme name people only for roles that may export that personal data."""
    return may_see_names_of(user, takes_pupils=programme.takes_pupils)


# --- Aggregates as subqueries (no row multiplication when several are joined) ----------------------------

def _count(model, link: str, **filters):
    sq = (model.objects.filter(**{link: OuterRef("pk")}, **filters).order_by().values(link)
          .annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(sq, output_field=IntegerField()), Value(0))


def _hours(link: str):
    sq = (Meeting.objects.filter(**{link: OuterRef("pk")}).order_by().values(link)
          .annotate(h=Sum("hours")).values("h"))
    return Coalesce(Subquery(sq, output_field=DecimalField(max_digits=8, decimal_places=1)), Value(decimal.Decimal(0)),
                    output_field=DecimalField(max_digits=8, decimal_places=1))


# --- Programmes -----------------------------------------------------------------------------------------

@dataclass
class ProgrammeFilter:
    year: int | None
    model: str = ""
    organisation: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "ProgrammeFilter":
        raw = params.get("year", "")
        model = params.get("model", "")
        return cls(year=None if raw in ("", "all") else _int(raw),
                   model=model if model in MentoringModel.values else "",
                   organisation=_int(params.get("organisation")), q=params.get("q", "").strip())


def programme_list(user, flt: ProgrammeFilter) -> QuerySet:
    qs = narrowed(access.mentoring_programmes_for(user), start_year=flt.year, model=flt.model,
                  organisation_id=flt.organisation)
    qs = _words(qs, flt.q)
    return (qs.select_related("organisation")
            .annotate(n_pairs=_count(Pair, "programme"),
                      n_active=_count(Pair, "programme", state=PairState.ACTIVE),
                      n_completed=_count(Pair, "programme", state=PairState.COMPLETED),
                      n_meetings=_count(Meeting, "pair__programme"),
                      hours=_hours("pair__programme"))
            .order_by("-start_year", "organisation__sort_name", "title", "id"))


def programme_years(user) -> list[int]:
    years = set(access.mentoring_programmes_for(user).values_list("start_year", flat=True).distinct())
    years.add(current_year())
    return sorted(years, reverse=True)


# --- Pairs ----------------------------------------------------------------------------------------------

@dataclass
class PairFilter:
    programme: int | None = None
    state: str = ""
    model: str = ""
    mentor: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "PairFilter":
        state, model = params.get("state", ""), params.get("model", "")
        return cls(programme=_int(params.get("programme")), state=state if state in PairState.values else "",
                   model=model if model in MentoringModel.values else "", mentor=_int(params.get("mentor")),
                   q=params.get("q", "").strip())


def with_pair_counts(qs: QuerySet) -> QuerySet:
    return qs.annotate(n_meetings=_count(Meeting, "pair"), hours=_hours("pair"), n_goals=_count(Goal, "pair"),
                       n_achieved=_count(Goal, "pair", achieved=True))


def pair_list(user, flt: PairFilter) -> QuerySet:
    qs = narrowed(access.mentoring_pairs_for(user), programme_id=flt.programme, state=flt.state,
                  programme__model=flt.model, mentor_id=flt.mentor)
    qs = matching_words(qs, flt.q, "mentor__search_text__contains", "pupil__search_text__contains",
                        "contract__search_text__contains")
    return with_pair_counts(qs.select_related("programme__organisation", "mentor", "pupil", "contract")
                            ).order_by("-proposed_on", "-id")


def pairs_by_state(qs: QuerySet) -> dict[str, int]:
    counts = {s: 0 for s in PairState.values}
    for row in qs.order_by().values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    return counts


def programme_pairs(user, programme: Programme) -> list[Pair]:
    return list(pair_list(user, PairFilter(programme=programme.pk)))


def programme_summary(pairs: list[Pair]) -> dict:
    """Pairs by state, meetings, hours, goals set and achieved of a programme's (annotated) pairs."""
    summary = {"by_state": {s: 0 for s in PairState.values}, "pairs": len(pairs), "meetings": 0,
               "hours": decimal.Decimal(0), "goals": 0, "achieved": 0, "outcomes": 0}
    for p in pairs:
        summary["by_state"][p.state] += 1
        summary["meetings"] += p.n_meetings
        summary["hours"] += p.hours or 0
        summary["goals"] += p.n_goals
        summary["achieved"] += p.n_achieved
        summary["outcomes"] += 1 if p.outcome else 0
    summary["states"] = [(PairState(s).label, n) for s, n in summary["by_state"].items()]
    return summary


def pair_detail(pair: Pair) -> dict:
    return {"goals": list(pair.goals.all()), "meetings": list(pair.meetings.all()),
            "events": list(pair.events.select_related("actor")),
            "hours": sum((m.hours for m in pair.meetings.all()), decimal.Decimal(0))}


# --- Mentors --------------------------------------------------------------------------------------------

@dataclass
class MentorFilter:
    kind: str = ""
    sector: str = ""
    organisation: int | None = None
    free: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "MentorFilter":
        kind, sector = params.get("kind", ""), params.get("sector", "")
        return cls(kind=kind if kind in Mentor.Kind.values else "", sector=sector,
                   organisation=_int(params.get("organisation")), free=params.get("free") == "1",
                   q=params.get("q", "").strip())


def with_load(qs: QuerySet) -> QuerySet:
    return qs.annotate(load=_count(Pair, "mentor", state=PairState.ACTIVE),
                       n_completed=_count(Pair, "mentor", state=PairState.COMPLETED))


def mentor_list(user, flt: MentorFilter) -> QuerySet:
    qs = narrowed(access.mentors_for(user), kind=flt.kind, sector=flt.sector, organisation_id=flt.organisation)
    qs = _words(qs, flt.q)
    qs = with_load(qs.select_related("organisation", "specialty", "user"))
    if flt.free:
        qs = qs.filter(is_active=True).exclude(load__gte=F("capacity"))
    return qs.order_by("sort_name", "id")


# --- Match suggestions («Подбор наставника») ----------------------------------------------------------

def mentee_pupils(user, programme: Programme) -> QuerySet:
    """Pupils of the programme's school the user may see, studying and with an active consent."""
    from orientir.pupils.models import Consent

    active = Consent.objects.filter(pupil=OuterRef("pk"), withdrawn_on__isnull=True)
    return (access.pupils_for(user).filter(organisation_id=programme.organisation_id, status="studying")
            .filter(Exists(active)).order_by("grade", "class_letter", "sort_name", "id"))


def mentee_contracts(user, programme: Programme) -> QuerySet:
    """Contracts of the user's scope where the programme's organisation is a party, in a state the model takes."""
    org = programme.organisation_id
    return (access.contracts_for(user).filter(Q(customer_id=org) | Q(employer_id=org) | Q(work_organisation_id=org))
            .filter(state__in=CONTRACT_STATES.get(programme.model, ())).select_related("specialty")
            .order_by("sort_name", "id"))


def need_for_pupil(pupil) -> matching.Need:
    """The pupil's interests: sector, specialties of interest and of the targeted database entry."""
    specialties = {s.code: s.group.code for s in pupil.interest_specialties.select_related("group")}
    for entry in pupil.targeted_entries.select_related("specialty__group"):
        specialties[entry.specialty.code] = entry.specialty.group.code
    sector = pupil.interest_sector or pupil.organisation.sector
    return matching.Need(sector=sector, specialties=specialties, organisation_ids=frozenset({pupil.organisation_id}))


def need_for_contract(contract, programme: Programme | None = None) -> matching.Need:
    """The contract's specialty, sector and parties; for workplace mentoring (3.2.2) the mentee's workplace too,
    whose staff the match offers first."""
    orgs = {contract.customer_id, contract.employer_id, contract.work_organisation_id} - {None}
    party = contract.work_organisation or contract.employer or contract.customer
    workplace = mentee_workplace(programme, contract) if programme is not None else None
    return matching.Need(sector=party.sector if party else "",
                         specialties={contract.specialty.code: contract.specialty.group.code},
                         organisation_ids=frozenset(orgs), workplace_id=workplace.pk if workplace else None)


def need_for(programme: Programme, mentee) -> matching.Need:
    """What the mentee of this programme needs from a mentor (a pupil's interests or the contract's terms)."""
    return need_for_pupil(mentee) if programme.takes_pupils else need_for_contract(mentee, programme)


def suggestions(user, programme: Programme, need: matching.Need) -> list[tuple[Mentor, matching.Suggestion]]:
    """Mentors of the user's scope who fit the programme's model, ranked; one query for all candidates."""
    kind = Mentor.Kind.STUDENT if programme.takes_pupils else Mentor.Kind.STAFF
    mentors = list(with_load(access.mentors_for(user).filter(kind=kind, is_active=True,
                                                             municipality_id=programme.municipality_id))
                   .select_related("organisation", "specialty__group"))
    by_id = {m.pk: m for m in mentors}
    candidates = [matching.Candidate(mentor_id=m.pk, sector=m.sector,
                                     specialty_code=m.specialty.code if m.specialty_id else "",
                                     specialty_group=m.specialty.group.code if m.specialty_id else "",
                                     organisation_id=m.organisation_id, load=m.load, capacity=m.capacity)
                  for m in mentors]
    return [(by_id[s.mentor_id], s) for s in matching.rank(need, candidates)]


# --- The aggregated report (observers: figures only, no names) ---------------------------------------

def summary_report(user, year: int | None) -> dict:
    """Per model and organisation: programmes, pairs by state, meetings, hours, goals set and achieved."""
    programmes = access.organisations_for(user).values("id")
    qs = Programme.objects.filter(organisation_id__in=programmes)
    if year:
        qs = qs.filter(start_year=year)
    rows: dict[tuple, dict] = defaultdict(lambda: {"programmes": 0, **{s: 0 for s in PairState.values},
                                                   "meetings": 0, "hours": decimal.Decimal(0), "goals": 0,
                                                   "achieved": 0, "mentors": set()})
    for p in qs.select_related("organisation").order_by("model", "organisation__sort_name"):
        rows[(p.model, p.organisation.short_name)]["programmes"] += 1
    prog_ids = qs.values("id")
    pair_rows = (Pair.objects.filter(programme_id__in=prog_ids)
                 .values("programme__model", "programme__organisation__short_name", "state", "mentor_id")
                 .annotate(n=Count("id")))
    for r in pair_rows:
        line = rows[(r["programme__model"], r["programme__organisation__short_name"])]
        line[r["state"]] += r["n"]
        line["mentors"].add(r["mentor_id"])
    meeting_rows = (Meeting.objects.filter(pair__programme_id__in=prog_ids)
                    .values("pair__programme__model", "pair__programme__organisation__short_name")
                    .annotate(n=Count("id"), h=Sum("hours")))
    for r in meeting_rows:
        line = rows[(r["pair__programme__model"], r["pair__programme__organisation__short_name"])]
        line["meetings"] += r["n"]
        line["hours"] += r["h"] or 0
    goal_rows = (Goal.objects.filter(pair__programme_id__in=prog_ids)
                 .values("pair__programme__model", "pair__programme__organisation__short_name")
                 .annotate(n=Count("id"), a=Count("id", filter=Q(achieved=True))))
    for r in goal_rows:
        line = rows[(r["pair__programme__model"], r["pair__programme__organisation__short_name"])]
        line["goals"] += r["n"]
        line["achieved"] += r["a"]
    order = {m: i for i, m in enumerate(MentoringModel.values)}
    lines = []
    totals: dict[str, dict] = {}
    for (model, org), line in sorted(rows.items(), key=lambda kv: (order[kv[0][0]], natural_key(kv[0][1]))):
        line["mentors"] = len(line["mentors"])
        lines.append({"model": MentoringModel(model).label, "model_key": model, "organisation": org, **line})
        t = totals.setdefault(model, {"model": MentoringModel(model).label, "programmes": 0,
                                      **{s: 0 for s in PairState.values}, "meetings": 0,
                                      "hours": decimal.Decimal(0), "goals": 0, "achieved": 0, "mentors": 0})
        for key in ("programmes", *PairState.values, "meetings", "hours", "goals", "achieved", "mentors"):
            t[key] += line[key]
    return {"lines": lines, "totals": [totals[m] for m in MentoringModel.values if m in totals], "year": year}
