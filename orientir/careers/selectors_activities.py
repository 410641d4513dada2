"""Reads of career events (2.4, 2.5), the parents' log (2.7), prep courses and exam results (2.8.4) and the
report comparing course attendees' scores with other pupils'. Scoped through accounts.access, bounded queries."""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from orientir.accounts import access
from orientir.core.listing import containing, matching_words, narrowed

from .models import CareerEvent, ExamResult, ExamSubject, ParentConsultation, PrepCourse, PrepEnrolment
from .selectors import int_or_none, year_from, years_around

# --- Career events --------------------------------------------------------------------------------


@dataclass
class EventFilter:
    year: int | None
    organisation: int | None = None
    kind: str = ""
    pro_days: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "EventFilter":
        kind = params.get("kind", "")
        return cls(year=year_from(params), organisation=int_or_none(params.get("organisation")),
                   kind=kind if kind in CareerEvent.Kind.values else "", pro_days=params.get("pro_days") == "1",
                   q=params.get("q", "").strip())


def event_list(user, flt: EventFilter) -> QuerySet:
    qs = narrowed(access.career_events_for(user), start_year=flt.year, organisation_id=flt.organisation,
                  kind=flt.kind, pro_days=flt.pro_days)
    qs = containing(qs, flt.q, "title__fold_contains", "organiser__fold_contains", "place__fold_contains")
    return (qs.select_related("organisation")
            .annotate(n_listed=Count("participants"), n_attended=Count("participants", filter=Q(participants__attended=True)))
            .order_by("-held_on", "organisation__sort_name", "-id"))


def event_years(user) -> list[int]:
    return years_around(access.career_events_for(user).order_by().values_list("start_year", flat=True).distinct())


def event_participants(event: CareerEvent) -> list:
    return list(event.participants.select_related("pupil").order_by("pupil__grade", "pupil__class_letter",
                                                                    "pupil__sort_name", "id"))


# --- Parents (2.7) --------------------------------------------------------------------------------

@dataclass
class ParentFilter:
    year: int | None
    organisation: int | None = None
    topic: str = ""
    form: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "ParentFilter":
        topic, form = params.get("topic", ""), params.get("form", "")
        return cls(year=year_from(params), organisation=int_or_none(params.get("organisation")),
                   topic=topic if topic in ParentConsultation.Topic.values else "",
                   form=form if form in ParentConsultation.Form.values else "", q=params.get("q", "").strip())


def consultation_list(user, flt: ParentFilter) -> QuerySet:
    qs = narrowed(access.parent_consultations_for(user), start_year=flt.year, organisation_id=flt.organisation,
                  topic=flt.topic, form=flt.form)
    qs = containing(qs, flt.q, "consultant__fold_contains", "parent_name__fold_contains", "outcome__fold_contains")
    return qs.select_related("organisation", "pupil").order_by("-held_on", "organisation__sort_name", "-id")


def consultation_years(user) -> list[int]:
    return years_around(access.parent_consultations_for(user).order_by().values_list("start_year", flat=True)
                        .distinct())


def parent_summary(user, year: int) -> dict:
    """Per school: consultations by form, on target contracts, participants; one query."""
    rows = (access.parent_consultations_for(user).filter(start_year=year).order_by()
            .values("organisation_id", "organisation__short_name", "organisation__sort_name")
            .annotate(n=Count("id"), people=Sum("participants"),
                      targeted=Count("id", filter=Q(topic=ParentConsultation.Topic.TARGETED)),
                      **{f"form_{v}": Count("id", filter=Q(form=v)) for v in ParentConsultation.Form.values})
            .order_by("organisation__sort_name"))
    lines = list(rows)
    total = {k: sum(r[k] or 0 for r in lines) for k in
             ["n", "people", "targeted"] + [f"form_{v}" for v in ParentConsultation.Form.values]}
    for bucket in lines + [total]:
        bucket["by_form"] = [bucket[f"form_{v}"] for v in ParentConsultation.Form.values]
    return {"year": year, "lines": lines, "total": total, "forms": ParentConsultation.Form.choices}


# --- Prep courses and exam results (2.8.4) --------------------------------------------------------

@dataclass
class CourseFilter:
    year: int | None
    organisation: int | None = None
    subject: str = ""

    @classmethod
    def from_query(cls, params) -> "CourseFilter":
        subject = params.get("subject", "")
        return cls(year=year_from(params), organisation=int_or_none(params.get("organisation")),
                   subject=subject if subject in ExamSubject.values else "")


def course_list(user, flt: CourseFilter) -> QuerySet:
    qs = narrowed(access.prep_courses_for(user), start_year=flt.year, organisation_id=flt.organisation,
                  subject=flt.subject)
    enrolled = (PrepEnrolment.objects.filter(course=OuterRef("pk")).order_by().values("course")
                .annotate(n=Count("id")).values("n"))
    sessions = (PrepCourse.objects.filter(pk=OuterRef("pk")).order_by().values("pk")
                .annotate(n=Count("sessions")).values("n"))
    return (qs.select_related("organisation")
            .annotate(n_enrolled=Coalesce(Subquery(enrolled, output_field=IntegerField()), Value(0)),
                      n_sessions=Coalesce(Subquery(sessions, output_field=IntegerField()), Value(0)))
            .order_by("-start_year", "organisation__sort_name", "subject", "id"))


