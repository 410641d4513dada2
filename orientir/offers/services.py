"""Every write of the offers: campaign, offers and their approval, placement, applications and their matching,
the contract draft from an admitted applicant. Each write is audited."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from orientir.core import audit
from orientir.core.errors import DomainError, StaleObjectError
from orientir.core.text import normalize_search
from orientir.directory.models import Position

from .models import LEVEL_FAMILY, Application, ApplicationStatusChange, CampaignTarget, Offer, OfferCampaign

OFFER_FIELDS = ("customer", "target", "education_organisation", "specialty", "level", "study_form", "is_quota",
                "contracts_count", "support_measures", "monthly_payment", "work_place", "work_position", "work_years", "requirements",
                "contact")


# --- Campaign ------------------------------------------------------------------------------------------------

def targets_from_snapshot(snapshot) -> list[dict]:
    """The frozen need summed over study lengths per (sector, position, level), with the position's specialty
    group: what the offers are planned against."""
    need: dict[tuple, int] = {}
    for row in snapshot.contract_rows:
        value = row.get("contracts_needed") or 0
        if value > 0:
            key = (row["sector"], row["position"], row["level"])
            need[key] = need.get(key, 0) + int(value)
    positions = {p.name: p for p in Position.objects.prefetch_related("specialty_groups")}
    # A position may name several groups (a maths teacher: 01 and 44); the target takes the one its sector's
    # positions share most (44 for teachers), the group offers of that sector are drawn up in.
    shared: dict[tuple, int] = {}
    for p in positions.values():
        for g in p.specialty_groups.all():
            shared[(p.sector, g.pk)] = shared.get((p.sector, g.pk), 0) + 1
    rows = []
    for (sector, position, level), value in sorted(need.items()):
        groups = list(positions[position].specialty_groups.all()) if position in positions else []
        group = max(groups, key=lambda g: (shared.get((sector, g.pk), 0), g.code == min(x.code for x in groups)),
                    default=None)
        rows.append({"sector": sector, "position": position, "level": level, "contracts_needed": value,
                     "specialty_group": group})
    return rows


@transaction.atomic
def campaign_create(*, actor, municipality, year: int, snapshot, placement_deadline: datetime.date,
                    note: str = "") -> OfferCampaign:
    """A campaign for the year, its targets copied from the frozen forecast (later forecasts do not move them)."""
    if OfferCampaign.objects.filter(municipality=municipality, year=year).exists():
        raise DomainError(f"Кампания на {year} год уже открыта.", field="year")
    if snapshot is not None and snapshot.municipality_id != municipality.pk:
        raise DomainError("Прогноз другого муниципального образования.", field="snapshot")
    campaign = OfferCampaign.objects.create(municipality=municipality, year=year, snapshot=snapshot,
                                            placement_deadline=placement_deadline, note=note.strip())
    if snapshot is not None:
        CampaignTarget.objects.bulk_create(CampaignTarget(campaign=campaign, **row)
                                           for row in targets_from_snapshot(snapshot))
    audit.record(actor=actor, action="offers.campaign.created", instance=campaign,
                 changes={"year": [None, year], "snapshot": [None, str(snapshot) if snapshot else ""],
                          "placement_deadline": [None, placement_deadline.isoformat()]})
    return campaign


# --- Offers --------------------------------------------------------------------------------------------------

def _guess_target(offer: Offer) -> CampaignTarget | None:
    """The target of the offer's specialty group and level family in the customer's sector: the one of the offer's
    position when it names one, else the only one."""
    found = [t for t in offer.campaign.targets.all()
             if t.specialty_group_id == offer.specialty.group_id and t.level == LEVEL_FAMILY.get(offer.level)
             and t.sector == offer.customer.sector]
    named = [t for t in found if normalize_search(t.position) == normalize_search(offer.work_position)]
    if len(named) == 1:
        return named[0]
    return found[0] if len(found) == 1 else None


def _check_offer(offer: Offer) -> None:
    if not offer.customer.is_customer:
        raise DomainError("Организация не внесена в реестр заказчиков целевого обучения (п. 1.3).", field="customer")
    if offer.customer.municipality_id != offer.campaign.municipality_id:
        raise DomainError("Заказчик другого муниципального образования.", field="customer")
    if offer.specialty.level != offer.level:
        raise DomainError("Уровень образования не совпадает с уровнем специальности по классификатору.", field="level")
    if offer.target_id and offer.target.campaign_id != offer.campaign_id:
        raise DomainError("Потребность другой кампании.", field="target")
    if offer.target_id and offer.target.level != LEVEL_FAMILY.get(offer.level):
        raise DomainError("Уровень образования не соответствует выбранной потребности.", field="target")


@transaction.atomic
def offer_create(*, actor, campaign: OfferCampaign, data: dict) -> Offer:
    """A draft offer; it is numbered within the campaign and, unless chosen, counted against the only fitting need."""
    campaign = OfferCampaign.objects.select_for_update().get(pk=campaign.pk)
    offer = Offer(campaign=campaign, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    if not offer.level and offer.specialty_id:
        offer.level = offer.specialty.level
    if offer.target_id is None and offer.specialty_id and offer.customer_id:
        offer.target = _guess_target(offer)
    _check_offer(offer)
    last = campaign.offers.aggregate(n=Max("number"))["n"]
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    offer.number = f"{campaign.year}-{seq:03d}"
    offer.full_clean()
    offer.save()
    audit.record(actor=actor, action="offers.offer.created", instance=offer,
                 changes={k: v for k, v in audit.diff({}, audit.snapshot(offer)).items() if v[1] not in (None, "")})
    return offer


def _locked(offer: Offer, expected_version: int | None = None) -> Offer:
    current = Offer.objects.select_for_update().select_related("campaign", "customer", "specialty").get(pk=offer.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError()
    return current


@transaction.atomic
def offer_update(*, actor, offer: Offer, data: dict, expected_version: int) -> Offer:
    current = _locked(offer, expected_version)
    if not current.editable:
        raise DomainError("Согласованное или направленное на согласование предложение не изменяется.")
    before = audit.snapshot(current)
    for name in OFFER_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    if not current.level:
        current.level = current.specialty.level
    _check_offer(current)
    current.full_clean()
    current.version += 1
    current.save()
    audit.record(actor=actor, action="offers.offer.updated", instance=current,
                 changes=audit.diff(before, audit.snapshot(current)))
    return current


def _move(actor, offer: Offer, allowed: tuple, target: str, action: str, **extra) -> Offer:
    current = _locked(offer)
    if current.status not in allowed:
        raise DomainError(f"Предложение в состоянии «{current.get_status_display()}»: действие недоступно.")
    changes = {"status": [current.get_status_display(), S(target).label]}
    for key, value in extra.items():
        if getattr(current, key) != value:
            changes[key] = [str(getattr(current, key) or ""), str(value or "")]
        setattr(current, key, value)
    current.status = target
    current.version += 1
    current.save()
    audit.record(actor=actor, action=f"offers.offer.{action}", instance=current, changes=changes)
    return current


S = Offer.Status


@transaction.atomic
def offer_submit(*, actor, offer: Offer) -> Offer:
    """The customer sends the offer to the committee."""
    return _move(actor, offer, (S.DRAFT, S.RETURNED), S.SUBMITTED, "submitted", return_reason="")


@transaction.atomic
def offer_approve(*, actor, offer: Offer) -> Offer:
    return _move(actor, offer, (S.DRAFT, S.SUBMITTED), S.APPROVED, "approved", return_reason="")


@transaction.atomic
def offer_return(*, actor, offer: Offer, reason: str) -> Offer:
    if not reason.strip():
        raise DomainError("Укажите, что исправить.", field="reason")
    return _move(actor, offer, (S.SUBMITTED, S.APPROVED), S.RETURNED, "returned", return_reason=reason.strip()[:500])


@transaction.atomic
def offer_place(*, actor, offer: Offer, platform_number: str, placed_on: datetime.date) -> Offer:
    """Record the number the platform gave the approved offer and the day it was placed."""
    if not platform_number.strip():
        raise DomainError("Укажите номер предложения на «Работа в России».", field="platform_number")
    allowed = (S.APPROVED, S.PLACED)
    return _move(actor, offer, allowed, S.PLACED, "placed", platform_number=platform_number.strip()[:60],
                 placed_on=placed_on)


# --- Applications and matching -------------------------------------------------------------------------------

def _key(value: str) -> str:
    return normalize_search(value or "").replace(" ", "")


def match_pupil(*, municipality_id: int, last_name: str, first_name: str, middle_name: str,
                birth_date: datetime.date, year: int):
    """(pupil, match): a pupil of the targeted database of the campaign's school year before admission with the same
    name and birth date is found; the same birth date and surname with another first name or patronymic, or the
    same full name without a birth date on file, is only a candidate the committee confirms."""
    from orientir.pupils.models import Pupil

    entries = Pupil.objects.filter(organisation__municipality_id=municipality_id,
                                   targeted_entries__start_year__in=(year - 1, year - 2)).distinct()
    exact, uncertain = [], []
    for pupil in entries.filter(search_text__contains=normalize_search(last_name)):
        same_name = (_key(pupil.last_name), _key(pupil.first_name), _key(pupil.middle_name)) == \
            (_key(last_name), _key(first_name), _key(middle_name))
        if same_name and pupil.birth_date == birth_date:
            exact.append(pupil)
        elif (same_name and pupil.birth_date is None) or (
                _key(pupil.last_name) == _key(last_name) and pupil.birth_date == birth_date):
            uncertain.append(pupil)
    if len(exact) == 1:
        return exact[0], Application.Match.FOUND
    if exact or uncertain:
        return (exact or uncertain)[0], Application.Match.UNCERTAIN
    return None, Application.Match.NONE


APPLICATION_FIELDS = ("last_name", "first_name", "middle_name", "birth_date", "applied_on", "status",
                      "platform_number")


@transaction.atomic
def application_save(*, actor, offer: Offer, data: dict, application: Application | None = None,
                     on: datetime.date | None = None) -> Application:
    """Enter or update an application; the applicant is looked up in the targeted database when first entered or
    when the name or birth date changes (a confirmed or rejected match is kept). A change of status goes to the
    application's status history dated `on`, the day it took effect (today unless told)."""
    if not offer.approved:
        raise DomainError("Заявки принимаются только на согласованные предложения.", field="offer")
    created = application is None
    app = application or Application(offer=offer)
    # what is stored, not the instance: a bound form has already put the new values on it
    stored = None if created else Application.objects.get(pk=app.pk)
    before = {} if created else audit.snapshot(stored)
    identity = (None,) * 4 if created else (stored.last_name, stored.first_name, stored.middle_name, stored.birth_date)
    app.offer = offer
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(app, name, data[name] if data[name] is not None else "")
    for name in ("last_name", "first_name", "middle_name"):
        setattr(app, name, " ".join(getattr(app, name).split()))
    if app.applied_on and app.birth_date and app.applied_on <= app.birth_date:
        raise DomainError("Дата подачи раньше даты рождения.", field="applied_on")
    changed = identity != (app.last_name, app.first_name, app.middle_name, app.birth_date)
    if created or changed or app.match not in (Application.Match.CONFIRMED, Application.Match.REJECTED):
        app.pupil, app.match = match_pupil(
            municipality_id=offer.campaign.municipality_id, last_name=app.last_name, first_name=app.first_name,
            middle_name=app.middle_name, birth_date=app.birth_date, year=offer.campaign.year)
    duplicate = Application.objects.filter(offer=offer, last_name__iexact=app.last_name,
                                           first_name__iexact=app.first_name, middle_name__iexact=app.middle_name,
                                           birth_date=app.birth_date).exclude(pk=app.pk).exists()
    if duplicate:
        raise DomainError("Заявка этого поступающего на это предложение уже внесена.", field="last_name")
    app.full_clean(exclude=["pupil"])
    status_before = None if created else stored.status
    app.save()
    if app.status != status_before:
        _status_changed(actor, app, status_before, created, on or timezone.localdate())
    audit.record(actor=actor, action="offers.application.created" if created else "offers.application.updated",
                 instance=app, changes=audit.diff(before, audit.snapshot(app)))
    if not created and app.status != status_before:
        _admission_of_contract(actor, app, on or timezone.localdate())
    return app


