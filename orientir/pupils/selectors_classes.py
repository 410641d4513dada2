"""Reads of profile classes (2.1–2.1.4) and motivated pupils (2.2): scoped through accounts.access, bounded queries.

Scope: a school's coordinator sees their school; the education directorate, the methodologist, the committee
and admins see the schools of their scope (accounts.access.organisations_for). A class of another school
answers 404 like a missing one. Tutors read only the cards of their pupils, not these registers (403).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from orientir.accounts import access
from orientir.accounts.roles import Role, Sector
from orientir.core.listing import containing, matching_words, narrowed
from orientir.directory.models import Organisation, Position, Specialty
from orientir.directory.services import academic_year_for

from .models import ClassActivity, Consent, MotivatedPupil, ProfileClass, ProfileClassMember, Pupil
from orientir.core.params import int_param

READ, WRITE, EXPORT_PERSONAL = "pupils.view", "pupils.change", "pupils.export"
MOTIVATED_GRADES = (9, 11)


def require(user, perm: str) -> None:
    """403 unless the role may use `perm` on these registers; a tutor works with their pupils' cards only."""
    access.require(user, perm)
    if user.role == Role.TUTOR:
        raise PermissionDenied("Тьютору доступны карточки закреплённых обучающихся, а не реестры школы.")


def may(user, perm: str) -> bool:
    try:
        require(user, perm)
    except PermissionDenied:
        return False
    return True


def current_year() -> int:
    return academic_year_for(timezone.localdate())


def schools_for(user) -> QuerySet:
    """Schools of the user's scope: only schools keep profile classes and pupils."""
    return access.organisations_for(user).filter(kind=Organisation.Kind.SCHOOL).order_by("sort_name", "id")


def _int(value) -> int | None:
    return int_param(value)


# --- Profile classes ------------------------------------------------------------------------------

def classes_for(user) -> QuerySet:
    """Profile classes of the schools in the user's scope."""
    if not may(user, READ):
        return ProfileClass.objects.none()
    return ProfileClass.objects.filter(organisation_id__in=access.organisations_for(user).values("id"))


def class_for_view(user, pk, perm: str = READ) -> ProfileClass:
    """The class if the role may use `perm` (403) and the class is in scope (404 otherwise, like a missing one)."""
    require(user, perm)
    pc = classes_for(user).filter(pk=pk).select_related("organisation").first()
    if pc is None:
        raise Http404("Профильный класс не найден")
    return pc


def _count(model, **filters):
    """Count of a class's related rows as a subquery: no row multiplication when several counts are joined."""
    sq = (model.objects.filter(profile_class=OuterRef("pk"), **filters).order_by().values("profile_class")
          .annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(sq, output_field=IntegerField()), Value(0))


def with_counts(qs: QuerySet) -> QuerySet:
    """Actual headcount (current members) and the number of joint activities, in the same query."""
    return qs.annotate(actual=_count(ProfileClassMember, left_on__isnull=True), n_activities=_count(ClassActivity))


@dataclass
class ClassFilter:
    """What the class list is asked for; built from the query string. year=None means every year."""

    year: int | None
    school: int | None = None
    orientation: str = ""
    kind: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "ClassFilter":
        raw_year = params.get("year", "")
        year = None if raw_year == "all" else (_int(raw_year) or current_year())
        orientation = params.get("orientation", "")
        kind = params.get("kind", "")
        return cls(year=year, school=_int(params.get("school")),
                   orientation=orientation if orientation in ProfileClass.Orientation.values else "",
                   kind=kind if kind in ProfileClass.Kind.values else "", q=params.get("q", "").strip())

    @property
    def year_label(self) -> str:
        return f"{self.year}/{self.year + 1} учебный год" if self.year else "все учебные годы"


def _filter_classes(qs: QuerySet, flt: ClassFilter, prefix: str = "") -> QuerySet:
    return narrowed(qs, **{f"{prefix}start_year": flt.year, f"{prefix}organisation_id": flt.school,
                           f"{prefix}orientation": flt.orientation, f"{prefix}kind": flt.kind})


def class_list(user, flt: ClassFilter) -> QuerySet:
    """Classes of the scope with their headcounts and activity counts; one query whatever the size."""
    qs = containing(_filter_classes(classes_for(user), flt), flt.q, "name__fold_contains", "partners__fold_contains")
    return with_counts(qs.select_related("organisation")).order_by("organisation__sort_name", "-start_year",
                                                                     "grade", "name", "id")


