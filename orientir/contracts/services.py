"""Writes to contracts. `transition` is the only code that changes a contract's state."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from orientir.core import audit
from orientir.core.errors import DomainError, StaleObjectError

from . import lifecycle, plausibility
from . import liability as liability_calc
from .models import (Contract, ContractEvent, Kind, Liability, LiabilityRule, RepresentativeConsent, State,
                     SupplementaryAgreement, SupportMeasure)

# The rules of law and the registries of guards and after-move hooks live in services_rules; the names are kept
# here because other apps and the tests reach them as services.X.
from .services_rules import (AFTER_MOVE, GUARDS, PP555_FROM, REGIME_PERIODS, SUSPENSION_NOTICE_DAYS,  # noqa: F401
                             add_working_days, after_move, age_on, consent_in_force, guard_obligation_served,
                             guard_regime, guard_release_documents, guard_representative_consent,
                             guard_student_course, guard_suspension, guard_suspension_documents, is_minor_on,
                             obligation_end, regime_on, regime_refusal, register_guard)


@transaction.atomic
def transition(*, actor, contract: Contract, to_state: str, on: datetime.date, reason: str = "",
               details: dict | None = None, expected_version: int | None = None, exception: bool = False,
               exception_reason: str = "") -> Contract:
    """Move the contract to `to_state` on date `on`, with a history entry and an audit record.

    A date the history makes implausible (plausibility.py) is refused, unless a committee specialist records a
    justified exception (`exception` with `exception_reason`): the move is made and the reason kept in the event
    and the audit entry."""
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError()
    why_not = lifecycle.refusal(current, to_state)
    if why_not:
        raise DomainError(why_not, field="state")
    reason = (reason or "").strip()
    if to_state in lifecycle.NEEDS_REASON and not reason:
        raise DomainError(f"Для перехода в состояние «{State(to_state).label}» укажите основание.", field="reason")
    if on is None:
        raise DomainError("Укажите дату.", field="on")
    # The history is read in date order (suspensions, years worked, the funnel): no future, no going back.
    if on > timezone.localdate():
        raise DomainError("Дата не может быть позже сегодняшней: состояние записывают, когда событие произошло.",
                          field="on")
    last = current.events.order_by("-on", "-id").values_list("on", flat=True).first()
    if last and on < last:
        raise DomainError(f"Дата раньше предыдущего события договора ({last:%d.%m.%Y}).", field="on")
    for guard in GUARDS.get(to_state, []):
        guard(current, on, details or {})
    overridden = _plausibility_exception(actor, current, to_state, on, exception, exception_reason)
    if overridden:
        details = {**(details or {}), "exception": overridden[0], "exception_rule": overridden[1]}
    from_state = current.state
    fields = {"state": to_state, "version": F("version") + 1}
    if to_state == State.SUSPENDED:
        fields["state_before_suspension"] = from_state
    elif from_state == State.SUSPENDED:
        fields["state_before_suspension"] = ""
        # The clock stood still from the start of the suspension to the day it ended.
        started = current.events.filter(to_state=State.SUSPENDED).order_by("-on", "-id").first()
        if started is not None and on > started.on:
            fields["suspended_days"] = F("suspended_days") + (on - started.on).days
    if to_state == State.SIGNED and not current.signed_on:
        fields["signed_on"] = on
    if to_state == State.EMPLOYED and not current.work_started_on:
        fields["work_started_on"] = on
    Contract.objects.filter(pk=current.pk).update(**fields)
    event = ContractEvent.objects.create(contract=current, from_state=from_state, to_state=to_state, on=on,
                                         reason=reason[:500], details=_plain_details(details), actor=actor)
    owed = None
    if to_state == State.BREACHED or (to_state == State.TERMINATED and (details or {}).get("liability")):
        owed = _record_liability(current, event, on)
    moved = Contract.objects.get(pk=current.pk)
    for hook in AFTER_MOVE.get(to_state, []):
        hook(moved, event)
    audit.record(actor=actor, action="contracts.contract.transition", instance=current,
                 changes={"Состояние": [State(from_state).label, State(to_state).label],
                          "Дата": [None, on.strftime("%d.%m.%Y")], **({"Основание": [None, reason]} if reason else {}),
                          **({"Ответственность": [None, str(owed)]} if owed else {}),
                          **({"Исключение": [None, overridden[0]], "Не выполнено условие": [None, overridden[1]]}
                             if overridden else {})})
    current.refresh_from_db()
    return current


def _plausibility_exception(actor, contract: Contract, to_state: str, on: datetime.date, exception: bool,
                            exception_reason: str) -> tuple[str, str] | None:
    """Refuse an implausible move, or return (reason, broken rule) of the committee specialist's exception."""
    from orientir.accounts import access

    broken = plausibility.refusal(contract, to_state, on)
    if not exception:
        if broken:
            raise broken
        return None
    if not access.has_perm(actor, plausibility.EXCEPTION_PERMISSION):
        raise DomainError("Исключение из проверки дат записывает только специалист ОЮКО Комитета.", field="exception")
    why = (exception_reason or "").strip()
    if not why:
        raise DomainError("Укажите причину исключения: какой документ подтверждает эту дату.",
                          field="exception_reason")
    if broken is None:
        return None  # the dates are plausible: nothing is excepted
    return why[:500], broken.message