def _status_changed(actor, app: Application, previous: str | None, created: bool, day: datetime.date) -> None:
    """The application's status history: the new status dated the day it took effect (a new application «подана»,
    its submission day if earlier), with who entered it and the status before; 2.10 reads a past week's status
    from it. In the same transaction as the application's own write and its audit entry."""
    on = min(app.applied_on, day) if created and app.status == Application.Status.SUBMITTED else day
    ApplicationStatusChange.objects.create(application=app, on=on, status=app.status, previous_status=previous or "",
                                           changed_by=actor if getattr(actor, "is_authenticated", False) else None)


def _admission_of_contract(actor, app: Application, on: datetime.date) -> None:
    """The weekly admission monitoring (2.10) reads a linked contract's status from its application, so the
    application moves the contract as a status entered there would: «зачислен» to admitted, «не зачислен» to not
    admitted, once, from «заключён» only. A move the contract's history refuses (an admission before the
    universities' orders, say) is not made and the refusal is kept in the application's history: the weekly list
    still loads, and the committee moves the contract on its card with the order's date."""
    from orientir.contracts import services as contract_services
    from orientir.contracts.models import Contract, State

    target = {Application.Status.ENROLLED: State.ADMITTED,
              Application.Status.NOT_ENROLLED: State.NOT_ADMITTED}.get(app.status)
    if target is None:
        return
    for contract in Contract.objects.filter(application=app, kind="graduate", state=State.SIGNED):
        reason = "" if target == State.ADMITTED else "По заявке на предложение: не зачислен"
        try:
            contract_services.transition(actor=actor, contract=contract, to_state=target, on=on,
                                         reason=reason, details={"application": app.pk, "status": app.status})
        except DomainError as exc:
            audit.record(actor=actor, action="offers.application.contract_not_moved", instance=app,
                         changes={"Договор": [None, contract.number], "Причина": [None, exc.message]})