def class_totals(qs: QuerySet) -> dict:
    """Planned and actual headcounts and activities of a (filtered) class list, in one query.

    Summed here rather than by aggregate(): Django drops a Subquery annotation when aggregating over it
    (SUM of a missing column gives 0 on SQLite), so the annotated rows are read and added up."""
    totals = {"planned": 0, "actual": 0, "n_activities": 0}
    for planned, actual, n_activities in qs.order_by().values_list("planned_headcount", "actual", "n_activities"):
        totals["planned"] += planned
        totals["actual"] += actual
        totals["n_activities"] += n_activities
    return totals


def class_years(user) -> list[int]:
    """School years to choose from: those with classes in scope, the current one and the next (lists are
    formed by 1 February for the coming year)."""
    years = set(classes_for(user).order_by().values_list("start_year", flat=True).distinct())
    now = current_year()
    return sorted(years | {now, now + 1}, reverse=True)


def roster(pc: ProfileClass) -> tuple[list, list]:
    """(current members, those who left) of a class with their pupils, in one query."""
    members = list(pc.memberships.select_related("pupil").order_by("pupil__grade", "pupil__class_letter",
                                                                   "pupil__sort_name", "id"))
    return [m for m in members if m.left_on is None], [m for m in members if m.left_on is not None]


def roster_candidates(pc: ProfileClass) -> QuerySet:
    """Studying pupils of the class's school not in it now, with their consent flag (the service decides)."""
    current = ProfileClassMember.objects.filter(profile_class=pc, left_on__isnull=True).values("pupil_id")
    active = Consent.objects.filter(pupil=OuterRef("pk"), withdrawn_on__isnull=True)
    return (Pupil.objects.filter(organisation_id=pc.organisation_id, status=Pupil.Status.STUDYING)
            .exclude(pk__in=current).annotate(has_consent=Exists(active))
            .order_by("grade", "class_letter", "sort_name", "id"))


def activities(pc: ProfileClass) -> QuerySet:
    return pc.activities.order_by("-held_on", "-id")


@dataclass
class ActivityFilter:
    year: int | None
    school: int | None = None
    orientation: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, params) -> "ActivityFilter":
        raw_year = params.get("year", "")
        kind = params.get("kind", "")
        orientation = params.get("orientation", "")
        return cls(year=None if raw_year == "all" else (_int(raw_year) or current_year()),
                   school=_int(params.get("school")),
                   orientation=orientation if orientation in ProfileClass.Orientation.values else "",
                   kind=kind if kind in ClassActivity.Kind.values else "")


def activity_list(user, flt: ActivityFilter) -> QuerySet:
    """The log of joint activities of the classes in scope (2.1.3), newest first."""
    qs = ClassActivity.objects.filter(profile_class__in=classes_for(user))
    qs = _filter_classes(qs, ClassFilter(year=flt.year, school=flt.school, orientation=flt.orientation),
                         prefix="profile_class__")
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    return qs.select_related("profile_class__organisation").order_by("-held_on", "profile_class__organisation__sort_name",
                                                                      "-id")


# --- Monitoring (2.1.4) ---------------------------------------------------------------------------

@dataclass
class SchoolLine:
    school: Organisation
    classes: list
    planned: int = 0
    actual: int = 0
    n_activities: int = 0

    @property
    def orientations(self) -> str:
        seen = []
        for pc in self.classes:
            label = pc.get_orientation_display()
            if label not in seen:
                seen.append(label)
        return ", ".join(seen)

    @property
    def fill(self) -> int | None:
        """Actual headcount as a percentage of the planned one."""
        return round(100 * self.actual / self.planned) if self.planned else None


