"""The funnel from an identified pupil to a retained specialist, measured from the registries themselves.

Each stage counts the records of one registry (so the numbers agree with those pages): pupils marked
motivated (2.2), pupils in the targeted database (2.8.1), route sheets done (2.8.3), applicants to the offers of
targeted education (ПП РФ № 555: applied, and admitted within the quota — orientir.offers), contracts signed
(2.9/2.11), and contracts that reached admission, study, graduation, employment, retention and the fulfilled
obligation (read from the contract's history of states). A pupil's stages are keyed by the pupil, a
contract's by the contract; the contract's link to a pupil joins the two for the conversion between them.
An applicant is a person, not an application: one who applied to two offers is counted once. An application
matched to a pupil of the targeted database (found or confirmed) puts its stages on that pupil's record; the
others make an applicant's record of their own, keyed by their first application. A contract drafted from an
application joins the applicant to the contract.

Cohort is the school year Y/Y+1 the record belongs to: the year of the mark or database entry, and for a
contract the school year of its signing (1 September Y – 31 August Y+1): pupils identified in autumn Y sign
by June Y+1 and so stay in one cohort.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.db.models import Count, Q

from orientir.accounts.roles import Sector
from orientir.core.dates import add_years
from orientir.core.text import natural_key
from orientir.directory.services import academic_year_for

# (key, label, plan item). The order is the pipeline's.
STAGES = [
    ("identified", "Выявлены мотивированные обучающиеся", "2.2"),
    ("targeted", "Внесены в базу для целевого обучения", "2.8.1"),
    ("route_done", "Маршрутный лист выполнен", "2.8.3"),
    ("applied", "Подали заявку на предложение о целевом обучении", "2.10"),
    ("quota_enrolled", "Зачислены по квоте целевого приёма", "2.10"),
    ("signed", "Заключён договор о целевом обучении", "2.9, 2.11"),
    ("admitted", "Зачислены на обучение", "2.10"),
    ("studying", "Обучаются (сопровождение)", "3.1"),
    ("graduated", "Завершили обучение", "3.1"),
    ("employed", "Трудоустроены", "3.3"),
    ("retained_1", "Работают через 1 год", "3.3"),
    ("retained_2", "Работают через 2 года", "3.3"),
    ("retained_3", "Работают через 3 года", "3.3"),
    ("fulfilled", "Обязательство исполнено", "3.3"),
]
STAGE_LABELS = {key: label for key, label, _ in STAGES}
SHORT_LABELS = {"identified": "Выявлены", "targeted": "В базе", "route_done": "Маршрут выполнен",
                "applied": "Подали заявку", "quota_enrolled": "Зачислены по квоте", "signed": "Договор", "admitted": "Зачислены", "studying": "Обучаются", "graduated": "Окончили",
                "employed": "Трудоустроены", "retained_1": "Через 1 год", "retained_2": "Через 2 года",
                "retained_3": "Через 3 года", "fulfilled": "Исполнено"}
PUPIL_STAGES = ("identified", "targeted", "route_done")
# Read from the offers' applications: the applicants' names are the committee's (offers.applications).
APPLICATION_STAGES = ("applied", "quota_enrolled")
CONTRACT_STAGES = tuple(key for key, _, _ in STAGES if key not in PUPIL_STAGES + APPLICATION_STAGES)
# Applications that still lead somewhere; a person whose every application is withdrawn or not enrolled left at
# «подал заявку».
_OPEN_APPLICATIONS = {"submitted", "allowed", "enrolled"}
_LINKED_MATCHES = {"found", "confirmed"}

# An outside reference for the «trained → employed» step (DfE, Initial Teacher Training census and Teacher
# Workforce Model methodology): about 63 % of postgraduate teacher-training starters in England were teaching
# in a state school within 16 months. Shown beside our own rate, not used in any calculation.
BENCHMARK = {"stage": "employed", "rate": 0.63,
             "text": "Англия: около 63 % начавших педагогическую подготовку работают в государственной школе "
                     "в течение 16 месяцев (DfE, методика Teacher Workforce Model)"}

# States a contract reaches on its way; reaching a later one implies the earlier (a student contract of
# 2.11 is «admitted» by being a student already).
_REACHED_BY_STATE = {
    "admitted": {"admitted", "studying", "graduated", "employed", "fulfilled"},
    "studying": {"studying", "graduated", "employed", "fulfilled"},
    "graduated": {"graduated", "employed", "fulfilled"},
    "employed": {"employed", "fulfilled"},
    "fulfilled": {"fulfilled"},
}
_LEAVING_STATES = {"not_admitted", "terminated", "breached", "released"}
_CONTRACT_STAGE_OF_STATE = {"signed": "signed", "not_admitted": "signed", "admitted": "admitted",
                            "studying": "studying", "suspended": "studying", "graduated": "graduated",
                            "employed": "employed"}


# The school year of a date: the same rule the directory uses.
school_year_of = academic_year_for


@dataclass
class Filters:
    cohort: int | None = None
    school_id: int | None = None
    sector: str = ""
    specialty_id: int | None = None


@dataclass
class Record:
    """One person at one or more stages: a pupil (key ("p", id)) or a contract (key ("c", id))."""

    key: tuple
    name: str
    url_name: str
    school_id: int | None
    school: str
    sector: str
    specialty_id: int | None
    specialty: str
    cohort: int | None
    pupil_id: int | None = None
    kind: str = ""  # a contract's kind: «graduate» (2.9) or «student» (2.11)
    stages: set = field(default_factory=set)
    left_stage: str = ""
    left_kind: str = ""  # why, in general words (aggregated tables: no free text about a person)
    left_reason: str = ""  # the same with the recorded ground (drill-down only: personal data)
    left_on: datetime.date | None = None
    employed_on: datetime.date | None = None
    application_ids: set = field(default_factory=set)  # offers' applications of the person, or the contract's


@dataclass
class Funnel:
    rows: list  # [{key, label, item, count, conversion, lost, reasons, sources}]
    records: list
    as_of: datetime.date
    benchmark: dict
    losses: list  # [(stage label, reason, count)]

    def count(self, stage: str) -> int:
        return next(r["count"] for r in self.rows if r["key"] == stage)

    def rate(self, stage: str) -> float | None:
        return next(r["conversion"] for r in self.rows if r["key"] == stage)


def _pupil_records(pupils) -> dict[int, Record]:
    """Pupil stages from motivation marks, database entries and route sheets (pupils: a scoped queryset)."""
    from orientir.pupils.models import MotivatedPupil, RouteSheet, TargetedEntry

    records: dict[int, Record] = {}

    def record_for(row) -> Record:
        pid = row["pupil_id"]
        rec = records.get(pid)
        if rec is None:
            name = " ".join(p for p in (row["pupil__last_name"], row["pupil__first_name"],
                                        row["pupil__middle_name"]) if p)
            rec = records[pid] = Record(key=("p", pid), name=name, url_name="pupils:pupil_detail",
                                        school_id=row["pupil__organisation_id"],
                                        school=row["pupil__organisation__short_name"], sector="",
                                        specialty_id=None, specialty="", cohort=None, pupil_id=pid)
        return rec

    person = ["pupil_id", "pupil__last_name", "pupil__first_name", "pupil__middle_name", "pupil__organisation_id",
              "pupil__organisation__short_name", "pupil__status"]
    pupil_ids = pupils.values("id")
    for row in (MotivatedPupil.objects.filter(pupil_id__in=pupil_ids)
                .values(*person, "start_year", "sector", "specialty_id", "specialty__code", "specialty__name")
                .order_by("start_year")):
        rec = record_for(row)
        rec.stages.add("identified")
        rec.cohort = rec.cohort or row["start_year"]
        rec.sector = rec.sector or row["sector"]
        if row["specialty_id"] and not rec.specialty_id:
            rec.specialty_id, rec.specialty = row["specialty_id"], f"{row['specialty__code']} {row['specialty__name']}"
        if row["pupil__status"] == "left":
            rec.left_stage, rec.left_kind = "identified", "Выбыл из школы"
            rec.left_reason = rec.left_kind
    entries = {}
    for row in (TargetedEntry.objects.filter(pupil_id__in=pupil_ids)
                .values(*person, "id", "start_year", "status", "note", "specialty_id", "specialty__code",
                        "specialty__name", "customer__sector", "pupil__interest_sector").order_by("start_year")):
        rec = record_for(row)
        rec.stages.add("targeted")
        entries[row["id"]] = rec
        rec.cohort = rec.cohort or row["start_year"]
        rec.sector = rec.sector or row["customer__sector"] or row["pupil__interest_sector"] or ""
        rec.specialty_id, rec.specialty = row["specialty_id"], f"{row['specialty__code']} {row['specialty__name']}"
        if row["status"] == "declined":
            rec.left_stage, rec.left_kind = "targeted", "Отказался от целевого обучения"
            rec.left_reason = rec.left_kind + (f": {row['note']}" if row["note"] else "")
        elif row["pupil__status"] == "left" and not rec.left_stage:
            rec.left_stage, rec.left_kind = "targeted", "Выбыл из школы"
            rec.left_reason = rec.left_kind
    done = (RouteSheet.objects.filter(entry_id__in=list(entries))
            .annotate(total=Count("items"), done=Count("items", filter=Q(items__done_on__isnull=False)))
            .filter(total__gt=0).values_list("entry_id", "total", "done"))
    for entry_id, total, done_count in done:
        if done_count == total:
            entries[entry_id].stages.add("route_done")
    return records


def _person_key(row) -> tuple:
    """One applicant across their applications: the linked pupil, else the name and birth date as typed."""
    if row["pupil_id"] and row["match"] in _LINKED_MATCHES:
        return ("pupil", row["pupil_id"])
    name = tuple(" ".join((row[f] or "").split()).casefold().replace("ё", "е")
                 for f in ("last_name", "first_name", "middle_name"))
    return ("name", *name, row["birth_date"])


def _application_records(applications, pupil_records: dict[int, Record]) -> list[Record]:
    """The stages «подал заявку» and «зачислен по квоте» (applications: a scoped queryset). Stages of an applicant
    matched to a pupil go on the pupil's record when it is in the funnel; the new records are returned."""
    rows = applications.values(
        "id", "last_name", "first_name", "middle_name", "birth_date", "applied_on", "status", "match", "pupil_id",
        "pupil__organisation_id", "pupil__organisation__short_name", "offer__is_quota", "offer__customer__sector",
        "offer__specialty_id", "offer__specialty__code", "offer__specialty__name").order_by("applied_on", "id")
    people: dict[tuple, list] = defaultdict(list)
    for row in rows:
        people[_person_key(row)].append(row)
    out = []
    for key, apps in people.items():
        first = apps[0]
        rec = pupil_records.get(key[1]) if key[0] == "pupil" else None
        if rec is None:
            name = " ".join(p for p in (first["last_name"], first["first_name"], first["middle_name"]) if p)
            rec = Record(key=("a", first["id"]), name=f"{name} (заявка на предложение)",
                         url_name="offers:application_edit", school_id=first["pupil__organisation_id"],
                         school=first["pupil__organisation__short_name"] or "",
                         sector=first["offer__customer__sector"] or "", specialty_id=first["offer__specialty_id"],
                         specialty=f"{first['offer__specialty__code']} {first['offer__specialty__name']}",
                         cohort=school_year_of(first["applied_on"]),
                         pupil_id=key[1] if key[0] == "pupil" else None)
            out.append(rec)
        rec.stages.add("applied")
        rec.application_ids |= {a["id"] for a in apps}
        if any(a["status"] == "enrolled" and a["offer__is_quota"] for a in apps):
            rec.stages.add("quota_enrolled")
        if not rec.left_stage and not any(a["status"] in _OPEN_APPLICATIONS for a in apps):
            withdrawn = all(a["status"] == "withdrawn" for a in apps)
            rec.left_stage = "applied"
            rec.left_kind = rec.left_reason = "Отозвал заявку" if withdrawn else "Не зачислен"
    return out