def _plain_details(details: dict | None) -> dict:
    """Dates as dd.mm.yyyy strings: the history is JSON and is read by people."""
    out = {}
    for key, value in (details or {}).items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, bool, type(None), list, dict)):
            value = str(value)
        out[key] = value
    return out


def _record_liability(contract: Contract, event: ContractEvent, on: datetime.date) -> Liability:
    rule = LiabilityRule.objects.filter(regime=contract.regime).first()
    repay, fine = liability_calc.compute(contract, rule)
    return Liability.objects.create(contract=contract, event=event, support_to_repay=repay, fine=fine,
                                    rule_text=rule.rule_text if rule else "Правило для правового режима не задано: "
                                                                          "штраф не начислен.",
                                    act_reference=rule.act_reference if rule else "", computed_on=on)


# --- Writes of the contract's parties and terms -----------------------------------------------------------------

# Terms fixed once the contract is signed: later they change only by a supplementary agreement.
TERM_FIELDS = ["kind", "regime", "customer", "employer", "specialty", "level", "study_form", "education_organisation",
               "profile", "is_quota", "budget_source", "course_at_signing", "academic_requirements",
               "practice_obligations", "work_organisation", "work_position", "work_start_deadline", "work_years",
               "education_is_party", "employer_is_party", "signed_on", "number"]
# Terms a supplementary agreement may change.
AGREEMENT_FIELDS = ["education_organisation", "profile", "study_form", "specialty", "level", "work_organisation",
                    "work_position", "work_start_deadline", "work_years", "academic_requirements",
                    "practice_obligations"]


def _check_contract(contract: Contract) -> None:
    if contract.work_years is None or not 3 <= contract.work_years <= 5:
        raise DomainError("Срок отработки — от 3 до 5 лет.", field="work_years")
    why = regime_refusal(contract.regime, contract.signed_on)
    if why:
        raise DomainError(why, field="regime")
    if contract.kind == Kind.STUDENT:
        if not contract.course_at_signing or not 2 <= contract.course_at_signing <= 6:
            raise DomainError("Договор со студентом заключается со 2-го курса: укажите курс (2–6).",
                              field="course_at_signing")
    elif contract.course_at_signing:
        raise DomainError("Курс указывается только в договоре со студентом.", field="course_at_signing")
    if contract.customer_id and not contract.customer.is_customer:
        raise DomainError("Организация не внесена в реестр заказчиков целевого обучения.", field="customer")
    if contract.signed_on and contract.signed_on > datetime.date.today():
        raise DomainError("Дата заключения не может быть в будущем.", field="signed_on")
    if contract.specialty_id and contract.level and contract.specialty.level != contract.level:
        raise DomainError("Уровень образования не совпадает с уровнем специальности по классификатору.",
                          field="level")
    if Contract.objects.filter(municipality_id=contract.municipality_id, number=contract.number).exclude(
            pk=contract.pk).exists():
        raise DomainError(f"Договор № {contract.number} уже есть в реестре.", field="number")


@transaction.atomic
def contract_create(*, actor, municipality, data: dict) -> Contract:
    """A new contract in the «Проект» state; it is concluded by the lifecycle action «Заключён»."""
    contract = Contract(municipality=municipality)
    for name, value in data.items():
        setattr(contract, name, value)
    _check_contract(contract)
    contract.full_clean(exclude=["pupil"])
    contract.save()
    audit.record(actor=actor, action="contracts.contract.created", instance=contract,
                 changes={k: v for k, v in audit.diff({}, audit.snapshot(contract)).items() if v[1] not in (None, "")})
    return contract


