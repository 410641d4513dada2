"""Reads of the programme bank, delivery, pupils' hours and levels, and the monitoring of 2.4.3.

Scope comes from accounts.access (programmes_for, career_runs_for, organisations_for); every list runs a
bounded number of queries whatever the data size.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from orientir.accounts import access
from orientir.accounts.roles import Sector
from orientir.directory.models import Organisation
from orientir.core.listing import containing, narrowed
from orientir.core.params import int_param
from orientir.directory.services import academic_year_for
from orientir.pupils.models import Consent, Pupil

from .levels import LEVELS, level_for
from .models import (CareerEvent, EventParticipant, Programme, ProgrammeRun, RunParticipant, RunSession,
                     SessionAttendance)

VIEW, PROPOSE, APPROVE, DELIVER, REPORT = ("careers.view", "careers.bank.propose", "careers.bank.approve",
                                           "careers.deliver", "careers.report")
ZERO = Decimal(0)


def current_year() -> int:
    return academic_year_for(timezone.localdate())


def int_or_none(value) -> int | None:
    return int_param(value)


def year_from(params, default: int | None = None) -> int | None:
    """The school year asked for: «all» means every year, nothing means the current one."""
    raw = params.get("year", "")
    if raw == "all":
        return None
    return int_or_none(raw) or (default if default is not None else current_year())


def years_around(found) -> list[int]:
    now = current_year()
    return sorted(set(found) | {now - 1, now, now + 1}, reverse=True)


def orgs_for(user) -> QuerySet:
    """Organisations of the user's scope that take part in career guidance (education sector and all schools)."""
    return (access.organisations_for(user).filter(status=Organisation.Status.ACTIVE)
            .filter(Q(kind=Organisation.Kind.SCHOOL) | Q(sector=Sector.EDUCATION)).order_by("sort_name", "id"))


def orgs_filter(user) -> list:
    """Organisations to filter by; a coordinator has one and no filter."""
    orgs = list(orgs_for(user))
    return orgs if len(orgs) > 1 else []


# --- The bank -------------------------------------------------------------------------------------

@dataclass
class ProgrammeFilter:
    year: int | None = None
    kind: str = ""
    sector: str = ""
    status: str = ""
    grade: int | None = None
    organisation: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "ProgrammeFilter":
        def pick(name, values):
            value = params.get(name, "")
            return value if value in values else ""

        grade = int_or_none(params.get("grade"))
        return cls(year=year_from(params, default=0) or None, kind=pick("kind", Programme.Kind.values),
                   sector=pick("sector", Sector.values), status=pick("status", Programme.Status.values),
                   grade=grade if grade and 1 <= grade <= 11 else None,
                   organisation=int_or_none(params.get("organisation")), q=params.get("q", "").strip())


def programme_list(user, flt: ProgrammeFilter) -> QuerySet:
    qs = narrowed(access.programmes_for(user), start_year=flt.year, kind=flt.kind, sector=flt.sector,
                  status=flt.status, grade_from__lte=flt.grade, grade_to__gte=flt.grade,
                  organisation_id=flt.organisation)
    qs = containing(qs, flt.q, "title__fold_contains", "authors__fold_contains", "partners_text__fold_contains",
                    "description__fold_contains")
    return (qs.select_related("organisation").annotate(n_runs=Count("runs", distinct=True))
            .order_by("-start_year", "title", "id"))


def programme_years(user) -> list[int]:
    return years_around(access.programmes_for(user).order_by().values_list("start_year", flat=True).distinct())


def programme_counts(qs: QuerySet) -> dict:
    rows = qs.order_by().values("status").annotate(n=Count("id", distinct=True))
    return {r["status"]: r["n"] for r in rows}


def approved_programmes(user, organisation=None) -> QuerySet:
    qs = access.programmes_for(user).filter(status=Programme.Status.APPROVED)
    if organisation is not None:
        qs = qs.filter(municipality_id=organisation.municipality_id)
    return qs.order_by("title", "id")


# --- Delivery -------------------------------------------------------------------------------------

@dataclass
class RunFilter:
    year: int | None
    organisation: int | None = None
    kind: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "RunFilter":
        kind = params.get("kind", "")
        return cls(year=year_from(params), organisation=int_or_none(params.get("organisation")),
                   kind=kind if kind in Programme.Kind.values else "", q=params.get("q", "").strip())


def _sum_hours(path: str):
    return Coalesce(Sum(path), Value(ZERO), output_field=DecimalField(max_digits=8, decimal_places=1))