def course_years(user) -> list[int]:
    return years_around(access.prep_courses_for(user).order_by().values_list("start_year", flat=True).distinct())


def course_detail(course: PrepCourse) -> dict:
    sessions = list(course.sessions.annotate(n_present=Count("attendance")).order_by("held_on", "id"))
    enrolments = list(course.enrolments.select_related("pupil").annotate(n_attended=Count("attendance"))
                      .order_by("pupil__class_letter", "pupil__sort_name", "id"))
    results = {(r.pupil_id, r.kind): r.score for r in ExamResult.objects.filter(
        pupil_id__in=[e.pupil_id for e in enrolments], subject=course.subject, start_year=course.start_year)}
    for e in enrolments:
        e.mock = results.get((e.pupil_id, ExamResult.Kind.MOCK))
        e.final = results.get((e.pupil_id, ExamResult.Kind.FINAL))
    from .models import PrepAttendance

    marks = set(PrepAttendance.objects.filter(session__course=course).values_list("session_id", "enrolment_id"))
    return {"sessions": sessions, "enrolments": enrolments, "marks": marks}


@dataclass
class ResultFilter:
    year: int | None
    organisation: int | None = None
    subject: str = ""
    kind: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "ResultFilter":
        subject, kind = params.get("subject", ""), params.get("kind", "")
        return cls(year=year_from(params), organisation=int_or_none(params.get("organisation")),
                   subject=subject if subject in ExamSubject.values else "",
                   kind=kind if kind in ExamResult.Kind.values else "", q=params.get("q", "").strip())


def result_list(user, flt: ResultFilter) -> QuerySet:
    qs = narrowed(access.exam_results_for(user), start_year=flt.year, pupil__organisation_id=flt.organisation,
                  subject=flt.subject, kind=flt.kind)
    qs = matching_words(qs, flt.q, "pupil__search_text__contains")
    return qs.select_related("pupil__organisation").order_by("pupil__organisation__sort_name", "subject",
                                                             "pupil__sort_name", "kind", "id")


# A group smaller than this is not shown to a role without pupils.view: a mean of one or two pupils is their score.
MIN_GROUP = 3
SMALL_GROUP = f"менее {MIN_GROUP}"


def _stats(scores: list[int], *, hide_small: bool = False) -> dict:
    if not scores:
        return {"n": 0, "mean": None, "median": None, "hidden": False}
    if hide_small and len(scores) < MIN_GROUP:
        return {"n": SMALL_GROUP, "mean": None, "median": None, "hidden": True}
    return {"n": len(scores), "mean": round(statistics.fmean(scores), 1), "median": statistics.median(scores),
            "hidden": False}


def prep_comparisons(user, year: int) -> list[tuple[str, dict]]:
    """The comparison for the real exam and for the mock one, each under its label: a pupil with only a mock score
    is counted among the mock results, not dropped."""
    return [(label, prep_comparison(user, year, kind=kind))
            for kind, label in ((ExamResult.Kind.FINAL, "ЕГЭ"), (ExamResult.Kind.MOCK, "Пробный экзамен"))]


def prep_comparison(user, year: int, kind: str = ExamResult.Kind.FINAL) -> dict:
    """Scores of one kind (the real ЕГЭ by default, or the mock exam) of course attendees against other pupils of the
    same schools in the same subject.

    Attendees: pupils enrolled in a prep course of that subject in the year. Aggregated, no names; two queries.
    For a role without pupils.view (observers) a group of fewer than MIN_GROUP pupils shows «менее 3» and no
    mean or median."""
    hide_small = not access.has_perm(user, "pupils.view")
    finals = (access.exam_results_for(user, perm="careers.report").filter(start_year=year, kind=kind)
              .values_list("pupil_id", "pupil__organisation_id", "pupil__organisation__short_name", "subject",
                           "score"))
    attendees = set(PrepEnrolment.objects.filter(course__start_year=year)
                    .values_list("pupil_id", "course__subject"))
    groups: dict = defaultdict(lambda: {"in": [], "out": []})
    names = {}
    for pupil_id, org_id, org_name, subject, score in finals:
        names[org_id] = org_name
        side = "in" if (pupil_id, subject) in attendees else "out"
        groups[(org_id, subject)][side].append(score)
        groups[(None, subject)][side].append(score)
    labels = dict(ExamSubject.choices)
    lines, totals = [], []
    for (org_id, subject), g in sorted(groups.items(), key=lambda kv: (kv[0][0] is None,
                                                                      names.get(kv[0][0], ""), kv[0][1])):
        a, o = _stats(g["in"], hide_small=hide_small), _stats(g["out"], hide_small=hide_small)
        diff = round(a["mean"] - o["mean"], 1) if a["mean"] is not None and o["mean"] is not None else None
        line = {"organisation": names.get(org_id, "Итого по муниципалитету"), "subject": labels[subject],
                "in": a, "out": o, "diff": diff}
        (totals if org_id is None else lines).append(line)
    return {"year": year, "kind": kind, "lines": lines, "totals": totals, "min_group": MIN_GROUP if hide_small else None}
