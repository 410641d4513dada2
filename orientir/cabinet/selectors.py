"""What a person sees in the cabinet: their own records, read from the same registries and the same selectors the
officials' pages use. Every record comes through accounts.access.cabinet_*_for (another family's answers 404)."""

import datetime
from dataclasses import dataclass

from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from orientir.careers.levels import LEVELS, level_for
from orientir.careers.models import EventParticipant, SessionAttendance
from orientir.contracts import services as contract_services
from orientir.contracts.models import State
from orientir.pupils import services as pupil_services
from orientir.pupils.models import ProfessionalPlan, RouteSheetItem, TutorAssignment
from orientir.pupils.selectors_routes import school_year, year_label
from orientir.students import selectors as student_selectors

from .models import Account, Invitation
from .services import may_consent


def account_of(user) -> Account:
    return Account.objects.get(user=user)


def home(user) -> dict:
    from orientir.accounts import access

    pupils = list(access.cabinet_pupils_for(user).select_related("organisation").order_by("last_name", "id"))
    active = set(pupil_services.Consent.objects.filter(pupil__in=pupils, withdrawn_on__isnull=True)
                 .values_list("pupil_id", flat=True)) if pupils else set()
    for pupil in pupils:
        pupil.consent_active = pupil.pk in active
    contracts = list(access.cabinet_contracts_for(user).select_related("specialty").order_by("-signed_on", "id"))
    return {"pupils": pupils, "contracts": contracts}


@dataclass
class SheetRow:
    item: RouteSheetItem
    done: bool
    overdue: bool


def pupil_page(pupil, today: datetime.date) -> dict:
    """Route sheet (done and due), hours and level of the school year, events, tutor, professional plan."""
    year = school_year(today)
    items = list(RouteSheetItem.objects.filter(sheet__entry__pupil=pupil).select_related("sheet__entry__specialty")
                 .order_by("planned_on", "id"))
    rows = [SheetRow(item, item.done_on is not None, item.done_on is None and item.planned_on < today)
            for item in items]
    events = list(EventParticipant.objects.filter(pupil=pupil).select_related("event")
                  .order_by("-event__held_on", "-id")[:30])
    tutors = list(TutorAssignment.objects.filter(pupil=pupil).select_related("tutor").order_by("-start_year", "-id"))
    plan = ProfessionalPlan.objects.filter(pupil=pupil).select_related("target_specialty").order_by(
        "-start_year", "-id").first()
    journey = hours_journey(pupil, year)
    return {"rows": rows, "done": sum(r.done for r in rows), "total": len(rows),
            "overdue": sum(r.overdue for r in rows), "hours": journey[0], "journey": journey,
            "year_label": year_label(year), "events": events, "tutor": tutors[0] if tutors else None, "plan": plan,
            "consent": pupil.consents.filter(withdrawn_on__isnull=True).first(),
            "open_questions": pupil.cabinet_questions.filter(answered_at__isnull=True).count()}


ZERO = Decimal(0)


def _hours(path: str):
    return Coalesce(Sum(path), Value(ZERO), output_field=DecimalField(max_digits=8, decimal_places=1))


def hours_journey(pupil, year: int) -> list[dict]:
    """The pupil's career-guidance hours school year by school year, newest first, each with the level it reached
    and, for the current year, what the next level needs (careers.levels); the current year is always the first
    row, a past year only when it has hours. Two queries, whatever the number of years."""
    by_year: dict[int, dict] = {year: {"programmes": ZERO, "events": ZERO}}
    sessions = (SessionAttendance.objects.filter(participant__pupil=pupil).order_by()
                .values_list("session__run__start_year").annotate(h=_hours("session__hours")))
    events = (EventParticipant.objects.filter(pupil=pupil, attended=True).order_by()
              .values_list("event__start_year").annotate(h=_hours("event__hours")))
    for source, rows in (("programmes", sessions), ("events", events)):
        for start_year, hours in rows:
            if start_year <= year:  # a run planned for next year has no hours this year
                by_year.setdefault(start_year, {"programmes": ZERO, "events": ZERO})[source] += hours
    journey = []
    for start_year in sorted(by_year, reverse=True):
        row = by_year[start_year]
        total = row["programmes"] + row["events"]
        code, label = level_for(total)
        above = [(minimum, name) for minimum, _, name in LEVELS if minimum > total]
        nxt = min(above) if above else None
        journey.append({"year": start_year, "year_label": year_label(start_year), **row, "total": total,
                        "level": code, "level_label": label, "current": start_year == year,
                        "next_label": nxt[1] if nxt else "", "next_needs": (nxt[0] - total) if nxt else ZERO,
                        "percent": min(int(total * 100 / LEVELS[0][0]), 100)})
    return journey