def run_list(user, flt: RunFilter) -> QuerySet:
    from django.db.models import IntegerField, OuterRef, Subquery

    qs = narrowed(access.career_runs_for(user), start_year=flt.year, organisation_id=flt.organisation,
                  programme__kind=flt.kind)
    qs = containing(qs, flt.q, "programme__title__fold_contains", "leader__fold_contains")
    # Counts as subqueries: joining sessions and participants at once would multiply the rows.
    n_participants = (RunParticipant.objects.filter(run=OuterRef("pk")).order_by().values("run")
                      .annotate(n=Count("id")).values("n"))
    sessions = RunSession.objects.filter(run=OuterRef("pk")).order_by().values("run")
    return (qs.select_related("programme", "organisation")
            .annotate(n_participants=Coalesce(Subquery(n_participants, output_field=IntegerField()), Value(0)),
                      n_sessions=Coalesce(Subquery(sessions.annotate(n=Count("id")).values("n"),
                                                   output_field=IntegerField()), Value(0)),
                      hours=Coalesce(Subquery(sessions.annotate(h=Sum("hours")).values("h"),
                                              output_field=DecimalField(max_digits=8, decimal_places=1)),
                                     Value(ZERO)))
            .order_by("-start_year", "organisation__sort_name", "programme__title", "id"))


def run_years(user) -> list[int]:
    return years_around(access.career_runs_for(user).order_by().values_list("start_year", flat=True).distinct())


def pupil_hours(year: int, *, pupil_ids=None, organisation_ids=None) -> dict[int, dict]:
    """Hours of each pupil in a school year: attended programme sessions plus attended career events.

    {pupil_id: {"programmes": Decimal, "events": Decimal, "total": Decimal}}; two queries."""
    sessions = SessionAttendance.objects.filter(session__run__start_year=year)
    events = EventParticipant.objects.filter(attended=True, event__start_year=year)
    if pupil_ids is not None:
        sessions = sessions.filter(participant__pupil_id__in=list(pupil_ids))
        events = events.filter(pupil_id__in=list(pupil_ids))
    if organisation_ids is not None:
        sessions = sessions.filter(participant__pupil__organisation_id__in=organisation_ids)
        events = events.filter(pupil__organisation_id__in=organisation_ids)
    out: dict[int, dict] = defaultdict(lambda: {"programmes": ZERO, "events": ZERO, "total": ZERO})
    for pid, hours in (sessions.order_by().values("participant__pupil_id").annotate(h=_sum_hours("session__hours"))
                       .values_list("participant__pupil_id", "h")):
        out[pid]["programmes"] += hours
        out[pid]["total"] += hours
    for pid, hours in (events.order_by().values("pupil_id").annotate(h=_sum_hours("event__hours"))
                       .values_list("pupil_id", "h")):
        out[pid]["events"] += hours
        out[pid]["total"] += hours
    return out


def pupil_year_summary(pupil: Pupil, year: int) -> dict:
    hours = pupil_hours(year, pupil_ids=[pupil.pk]).get(pupil.pk, {"programmes": ZERO, "events": ZERO, "total": ZERO})
    code, label = level_for(hours["total"])
    return {**hours, "year": year, "level": code, "level_label": label}


def run_detail(run: ProgrammeRun) -> dict:
    """Sessions, participants with attended hours of this run and their year total and level; bounded queries."""
    sessions = list(run.sessions.annotate(n_present=Count("attendance")).order_by("held_on", "id"))
    participants = list(run.participants.select_related("pupil").order_by("pupil__grade", "pupil__class_letter",
                                                                          "pupil__sort_name", "id"))
    marks = set(SessionAttendance.objects.filter(session__run=run).values_list("session_id", "participant_id"))
    hours_by_session = {s.pk: s.hours for s in sessions}
    year_hours = pupil_hours(run.start_year, pupil_ids=[p.pupil_id for p in participants])
    for p in participants:
        p.run_hours = sum((hours_by_session[s] for s, pid in marks if pid == p.pk), ZERO)
        p.attended = sum(1 for _, pid in marks if pid == p.pk)
        p.year_hours = year_hours.get(p.pupil_id, {}).get("total", ZERO)
        p.level_code, p.level_label = level_for(p.year_hours)
    return {"sessions": sessions, "participants": participants, "marks": marks,
            "total_hours": sum((s.hours for s in sessions), ZERO)}


