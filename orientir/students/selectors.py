"""Reads of contracted students and graduates, scoped through accounts.access, with a bounded number of queries.

Scope: accounts.access.student_contracts_for (the contracts of the user's scope, for students.view);
aggregated reports use student_report_contracts_for (observers included, no names).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from orientir.accounts import access
from orientir.contracts.liability import paid_support_source
from orientir.contracts.lifecycle import AT_WORK_OR_DUE, IN_STUDY, effective_state, q_effective
from orientir.contracts.models import Contract, Kind, State
from orientir.core.params import int_param
from orientir.core.listing import narrowed
from orientir.core.text import normalize_search
from orientir.directory.models import Organisation
from orientir.directory.services import academic_year_for
from orientir.plan.selectors import item_date

from .models import (AdmissionRecord, AdmissionStatus, Payment, PaymentPlan, Placement, PlacementState,
                     StudyRecord, StudyStatus, SupportActivity, week_monday)

# Employment (3.3) lives in selectors_employment; pages, reports and the API reach it as selectors.X.
from .selectors_employment import (DAYS_PER_YEAR, MONITORING_COLUMNS, MONITORING_GROUPS,  # noqa: E402,F401
                                   WORK_ENDED_STATES, WorkFacts, contract_facts, days_worked,
                                   employment_monitoring, employment_people, facts_for, facts_of, q_at_work_or_due,
                                   suspension_periods, work_facts, years_worked)

VIEW, SUPPORT, PAYMENTS, REPORT = "students.view", "students.support", "students.payments", "students.report"
# Exports with citizens' names: the committee's export permission (the same as for the register of contracts).
EXPORT = "contracts.export"

# Contracts whose citizen is a student (3.1): in study, or graduated and not yet at work. A suspended contract
# counts where the suspension caught it (contracts.lifecycle.effective_state): suspended while studying it is a
# student's, suspended while employed it is not.
STUDENT_STATES = [*sorted(IN_STUDY), State.GRADUATED]
# Graduates under monitoring of admission (2.10).
ADMISSION_STATES = [State.SIGNED, State.ADMITTED, State.NOT_ADMITTED]
# Contracts whose citizen is due to work or works (3.3), suspended ones by the state they interrupted, and those
# whose obligation has ended after work began.
WORK_STATES = sorted(AT_WORK_OR_DUE)


def q_students() -> Q:
    """Contracts of students (3.1), suspended ones by the state the suspension interrupted."""
    return q_effective(STUDENT_STATES)


def is_student(contract) -> bool:
    """Whether study records, support and placements may be kept for the contract now."""
    return effective_state(contract) in STUDENT_STATES


ZERO = Decimal("0.00")


def may(user, perm: str) -> bool:
    return access.has_perm(user, perm)


def current_year(today: datetime.date | None = None) -> int:
    return academic_year_for(today or timezone.localdate())


def _int(value) -> int | None:
    return int_param(value)


def parse_week(value: str | None, today: datetime.date | None = None) -> datetime.date:
    """The Monday of an ISO week given as «2026-W23» (an HTML week input) or a date; this week otherwise."""
    today = today or timezone.localdate()
    value = (value or "").strip()
    try:
        if "-W" in value:
            year, week = value.split("-W")
            return datetime.date.fromisocalendar(int(year), int(week), 1)
        if value:
            return week_monday(datetime.date.fromisoformat(value))
    except ValueError:
        pass
    return week_monday(today)


def iso_week(monday: datetime.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


# --- Admission monitoring (2.10) -------------------------------------------------------------------

def admission_contracts(qs: QuerySet) -> QuerySet:
    """Contracted graduates under admission monitoring."""
    return qs.filter(kind=Kind.GRADUATE, state__in=ADMISSION_STATES)


@dataclass
class AdmissionRow:
    contract: Contract
    record: AdmissionRecord | None  # this week's
    last: AdmissionRecord | None  # the latest before this week, to show what was known
    # The status is the offer's application's (orientir.offers), read, not entered: the weekly import of the
    # applications keeps it current.
    from_application: bool = False

    @property
    def stale(self) -> bool:
        return self.record is None


# An application's status in the words of the admission monitoring; «допущен» is the applicant on the competition
# list, a withdrawn application is no admission under that offer.
_APPLICATION_ADMISSION = {"submitted": AdmissionStatus.APPLIED, "allowed": AdmissionStatus.RANKED,
                          "not_enrolled": AdmissionStatus.NOT_ADMITTED, "withdrawn": AdmissionStatus.NOT_ADMITTED}


def _statuses_as_of(applications, week_end: datetime.date) -> dict[int, tuple[str, datetime.date]]:
    """(status, its date) of each application at the end of a past week, from its status history: the last change
    dated on or before that day; an application made by then whose first recorded status came later was «подана»."""
    from orientir.offers.models import ApplicationStatusChange

    out = {a.pk: ("submitted", a.applied_on) for a in applications}
    for change in (ApplicationStatusChange.objects.filter(application__in=list(out), on__lte=week_end)
                   .order_by("application_id", "on", "id").only("application_id", "on", "status")):
        out[change.application_id] = (change.status, change.on)
    return out


def _from_applications(contract_ids: list[int], week: datetime.date) -> dict[int, AdmissionRecord]:
    """This week's status of the contracts drafted from an offer's application, read from the application (unsaved
    records, three queries whatever the number): the current status for the current week, the status in force at
    the end of a past week from the application's status history, each dated the day it was entered; nothing for a
    week before the application was made."""
    from orientir.offers.models import Application

    links = dict(Contract.objects.filter(pk__in=contract_ids, application__isnull=False)
                 .values_list("pk", "application_id"))
    if not links:
        return {}
    applications = Application.objects.filter(pk__in=set(links.values())).select_related("offer__specialty")
    by_id = {a.pk: a for a in applications}
    week_end = week + datetime.timedelta(days=6)
    past = week_end < timezone.localdate()
    as_of = _statuses_as_of(by_id.values(), week_end)
    out = {}
    for contract_id, application_id in links.items():
        a = by_id[application_id]
        if a.applied_on > week_end:
            continue
        value, on = as_of[a.pk]
        if not past and value != a.status:
            # the current week shows the status as it is now; a status with no history row (none should be left
            # since decision 74) is dated by the application's last change
            value, on = a.status, min(timezone.localdate(a.updated_at), week_end)
        on = max(a.applied_on, on)
        if value == "enrolled":
            status = AdmissionStatus.ADMITTED_QUOTA if a.offer.is_quota else AdmissionStatus.ADMITTED_GENERAL
        else:
            status = _APPLICATION_ADMISSION[value]
        out[contract_id] = AdmissionRecord(
            contract_id=contract_id, week=week, status=status, education_organisation=a.offer.education_organisation,
            specialty=a.offer.specialty, on=on,
            note=f"Заявка на предложение № {a.offer.number}: {Application.Status(value).label.lower()}")
    return out


def admission_week(user, week: datetime.date, q: str = "", stale_only: bool = False) -> list[AdmissionRow]:
    """Every contracted graduate of the scope with this week's snapshot (None: not updated this week)."""
    qs = admission_contracts(access.student_contracts_for(user)).select_related("customer", "specialty")
    if q:
        qs = qs.filter(search_text__contains=normalize_search(q))
    contracts = list(qs.order_by("sort_name", "id"))
    return _admission_rows(contracts, week, stale_only)