def _contract_records(contracts) -> list[Record]:
    from orientir.contracts.models import ContractEvent

    rows = list(contracts.exclude(state="draft").values(
        "id", "number", "last_name", "first_name", "middle_name", "pupil_id", "pupil__organisation_id",
        "pupil__organisation__short_name", "specialty_id", "specialty__code", "specialty__name", "signed_on",
        "created_at", "state", "kind", "work_position__sector", "work_organisation__sector", "customer__sector",
        "application_id"))
    events = defaultdict(list)
    for ev in (ContractEvent.objects.filter(contract_id__in=[r["id"] for r in rows])
               .values("contract_id", "from_state", "to_state", "on", "reason").order_by("on", "id")):
        events[ev["contract_id"]].append(ev)
    out = []
    for row in rows:
        signed = row["signed_on"] or timezone.localdate(row["created_at"])
        name = " ".join(p for p in (row["last_name"], row["first_name"], row["middle_name"]) if p)
        rec = Record(key=("c", row["id"]), name=f"{name} (договор № {row['number']})", url_name="contracts:contract_detail",
                     school_id=row["pupil__organisation_id"], school=row["pupil__organisation__short_name"] or "",
                     sector=row["work_position__sector"] or row["work_organisation__sector"] or row["customer__sector"]
                     or "", specialty_id=row["specialty_id"],
                     specialty=f"{row['specialty__code']} {row['specialty__name']}", cohort=school_year_of(signed),
                     pupil_id=row["pupil_id"], kind=row["kind"],
                     application_ids={row["application_id"]} if row["application_id"] else set())
        rec.stages.add("signed")
        reached = {row["state"]} | {ev["to_state"] for ev in events[row["id"]]}
        for stage, states in _REACHED_BY_STATE.items():
            if reached & states:
                rec.stages.add(stage)
        for ev in events[row["id"]]:
            if ev["to_state"] == "employed" and rec.employed_on is None:
                rec.employed_on = ev["on"]
            if ev["to_state"] in _LEAVING_STATES and not rec.left_stage:
                from_state = ev["from_state"]
                if from_state == "suspended":
                    # the stage the suspension interrupted: the last state reached before it
                    from_state = next((e["from_state"] for e in reversed(events[row["id"]])
                                       if e["to_state"] == "suspended"), "studying")
                rec.left_stage = _CONTRACT_STAGE_OF_STATE.get(from_state, "signed")
                rec.left_kind = _leaving_label(ev["to_state"], "")
                rec.left_reason = _leaving_label(ev["to_state"], ev["reason"])
                rec.left_on = ev["on"]
        out.append(rec)
    return out