def enrolable_pupils(run_org_id: int, exclude_ids=()) -> QuerySet:
    """Studying pupils of the organisation not yet enrolled, with their consent flag (the service decides)."""
    from django.db.models import Exists, OuterRef

    active = Consent.objects.filter(pupil=OuterRef("pk"), withdrawn_on__isnull=True)
    return (Pupil.objects.filter(organisation_id=run_org_id, status=Pupil.Status.STUDYING)
            .exclude(pk__in=list(exclude_ids)).annotate(has_consent=Exists(active))
            .order_by("grade", "class_letter", "sort_name", "id"))


# --- Monitoring (2.4.3) ---------------------------------------------------------------------------

@dataclass
class OrgLine:
    organisation: Organisation
    programmes: int = 0
    approved: int = 0
    runs: int = 0
    sessions: int = 0
    session_hours: Decimal = ZERO
    participants: int = 0
    events: int = 0
    pro_days_events: int = 0
    pupil_hours: Decimal = ZERO
    levels: dict = field(default_factory=lambda: {code: 0 for _, code, _ in LEVELS})
    below: int = 0

    @property
    def has_data(self) -> bool:
        return bool(self.programmes or self.runs or self.events or self.participants)


def monitoring(user, year: int, organisation: int | None = None) -> dict:
    """Per organisation: programmes developed (in the bank, approved), runs, sessions, participants, hours and
    pupils by level; aggregated, no names. Eight queries whatever the size."""
    orgs = orgs_for(user)
    if organisation:
        orgs = orgs.filter(pk=organisation)
    lines = {o.pk: OrgLine(organisation=o) for o in orgs}
    ids = list(lines)
    for row in (Programme.objects.filter(organisation_id__in=ids, start_year=year).order_by()
                .values("organisation_id").annotate(n=Count("id"),
                                                    ok=Count("id", filter=Q(status=Programme.Status.APPROVED)))):
        lines[row["organisation_id"]].programmes = row["n"]
        lines[row["organisation_id"]].approved = row["ok"]
    for row in (ProgrammeRun.objects.filter(organisation_id__in=ids, start_year=year).order_by()
                .values("organisation_id").annotate(n=Count("id"))):
        lines[row["organisation_id"]].runs = row["n"]
    for row in (RunSession.objects.filter(run__organisation_id__in=ids, run__start_year=year).order_by()
                .values("run__organisation_id").annotate(n=Count("id"), h=_sum_hours("hours"))):
        lines[row["run__organisation_id"]].sessions = row["n"]
        lines[row["run__organisation_id"]].session_hours = row["h"]
    for row in (RunParticipant.objects.filter(run__organisation_id__in=ids, run__start_year=year).order_by()
                .values("run__organisation_id").annotate(n=Count("pupil_id", distinct=True))):
        lines[row["run__organisation_id"]].participants = row["n"]
    for row in (CareerEvent.objects.filter(organisation_id__in=ids, start_year=year).order_by()
                .values("organisation_id").annotate(n=Count("id"), pd=Count("id", filter=Q(pro_days=True)))):
        lines[row["organisation_id"]].events = row["n"]
        lines[row["organisation_id"]].pro_days_events = row["pd"]
    hours = pupil_hours(year, organisation_ids=ids)
    pupil_orgs = dict(Pupil.objects.filter(pk__in=list(hours)).values_list("pk", "organisation_id"))
    for pid, h in hours.items():
        line = lines.get(pupil_orgs.get(pid))
        if line is None:
            continue
        line.pupil_hours += h["total"]
        code, _ = level_for(h["total"])
        if code:
            line.levels[code] += 1
        else:
            line.below += 1
    # Schools and additional-education organisations are listed even when they did nothing (that is what the
    # monitoring is for); kindergartens and others only when they took part.
    shown = [ln for ln in lines.values() if ln.has_data or ln.organisation.kind in ("school", "additional")]
    ordered = sorted(shown, key=lambda ln: (not ln.has_data, ln.organisation.sort_name, ln.organisation.pk))
    total = OrgLine(organisation=None)
    for ln in ordered:
        for name in ("programmes", "approved", "runs", "sessions", "session_hours", "participants", "events",
                     "pro_days_events", "pupil_hours", "below"):
            setattr(total, name, getattr(total, name) + getattr(ln, name))
        for code in total.levels:
            total.levels[code] += ln.levels[code]
    bank = access.programmes_for(user, perm=REPORT).filter(start_year=year)
    by_kind = {r["kind"]: r["n"] for r in bank.filter(status=Programme.Status.APPROVED).order_by().values("kind")
               .annotate(n=Count("id"))}
    return {"year": year, "lines": ordered, "total": total,
            "levels": [(code, label, minimum) for minimum, code, label in reversed(LEVELS)],
            "by_kind": [(label, by_kind.get(value, 0)) for value, label in Programme.Kind.choices]}