@transaction.atomic
def application_match(*, actor, application: Application, confirm: bool) -> Application:
    """The committee confirms the candidate pupil, or says it is not them (the pupil link is then dropped)."""
    if application.pupil_id is None and confirm:
        raise DomainError("Кандидата в целевой базе нет: подтверждать нечего.")
    before = (application.get_match_display(), str(application.pupil or ""))
    if confirm:
        application.match = Application.Match.CONFIRMED
    else:
        application.match, application.pupil = Application.Match.REJECTED, None
    application.save()
    audit.record(actor=actor, action="offers.application.matched", instance=application,
                 changes={"match": [before[0], application.get_match_display()],
                          "pupil": [before[1], str(application.pupil or "")]})
    return application


# --- The contract draft --------------------------------------------------------------------------------------

def contract_data(application: Application) -> dict:
    """The contract's fields from the offer and the person: parties, programme, work place and term, the link."""
    offer = application.offer
    pupil = application.pupil
    data = {
        "customer": offer.customer, "pupil": pupil, "last_name": application.last_name,
        "first_name": application.first_name, "middle_name": application.middle_name,
        "birth_date": application.birth_date, "specialty": offer.specialty, "level": offer.level,
        "study_form": offer.study_form, "education_organisation": offer.education_organisation,
        "is_quota": offer.is_quota, "work_organisation": offer.customer, "work_years": offer.work_years,
        "academic_requirements": offer.requirements, "trudvsem_offer": offer.platform_number or offer.number,
        "trudvsem_application": application.platform_number, "offer": offer, "application": application,
    }
    if pupil is not None:
        data.update({"phone": pupil.phone, "email": pupil.email})
    return data