def contract_records(contracts, as_of: datetime.date) -> list[Record]:
    """The contracts' stages as of a date, retention included (the funnel and the forecast's rates read these)."""
    records = _contract_records(contracts)
    for rec in records:
        _retention(rec, as_of)
    return records


def _leaving_label(state: str, reason: str) -> str:
    from orientir.contracts.models import State

    label = State(state).label
    return f"{label}: {reason}" if reason else label


def _retention(rec: Record, as_of: datetime.date) -> None:
    """Retained N years: employed at least N years ago and had not left N years after starting."""
    if rec.employed_on is None:
        return
    for years in (1, 2, 3):
        mark = add_years(rec.employed_on, years)
        if mark > as_of:
            break
        if rec.left_on is None or rec.left_on > mark:
            rec.stages.add(f"retained_{years}")


def _matches(rec: Record, f: Filters) -> bool:
    return ((f.cohort is None or rec.cohort == f.cohort) and (f.school_id is None or rec.school_id == f.school_id)
            and (not f.sector or rec.sector == f.sector)
            and (f.specialty_id is None or rec.specialty_id == f.specialty_id))


def build(*, pupils, contracts, applications=None, filters: Filters | None = None,
          as_of: datetime.date | None = None) -> Funnel:
    """The funnel for scoped querysets of pupils, contracts and the offers' applications (accounts.access decides
    which; without applications the stages «подал заявку» and «зачислен по квоте» stay empty)."""
    filters = filters or Filters()
    as_of = as_of or datetime.date.today()
    pupil_recs = _pupil_records(pupils)
    applicant_recs = _application_records(applications, pupil_recs) if applications is not None else []
    contract_recs = contract_records(contracts, as_of)
    records = [r for r in list(pupil_recs.values()) + applicant_recs + contract_recs if _matches(r, filters)]
    at = {key: [r for r in records if key in r.stages] for key, _, _ in STAGES}
    # The pupils and applications a contract was concluded with: the bridge from the earlier stages to the contract.
    contracted_pupils = {r.pupil_id for r in contract_recs if r.pupil_id}
    contracted_applications = {a for r in contract_recs for a in r.application_ids}
    rows, losses = [], []
    previous = None
    for key, label, item in STAGES:
        count = len(at[key])
        conversion = None
        base_keys = (previous,) if previous else ()
        if key == "signed":
            # two roads reach the contract: the route sheet (before ПП № 555, and colleges without a quota) and the
            # admission within the quota; a pupil on both is one person
            base_keys = ("route_done", "quota_enrolled")
        elif key.startswith("retained_") or key == "fulfilled":
            base_keys = ("employed",)
        base = list({id(r): r for k in base_keys for r in at[k]}.values())
        if base:
            if key.startswith("retained_"):
                # of the employed, only those who have had the time: employed N years ago or earlier
                base = [r for r in at["employed"] if _had_time(r, key, as_of)]
            elif key == "fulfilled":
                base = at["employed"]
            if key == "signed":
                moved = sum(1 for r in base if r.pupil_id in contracted_pupils
                            or r.application_ids & contracted_applications)
            else:
                moved = sum(1 for r in base if key in r.stages)
            conversion = moved / len(base) if base else None
        reasons = Counter(r.left_kind for r in records if r.left_stage == key)
        rows.append({"key": key, "label": label, "item": item, "count": count, "conversion": conversion,
                     "base": base_keys, "base_label": _base_label(base_keys),
                     "lost": sum(reasons.values()), "reasons": reasons.most_common(),
                     "sources": _sources(at) if key == "signed" else []})
        losses += [(label, reason, n) for reason, n in reasons.most_common()]
        previous = key
    return Funnel(rows=rows, records=records, as_of=as_of, benchmark=BENCHMARK, losses=losses)