def _admission_rows(contracts, week, stale_only=False) -> list[AdmissionRow]:
    ids = [c.pk for c in contracts]
    this_week, last = {}, {}
    records = (AdmissionRecord.objects.filter(contract_id__in=ids, week__lte=week).select_related("specialty")
               .order_by("contract_id", "-week"))
    for r in records:
        if r.week == week:
            this_week[r.contract_id] = r
        elif r.contract_id not in last:
            last[r.contract_id] = r
    read = _from_applications(ids, week)
    rows = [AdmissionRow(c, read.get(c.pk) or this_week.get(c.pk), last.get(c.pk), c.pk in read) for c in contracts]
    return [r for r in rows if r.stale] if stale_only else rows


def admission_counts(rows: list[AdmissionRow]) -> dict:
    counts = {value: 0 for value, _ in AdmissionStatus.choices}
    for r in rows:
        if r.record:
            counts[r.record.status] += 1
    return {"total": len(rows), "stale": sum(1 for r in rows if r.stale),
            "by_status": [(label, counts[value]) for value, label in AdmissionStatus.choices]}


def admission_summary(user, week: datetime.date) -> list[tuple]:
    """Counts by status per education organisation for the week: numbers only (students.report)."""
    contracts = list(admission_contracts(access.student_report_contracts_for(user)).only("id"))
    rows = _admission_rows(contracts, week)
    table: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        org = (r.record.education_organisation if r.record else "") or "— (не обновлено на этой неделе)"
        table[org]["total"] += 1
        table[org][r.record.status if r.record else "stale"] += 1
    out = []
    for org in sorted(table):
        t = table[org]
        out.append((org, t["total"], *[t[v] for v, _ in AdmissionStatus.choices], t["stale"]))
    return out