@transaction.atomic
def contract_update(*, actor, contract: Contract, data: dict, expected_version: int) -> Contract:
    """Change parties' details; terms only while the contract is a draft (afterwards — by an agreement)."""
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    locked = [f for f in TERM_FIELDS if f in data] if current.state != State.DRAFT else []
    for name in locked:
        if data[name] != getattr(current, name):
            raise DomainError("Условия заключённого договора меняются дополнительным соглашением.", field=name)
    before = audit.snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    _check_contract(current)
    current.full_clean(exclude=["pupil"])
    current.version += 1
    current.save()
    audit.record(actor=actor, action="contracts.contract.updated", instance=current,
                 changes=audit.diff(before, audit.snapshot(current)))
    return current


@transaction.atomic
def consent_record(*, actor, contract: Contract, data: dict) -> RepresentativeConsent:
    """Record the legal representative's written consent to conclude the contract."""
    if data.get("given_on") and data["given_on"] > datetime.date.today():
        raise DomainError("Дата согласия не может быть в будущем.", field="given_on")
    if contract.state in lifecycle.FINAL:
        raise DomainError("Договор завершён: согласие вносить не нужно.")
    consent = RepresentativeConsent(contract=contract, recorded_by=actor, **data)
    consent.full_clean(exclude=["contract", "recorded_by"])
    consent.save()
    audit.record(actor=actor, action="contracts.contract.consent_recorded", instance=contract,
                 changes={"Согласие законного представителя": [None, str(consent)]})
    return consent


def position_misfit(contract: Contract) -> str:
    """A warning when the contract's specialty does not lead to its workplace position (a preschool teacher's
    specialty for a foreign-language teacher's post): the position's catalogue names the specialty groups it is
    filled from. Empty when they fit, or when either is not given or the position names no groups."""
    if not contract.work_position_id or not contract.specialty_id:
        return ""
    from orientir.directory.reference import SPECIALTY_POSTS

    posts = SPECIALTY_POSTS.get(contract.specialty.code)
    if posts and contract.work_position.name not in posts:
        return (f"Специальность {contract.specialty.code} «{contract.specialty.name}» готовит к должностям "
                f"{', '.join(f'«{p}»' for p in posts)}, а не к должности «{contract.work_position.name}». "
                "Проверьте специальность или должность.")
    groups = set(contract.work_position.specialty_groups.values_list("pk", flat=True))
    if not groups or contract.specialty.group_id in groups:
        return ""
    names = ", ".join(contract.work_position.specialty_groups.order_by("code").values_list("code", flat=True))
    return (f"Специальность {contract.specialty.code} «{contract.specialty.name}» не ведёт к должности "
            f"«{contract.work_position.name}»: по каталогу должностей на неё принимают выпускников групп {names}. "
            "Проверьте специальность или должность.")