def _base_label(keys: tuple) -> str:
    """What a conversion is a share of, in words: «этапа «…»» or «этапов «…» и «…»»."""
    names = [f"«{STAGE_LABELS[k]}»" for k in keys]
    if len(names) == 1:
        return f"этапа {names[0]}"
    return f"этапов {' и '.join(names)}" if names else ""


SOURCES = [  # where a signed contract's person came from, in the pipeline's order
    ("route_done", "из выполнивших маршрутный лист"),
    ("targeted", "из базы целевого обучения, маршрут не завершён"),
    ("pupil", "обучающиеся вне базы целевого обучения"),
    ("applicant", "по заявкам на предложения, не из базы обучающихся"),
    ("student", "студенты 2-го курса и старше (п. 2.11)"),
    ("outside", "выпускники, не внесённые в систему как обучающиеся"),
]


def _sources(at: dict) -> list[tuple[str, str, int]]:
    """The signed contracts by where their person came from, so that a stage counting more contracts than the
    route sheets before it reads as what it is — contracts also come from outside the school pipeline —
    rather than as a conversion above 100 %. [(key, label, count)], the empty ones left out."""
    route_done = {r.pupil_id for r in at["route_done"]}
    targeted = {r.pupil_id for r in at["targeted"]}

    def source(rec: Record) -> str:
        if rec.pupil_id is None:
            if rec.application_ids:
                return "applicant"
            return "student" if rec.kind == "student" else "outside"
        if rec.pupil_id in route_done:
            return "route_done"
        return "targeted" if rec.pupil_id in targeted else "pupil"

    counts = Counter(source(r) for r in at["signed"])
    return [(key, label, counts[key]) for key, label in SOURCES if counts[key]]