@transaction.atomic
def contract_from_application(*, actor, application: Application):
    """A draft contract for an admitted applicant, filled from the offer and the person; nothing typed twice."""
    from orientir.contracts import services as contract_services
    from orientir.contracts.models import Contract

    if application.status != Application.Status.ENROLLED:
        raise DomainError("Договор оформляется с зачисленным поступающим.")
    existing = Contract.objects.filter(application=application).first()
    if existing is not None:
        raise DomainError(f"По заявке уже оформлен договор № {existing.number}.")
    offer = application.offer
    municipality = offer.campaign.municipality
    taken = set(Contract.objects.filter(municipality=municipality, number__startswith=f"{offer.number}/")
                .values_list("number", flat=True))
    seq = 1
    while f"{offer.number}/{seq}" in taken:
        seq += 1
    data = {"number": f"{offer.number}/{seq}", **contract_data(application)}
    contract = contract_services.contract_create(actor=actor, municipality=municipality, data=data)
    if offer.monthly_payment:
        contract_services.support_add(actor=actor, contract=contract, data={
            "kind": "stipend", "amount": offer.monthly_payment, "period": "monthly",
            "description": offer.support_measures[:300]})
    audit.record(actor=actor, action="offers.application.contract_drafted", instance=application,
                 changes={"contract": [None, contract.number]})
    return contract