def consent_page(user, pupil, today: datetime.date) -> dict:
    account = account_of(user)
    return {"consents": list(pupil.consents.all()), "active": pupil_services.has_active_consent(pupil),
            "may_consent": may_consent(account, pupil, today), "account": account,
            "scope_text": pupil_services.Consent._meta.get_field("scope").default}


def obligations(contract) -> dict:
    """The contract's obligations of both sides in plain words, from its own terms."""
    customer = contract.customer_name
    citizen = [f"освоить программу по специальности «{contract.specialty}» "
               f"({contract.get_level_display()}, форма обучения — {contract.get_study_form_display().lower()})"
               + (f" в организации «{contract.education_organisation}»" if contract.education_organisation else "")]
    if contract.academic_requirements:
        citizen.append(f"учиться с успеваемостью: {contract.academic_requirements}")
    citizen.append("каждый семестр подтверждать, что обучение продолжается (справка об обучении)")
    work = "заключить трудовой договор"
    if contract.work_organisation_id:
        work += f" с «{contract.work_organisation.short_name}»"
    if contract.work_start_deadline:
        work += f" не позднее {contract.work_start_deadline:%d.%m.%Y}"
    citizen.append(work)
    citizen.append(f"отработать не менее {contract.work_years} лет; дни приостановления договора в этот срок не входят")
    citizen.append("при неисполнении — вернуть полученные меры поддержки и уплатить штраф (ст. 56 Закона "
                   "об образовании)")
    side = [f"{m.get_kind_display()}: {m.amount:,.2f} ₽ ({m.get_period_display().lower()})".replace(",", " ")
            + (f" — {m.description}" if m.description else "") for m in contract.support_measures.all()]
    if contract.practice_obligations:
        side.append(f"организовать практику: {contract.practice_obligations}")
    side.append("трудоустроить по окончании обучения в срок, указанный в договоре")
    return {"customer": customer, "citizen": citizen, "customer_side": side}


def contract_page(contract, today: datetime.date) -> dict:
    """Obligations, support planned and paid, study records, deadlines and the work clock."""
    rows = student_selectors.ledger(contract, today)
    facts = student_selectors.contract_facts(contract, today)
    days = student_selectors.days_worked(
        [e for e in contract.employments.all()], list(contract.events.all()), today)
    needed = int(contract.work_years * student_selectors.DAYS_PER_YEAR)
    clock = {"started": contract.work_started_on, "days_worked": days, "days_suspended": contract.suspended_days,
             "days_needed": needed, "days_left": max(needed - days, 0), "years": facts.years,
             "end": contract_services.obligation_end(contract), "current": facts.current,
             "percent": min(int(days * 100 / needed), 100) if needed else 0}
    studies = list(contract.study_records.order_by("-academic_year", "-semester", "-id")[:10])
    return {"obligations": obligations(contract), "ledger": rows, "totals": student_selectors.ledger_totals(rows),
            "clock": clock, "studies": studies, "at_work": contract.state in (State.EMPLOYED, State.FULFILLED),
            "placements": list(contract.placements.select_related("organisation").order_by("-starts_on", "-id")[:10])}


def invitations_of(record) -> list[Invitation]:
    """The latest invitations of a pupil or a contract, for the card's panel."""
    field = "pupil" if record._meta.model_name == "pupil" else "contract"
    return list(Invitation.objects.filter(**{field: record}).select_related("issued_by")[:5])