def _had_time(rec: Record, stage: str, as_of: datetime.date) -> bool:
    years = int(stage.rsplit("_", 1)[1])
    return rec.employed_on is not None and add_years(rec.employed_on, years) <= as_of


DIMENSIONS = {
    "cohort": ("Учебный год", lambda r: (r.cohort, f"{r.cohort}/{r.cohort + 1}" if r.cohort else "—")),
    # natural order: «№ 2» before «№ 10», as in every list of organisations
    "school": ("Школа", lambda r: (natural_key(r.school) if r.school else "", r.school or "Не из школ (студенты, п. 2.11)")),
    "sector": ("Отрасль", lambda r: (r.sector, dict(Sector.choices).get(r.sector, "Не указана"))),
    "specialty": ("Специальность", lambda r: (r.specialty, r.specialty or "Не указана")),
}


def breakdown(funnel: Funnel, dimension: str) -> tuple[str, list]:
    """Counts by stage for each value of a dimension: (dimension label, [(value label, {stage: count})])."""
    title, key_of = DIMENSIONS[dimension]
    groups: dict = {}
    for rec in funnel.records:
        sort_key, label = key_of(rec)
        order = (not sort_key, sort_key if isinstance(sort_key, int) else str(sort_key or ""))
        entry = groups.setdefault(label, [order, Counter()])
        for stage in rec.stages:
            entry[1][stage] += 1
    ordered = sorted(groups.items(), key=lambda g: g[1][0])
    return title, [(label, counts) for label, (_, counts) in ordered]


def people(funnel: Funnel, stage: str, *, left: bool = False) -> list[Record]:
    """The people at a stage (or who left at it), for the drill-down."""
    if left:
        chosen = [r for r in funnel.records if r.left_stage == stage]
    else:
        chosen = [r for r in funnel.records if stage in r.stages]
    return sorted(chosen, key=lambda r: r.name)