# --- Students (3.1) --------------------------------------------------------------------------------

@dataclass
class StudentFilter:
    q: str = ""
    course: int | None = None
    education: str = ""
    specialty: int | None = None
    status: str = ""
    customer: int | None = None
    state: str = ""

    @classmethod
    def from_query(cls, params) -> "StudentFilter":
        status = params.get("status", "")
        state = params.get("state", "")
        return cls(q=params.get("q", "").strip(), course=_int(params.get("course")),
                   education=params.get("education", "").strip(), specialty=_int(params.get("specialty")),
                   status=status if status in StudyStatus.values else "", customer=_int(params.get("customer")),
                   state=state if state in STUDENT_STATES + [State.SUSPENDED] else "")


def _latest_study(field: str):
    return Subquery(StudyRecord.objects.filter(contract=OuterRef("pk"))
                    .order_by("-academic_year", "-semester").values(field)[:1])


def student_list(user, flt: StudentFilter) -> QuerySet:
    """Contracted students with their latest course and academic status."""
    qs = (access.student_contracts_for(user).filter(q_students())
          .select_related("customer", "specialty")
          .annotate(course=_latest_study("course"), study_status=_latest_study("status"),
                    study_year=_latest_study("academic_year"), study_semester=_latest_study("semester")))
    qs = narrowed(qs, search_text__contains=normalize_search(flt.q), course=flt.course,
                  education_organisation=flt.education, specialty_id=flt.specialty, study_status=flt.status,
                  customer_id=flt.customer, state=flt.state)
    return qs.order_by("sort_name", "id")


def student_filter_choices(user) -> dict:
    base = access.student_contracts_for(user).filter(q_students())
    educations = sorted(set(base.exclude(education_organisation="").values_list("education_organisation", flat=True)))
    specialties = list(base.values_list("specialty_id", "specialty__code", "specialty__name").distinct()
                       .order_by("specialty__code"))
    customers = list(Organisation.objects.filter(pk__in=base.values("customer_id")).order_by("sort_name")
                     .values_list("id", "short_name"))
    return {"educations": educations, "specialties": specialties, "customers": customers}


def study_label(contract) -> str:
    status = getattr(contract, "study_status", None)
    return StudyStatus(status).label if status else "—"


# --- Support plans and the support log (3.1.1, 3.1.2) ------------------------------------------------