def monitoring(user, year: int, school: int | None = None) -> dict:
    """The consolidated analysis of profile classes for a year: per school (schools without classes too),
    per orientation and in total. Two queries whatever the size."""
    schools = schools_for(user).filter(status=Organisation.Status.ACTIVE)
    classes = class_list(user, ClassFilter(year=year, school=school))
    if school:
        schools = schools.filter(pk=school)
    lines = {s.pk: SchoolLine(school=s, classes=[]) for s in schools}
    by_orientation = {value: {"label": label, "classes": 0, "planned": 0, "actual": 0, "n_activities": 0}
                      for value, label in ProfileClass.Orientation.choices}
    total = {"classes": 0, "planned": 0, "actual": 0, "n_activities": 0, "schools_with_classes": 0}
    for pc in classes:
        # A closed school may still have classes of past years: it shows up with them.
        line = lines.setdefault(pc.organisation_id, SchoolLine(school=pc.organisation, classes=[]))
        line.classes.append(pc)
        line.planned += pc.planned_headcount
        line.actual += pc.actual
        line.n_activities += pc.n_activities
        for bucket in (by_orientation[pc.orientation], total):
            bucket["classes"] += 1
            bucket["planned"] += pc.planned_headcount
            bucket["actual"] += pc.actual
            bucket["n_activities"] += pc.n_activities
    ordered = sorted(lines.values(), key=lambda ln: (not ln.classes, ln.school.sort_name, ln.school.pk))
    total["schools_with_classes"] = sum(1 for ln in ordered if ln.classes)
    total["schools"] = len(ordered)
    total["fill"] = round(100 * total["actual"] / total["planned"]) if total["planned"] else None
    orientations = [o for o in by_orientation.values() if o["classes"]]
    for o in orientations:
        o["fill"] = round(100 * o["actual"] / o["planned"]) if o["planned"] else None
    return {"year": year, "schools": ordered, "orientations": orientations, "total": total}


# --- Motivated pupils (2.2) -----------------------------------------------------------------------

def motivated_for(user) -> QuerySet:
    if not may(user, READ):
        return MotivatedPupil.objects.none()
    return MotivatedPupil.objects.filter(pupil__organisation_id__in=access.organisations_for(user).values("id"))


def motivated_for_view(user, pk, perm: str = READ) -> MotivatedPupil:
    require(user, perm)
    mp = motivated_for(user).filter(pk=pk).select_related("pupil__organisation", "specialty").first()
    if mp is None:
        raise Http404("Отметка не найдена")
    return mp


@dataclass
class MotivatedFilter:
    year: int
    school: int | None = None
    grade: int | None = None
    sector: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "MotivatedFilter":
        grade = _int(params.get("grade"))
        sector = params.get("sector", "")
        return cls(year=_int(params.get("year")) or current_year(), school=_int(params.get("school")),
                   grade=grade if grade in MOTIVATED_GRADES else None,
                   sector=sector if sector in Sector.values else "", q=params.get("q", "").strip())


def motivated_list(user, flt: MotivatedFilter) -> QuerySet:
    qs = narrowed(motivated_for(user).filter(start_year=flt.year), pupil__organisation_id=flt.school,
                  pupil__grade=flt.grade, sector=flt.sector)
    qs = matching_words(qs, flt.q, "pupil__search_text__contains")
    return (qs.select_related("pupil__organisation", "specialty")
            .order_by("pupil__organisation__sort_name", "pupil__grade", "pupil__class_letter", "pupil__sort_name",
                      "id"))


def motivated_summary(qs: QuerySet) -> dict:
    """Counts by sector and grade of the (filtered) list, in one query."""
    rows = qs.order_by().values("sector", "pupil__grade").annotate(n=Count("id"))
    by_sector, by_grade = defaultdict(int), defaultdict(int)
    for row in rows:
        by_sector[row["sector"]] += row["n"]
        by_grade[row["pupil__grade"]] += row["n"]
    labels = dict(Sector.choices)
    return {"total": sum(by_sector.values()),
            "sectors": [(labels[s], by_sector[s]) for s in Sector.values if by_sector.get(s)],
            "grades": [(g, by_grade[g]) for g in MOTIVATED_GRADES if by_grade.get(g)]}


def motivated_years(user) -> list[int]:
    years = set(motivated_for(user).order_by().values_list("start_year", flat=True).distinct())
    return sorted(years | {current_year()}, reverse=True)


def markable_pupils(user, school: int | None = None) -> QuerySet:
    """Studying pupils of the schools in scope: the form accepts any of them, the service checks the rules."""
    qs = access.pupils_for(user).filter(status=Pupil.Status.STUDYING, organisation__kind=Organisation.Kind.SCHOOL)
    if school:
        qs = qs.filter(organisation_id=school)
    return qs.select_related("organisation").order_by("organisation__sort_name", "grade", "class_letter",
                                                      "sort_name", "id")


def social_specialties() -> QuerySet:
    """Valid specialties of the groups the social sphere's positions need (the sectors of interest)."""
    today = datetime.date.today()
    groups = Position.objects.filter(is_active=True).values("specialty_groups")
    return (Specialty.objects.filter(group__in=groups, valid_from__lte=today)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).select_related("group")
            .order_by("group__code", "code", "level"))