@transaction.atomic
def consent_annul(*, actor, consent: RepresentativeConsent, reason: str) -> RepresentativeConsent:
    """Annul a consent entered by mistake, with the reason: it stays on the card, struck out, and counts no more.
    The consent a concluded contract was signed on cannot be annulled unless another one stood that day."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Укажите причину аннулирования: например, «ошибка в дате» или «внесено не тому договору».",
                          field="reason")
    current = RepresentativeConsent.objects.select_for_update().get(pk=consent.pk)
    if current.annulled_on is not None:
        raise DomainError(f"Согласие уже аннулировано {current.annulled_on:%d.%m.%Y}.")
    contract = current.contract
    if contract.signed_on is not None and consent_in_force(contract, contract.signed_on) == current \
            and is_minor_on(contract, contract.signed_on):
        others = contract.representative_consents.filter(annulled_on__isnull=True, given_on__lte=contract.signed_on) \
            .exclude(pk=current.pk)
        if not others.exists():
            raise DomainError(f"Договор заключён {contract.signed_on:%d.%m.%Y} на основании этого согласия: "
                              "аннулировать его нельзя. Если согласие внесено с ошибкой, внесите верное (датой не позже "
                              "заключения договора) и затем аннулируйте ошибочное.")
    current.annulled_on = timezone.localdate()
    current.annulment_reason = reason[:300]
    current.annulled_by = actor if getattr(actor, "is_authenticated", False) else None
    current.save(update_fields=["annulled_on", "annulment_reason", "annulled_by"])
    audit.record(actor=actor, action="contracts.contract.consent_annulled", instance=contract,
                 changes={"Согласие законного представителя": [str(current), f"аннулировано: {current.annulment_reason}"]})
    return current


@transaction.atomic
def support_add(*, actor, contract: Contract, data: dict) -> SupportMeasure:
    if contract.state != State.DRAFT:
        raise DomainError("Меры поддержки заключённого договора меняются дополнительным соглашением.", field="kind")
    measure = SupportMeasure(contract=contract, **data)
    measure.full_clean(exclude=["contract"])
    measure.save()
    audit.record(actor=actor, action="contracts.contract.support_added", instance=contract,
                 changes={"Мера поддержки": [None, str(measure)]})
    return measure


@transaction.atomic
def support_remove(*, actor, measure: SupportMeasure) -> None:
    contract = measure.contract
    if contract.state != State.DRAFT:
        raise DomainError("Меры поддержки заключённого договора меняются дополнительным соглашением.")
    text = str(measure)
    measure.delete()
    audit.record(actor=actor, action="contracts.contract.support_removed", instance=contract,
                 changes={"Мера поддержки": [text, None]})


@transaction.atomic
def agreement_add(*, actor, contract: Contract, number: str, signed_on: datetime.date, summary: str,
                  changes: dict | None = None, support: dict | None = None) -> SupplementaryAgreement:
    """A supplementary agreement; `changes` (field → new value) are applied to the terms, with a diff kept."""
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if current.state == State.DRAFT:
        raise DomainError("Проект договора изменяется без дополнительного соглашения: откройте «Изменить».")
    if current.state in lifecycle.FINAL:
        raise DomainError("Договор завершён: дополнительное соглашение к нему не заключается.")
    if current.signed_on and signed_on < current.signed_on:
        raise DomainError("Соглашение не может быть раньше заключения договора.", field="signed_on")
    if signed_on > datetime.date.today():
        raise DomainError("Дата соглашения не может быть в будущем.", field="signed_on")
    if current.agreements.filter(number=number).exists():
        raise DomainError(f"Соглашение № {number} к этому договору уже внесено.", field="number")
    before = audit.snapshot(current)
    for name, value in (changes or {}).items():
        if name not in AGREEMENT_FIELDS:
            raise DomainError("Это условие дополнительным соглашением не меняется.", field=name)
        setattr(current, name, value)
    diff = audit.diff(before, audit.snapshot(current))
    if diff:
        _check_contract(current)
        current.full_clean(exclude=["pupil"])
        current.version += 1
        current.save()
    labelled = {audit.field_label(Contract, k): v for k, v in diff.items()}
    if support:
        measure = SupportMeasure(contract=current, **support)
        measure.full_clean(exclude=["contract"])
        measure.save()
        labelled["Мера поддержки"] = [None, str(measure)]
    agreement = SupplementaryAgreement.objects.create(contract=current, number=number, signed_on=signed_on,
                                                      summary=summary.strip(), applied_changes=labelled, actor=actor)
    ContractEvent.objects.create(contract=current, on=signed_on, reason=f"{agreement}: {summary.strip()}"[:500],
                                 details={"agreement": agreement.pk, "changes": labelled}, actor=actor)
    audit.record(actor=actor, action="contracts.contract.agreement_added", instance=current,
                 changes={"Дополнительное соглашение": [None, str(agreement)], **labelled})
    return agreement


@transaction.atomic
def liability_rule_update(*, actor, rule: LiabilityRule, data: dict) -> LiabilityRule:
    before = audit.snapshot(rule)
    for name, value in data.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    audit.record(actor=actor, action="contracts.liability_rule.updated", instance=rule,
                 changes=audit.diff(before, audit.snapshot(rule)))
    return rule


@transaction.atomic
def requisites_save(*, actor, instance, data: dict):
    """Save the details a contract document prints for a party (OrganisationRequisites, EducationRequisites,
    MunicipalContractSettings); they are shared by every contract of that party, so each change is audited."""
    before = audit.snapshot(instance) if instance.pk else {}
    for name, value in data.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    instance.full_clean()
    instance.save()
    audit.record(actor=actor, action="contracts.requisites.updated", instance=instance,
                 changes=audit.diff(before, audit.snapshot(instance)) if before else {str(instance): [None, "внесены"]})
    return instance