def plan_status(user, year: int, q: str = "") -> QuerySet:
    """Contracted students with the number of activities in their individual plan for the school year."""
    from django.db.models import Count

    qs = access.student_contracts_for(user).filter(q_students()).select_related("customer")
    if q:
        qs = qs.filter(search_text__contains=normalize_search(q))
    planned = (SupportActivity.objects.filter(contract=OuterRef("pk"), academic_year=year, in_plan=True)
               .order_by().values("contract").annotate(n=Count("id")).values("n"))
    # «Выполнено» counts the plan's own items only: a log entry of work done outside the plan (in_plan=False) is
    # not an item of the plan, so counting it would show a plan done that the student's card shows as not done.
    done = (SupportActivity.objects.filter(contract=OuterRef("pk"), academic_year=year, in_plan=True,
                                           done_on__isnull=False)
            .order_by().values("contract").annotate(n=Count("id")).values("n"))
    return qs.annotate(n_planned=Coalesce(Subquery(planned), 0), n_done=Coalesce(Subquery(done), 0)).order_by(
        "n_planned", "sort_name", "id")


@dataclass
class LogFilter:
    q: str = ""
    year: int | None = None
    kind: str = ""

    @classmethod
    def from_query(cls, params, default_year: int) -> "LogFilter":
        from .models import ActivityKind

        raw = params.get("year")
        kind = params.get("kind", "")
        return cls(q=params.get("q", "").strip(), year=None if raw == "all" else (_int(raw) or default_year),
                   kind=kind if kind in ActivityKind.values else "")


def support_log(user, flt: LogFilter) -> QuerySet:
    """The support work done (3.1.2): done plan activities, ad-hoc entries and obligation checks."""
    qs = SupportActivity.objects.filter(contract__in=access.student_contracts_for(user).values("id"),
                                        done_on__isnull=False).select_related("contract")
    if flt.year:
        qs = qs.filter(academic_year=flt.year)
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    if flt.q:
        qs = qs.filter(Q(contract__search_text__contains=normalize_search(flt.q)) | Q(title__icontains=flt.q))
    return qs.order_by("-done_on", "-id")


# --- Placements (3.1.3) ----------------------------------------------------------------------------

def placement_list(user, state: str = "", q: str = "") -> QuerySet:
    qs = Placement.objects.filter(contract__in=access.student_contracts_for(user).values("id")).select_related(
        "contract", "organisation")
    if state in PlacementState.values:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(Q(contract__search_text__contains=normalize_search(q)) | Q(organisation__short_name__icontains=q))
    return qs.order_by("-starts_on", "-id")


# --- Payments (3.1.4) ------------------------------------------------------------------------------

@paid_support_source
def paid_support(contract) -> Decimal:
    """Support paid to the citizen under the contract: what they repay on breach (liability hook)."""
    return Payment.objects.filter(contract=contract).aggregate(s=Coalesce(Sum("amount"), Value(ZERO),
                                                                          output_field=DecimalField()))["s"]


def last_due_month(today: datetime.date | None = None) -> datetime.date:
    """The first day of the latest month whose support is due by `today`.

    A month's support falls due on the last day of that month: on 5 December November is due and December is not
    yet; planned months after that are ahead, not a debt."""
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    if tomorrow.month != today.month:  # today is the month's last day: this month is due too
        return today.replace(day=1)
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def ledger(contract, today: datetime.date | None = None) -> list[dict]:
    """Per month: planned and paid, with the payments of the month, and whether the month is due by today."""
    due_through = last_due_month(today)
    months: dict[datetime.date, dict] = {}

    def row(month):
        return months.setdefault(month, {"month": month, "planned": ZERO, "paid": ZERO, "payments": [],
                                         "due": month <= due_through})

    for line in contract.payment_plan.all():
        row(line.month)["planned"] = line.amount
    for p in contract.payments.all():
        row(p.month)["paid"] += p.amount
        row(p.month)["payments"].append(p)
    return [months[m] for m in sorted(months)]


def ledger_totals(rows: list[dict]) -> dict:
    """Totals of a ledger. Debt is what was due by today and not paid: the plan of the months due less what was paid
    for them (negative: paid over the plan); the plan of the months ahead is not a debt."""
    planned = sum((r["planned"] for r in rows), ZERO)
    paid = sum((r["paid"] for r in rows), ZERO)
    due = sum((r["planned"] for r in rows if r["due"]), ZERO)
    paid_due = sum((r["paid"] for r in rows if r["due"]), ZERO)
    return {"planned": planned, "paid": paid, "due": due, "debt": due - paid_due, "ahead": planned - due}


def _money_total(sq):
    return Coalesce(Subquery(sq.order_by().values("contract").annotate(s=Sum("amount")).values("s")),
                    Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2))


def payment_contracts(user, year: int | None, q: str = "", today: datetime.date | None = None) -> QuerySet:
    """Contracts with planned and paid support (for a calendar year, or all time) and the debt by today: the plan of
    the months due (ledger_totals) less what was paid for them."""
    qs = access.student_contracts_for(user).select_related("customer")
    plan = PaymentPlan.objects.filter(contract=OuterRef("pk"))
    paid = Payment.objects.filter(contract=OuterRef("pk"))
    if year:
        plan, paid = plan.filter(month__year=year), paid.filter(month__year=year)
    due_through = last_due_month(today)
    qs = qs.annotate(planned=_money_total(plan), paid=_money_total(paid),
                     due=_money_total(plan.filter(month__lte=due_through)),
                     paid_due=_money_total(paid.filter(month__lte=due_through)))
    qs = qs.annotate(debt=F("due") - F("paid_due")).filter(Q(planned__gt=0) | Q(paid__gt=0))
    if q:
        qs = qs.filter(search_text__contains=normalize_search(q))
    return qs.order_by("sort_name", "id")


def payment_totals_by_customer(user, year: int | None, today: datetime.date | None = None) -> list[tuple]:
    """(customer name, planned, paid, debt by today) per customer of the scope. A customer's debt adds up the debts
    of its contracts: one citizen's overpayment does not pay off another's debt."""
    ids = access.student_contracts_for(user).values("id")
    plan = PaymentPlan.objects.filter(contract_id__in=ids)
    paid = Payment.objects.filter(contract_id__in=ids)
    if year:
        plan, paid = plan.filter(month__year=year), paid.filter(month__year=year)
    due = Q(month__lte=last_due_month(today))
    per_contract: dict = defaultdict(lambda: [None, ZERO, ZERO, ZERO])  # customer, planned, paid, due less paid
    for qs, sign, col in ((plan, 1, 1), (paid, -1, 2)):
        for cid, customer, name, s, s_due in (
                qs.values_list("contract_id", "contract__customer_id", "contract__customer__short_name")
                .annotate(s=Sum("amount"), s_due=Coalesce(Sum("amount", filter=due), Value(ZERO),
                                                          output_field=DecimalField()))
                .order_by()):
            line = per_contract[cid]
            line[0] = (customer, name)
            line[col] += s
            line[3] += sign * s_due
    out: dict = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for key, planned, paid_sum, debt in per_contract.values():
        out[key][0] += planned
        out[key][1] += paid_sum
        out[key][2] += max(debt, ZERO)
    label = "Комитет образования, культуры, спорта и работы с молодёжью"
    return sorted(((name or label, p, d, debt) for (_cid, name), (p, d, debt) in out.items()), key=lambda r: r[0])


def accounting_payments(user, year: int | None) -> QuerySet:
    qs = Payment.objects.filter(contract__in=access.student_contracts_for(user).values("id")).select_related(
        "contract", "contract__customer")
    if year:
        qs = qs.filter(paid_on__year=year)
    return qs.order_by("paid_on", "id")


# --- Deadlines (alerts) ----------------------------------------------------------------------------

@dataclass
class Alert:
    due: datetime.date
    kind: str
    contract: Contract
    text: str
    level: str = "warning"  # warning | danger


ALERT_PLAN = "Индивидуальный план (п. 3.1.1)"
ALERT_ADMISSION = "Мониторинг поступления (п. 2.10)"
ALERT_WORK_START = "Трудоустройство (п. 3.3)"
ALERT_OBLIGATION = "Исполнение обязательства"
# Kinds of the support work itself; the work start and obligation end deadlines are the contract's (the contracts
# app lists them in «Мои задачи»), shown here on the alerts page only.
SUPPORT_ALERTS = (ALERT_PLAN, ALERT_ADMISSION)


def deadlines(user, today: datetime.date | None = None, horizon_days: int = 60,
              kinds=(ALERT_PLAN, ALERT_ADMISSION, ALERT_WORK_START, ALERT_OBLIGATION)) -> list[Alert]:
    """Upcoming and missed deadlines of the support work in the user's scope (of the given kinds)."""
    today = today or timezone.localdate()
    scope = access.student_contracts_for(user)
    alerts: list[Alert] = []
    year = current_year(today)
    # 3.1.1: an individual plan for the school year by the plan's date (1 October).
    plan_due = item_date(user.municipality_id, year, "3.1.1", "10-01")
    with_plan = SupportActivity.objects.filter(academic_year=year, in_plan=True).values("contract_id")
    if ALERT_PLAN in kinds and (plan_due - today).days <= horizon_days:
        for c in scope.filter(q_students()).exclude(pk__in=with_plan).order_by("sort_name")[:200]:
            alerts.append(Alert(plan_due, ALERT_PLAN, c,
                                f"Нет индивидуального плана сопровождения на {year}/{year + 1} учебный год",
                                "danger" if today > plan_due else "warning"))
    # 2.10: admission status not updated this week (until the plan's end of the weekly monitoring, 1 September).
    if ALERT_ADMISSION in kinds and today <= item_date(user.municipality_id, today.year, "2.10", "09-01"):
        week = week_monday(today)
        updated = AdmissionRecord.objects.filter(week=week).values("contract_id")
        # a contract drafted from an offer's application reads its status from it: nothing to update by hand
        for c in admission_contracts(scope).filter(state=State.SIGNED, application__isnull=True).exclude(
                pk__in=updated).order_by(
                "sort_name")[:200]:
            alerts.append(Alert(week + datetime.timedelta(days=4), ALERT_ADMISSION, c,
                                "Статус поступления не обновлён на этой неделе"))
    # 3.3: work start deadline approaching (or passed) without employment.
    soon = today + datetime.timedelta(days=horizon_days)
    work_start = (scope.filter(state=State.GRADUATED, work_start_deadline__lte=soon).order_by("work_start_deadline")
                  [:200] if ALERT_WORK_START in kinds else [])
    for c in work_start:
        late = c.work_start_deadline < today
        alerts.append(Alert(c.work_start_deadline, ALERT_WORK_START, c,
                            "Срок трудоустройства истёк, трудоустройство не внесено" if late
                            else "Приближается срок трудоустройства", "danger" if late else "warning"))
    # Obligation end approaching: employed contracts whose years worked reach the term within the horizon.
    employed = list(scope.filter(state=State.EMPLOYED).order_by("sort_name")[:500]) if ALERT_OBLIGATION in kinds \
        else []
    for f in facts_for(employed, today).values():
        remaining = Decimal(f.contract.work_years) - f.years
        days_left = int(remaining * DAYS_PER_YEAR)
        if days_left <= horizon_days:
            due = today + datetime.timedelta(days=max(days_left, 0))
            alerts.append(Alert(due, ALERT_OBLIGATION, f.contract,
                                "Срок отработки выполнен: отметьте исполнение обязательства" if days_left <= 0
                                else f"Срок отработки истекает (отработано {f.years} из {f.contract.work_years} лет)",
                                "danger" if days_left <= 0 else "warning"))
    alerts.sort(key=lambda a: (a.due, a.contract.sort_name))
    return alerts
