"""Demo target contracts of the city: graduates' (2.9) and students' (2.11) contracts in every state, with support
measures, representatives' consents for minors, a supplementary agreement, suspensions, releases and breaches with
liability records. Generated names, fixed seed; only the first municipality gets contracts at any scale."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from orientir.core.dates import add_years
from orientir.core.demo import DemoContext, demo_builder, person
from orientir.directory.models import Organisation, Position, Specialty

from . import liability, services
from .models import (BudgetSource, Contract, ContractEvent, Kind, Liability, LiabilityRule, RepresentativeConsent,
                     State, StudyForm, SupplementaryAgreement, SupportMeasure)
from .validators import make_snils

SPECIALTIES = {"education": ["44.02.01", "44.02.02", "44.03.01", "44.03.05", "44.02.05", "44.05.01"],
               "culture": ["51.03.03", "53.02.03", "51.02.01", "54.02.01"],
               "sport": ["49.02.01", "49.03.01", "49.03.02"]}
EDU_ORGS = {"spo": ["ОГБПОУ «Костромской областной колледж культуры»", "ОГБПОУ «Костромской педагогический колледж»",
                    "ОГБПОУ «Галичский педагогический колледж»"],
            "higher": ["ФГБОУ ВО «Костромской государственный университет»",
                       "ФГБОУ ВО «Ярославский государственный педагогический университет им. К. Д. Ушинского»"]}
# Final state → how many of them (about 100 in all).
PLAN = {State.DRAFT: 8, State.SIGNED: 8, State.NOT_ADMITTED: 3, State.ADMITTED: 4, State.STUDYING: 38,
        State.SUSPENDED: 3, State.GRADUATED: 6, State.EMPLOYED: 14, State.FULFILLED: 5, State.RELEASED: 3,
        State.TERMINATED: 4, State.BREACHED: 3}
REASONS = {State.NOT_ADMITTED: "Не прошёл по конкурсу на целевое место",
           State.SUSPENDED: "Призыв на военную службу по мобилизации",
           State.RELEASED: "Уход за ребёнком-инвалидом (п. 59 Положения о целевом обучении)",
           State.TERMINATED: "Расторжение по соглашению сторон",
           State.BREACHED: "Отчислен за академическую неуспеваемость"}


def _path(final: str, kind: str) -> list[str]:
    head = [State.SIGNED, State.ADMITTED, State.STUDYING] if kind == Kind.GRADUATE else [State.SIGNED, State.STUDYING]
    full = head + [State.GRADUATED, State.EMPLOYED, State.FULFILLED]
    if final == State.DRAFT:
        return []
    if final == State.NOT_ADMITTED:
        return [State.SIGNED, State.NOT_ADMITTED]
    if final == State.TERMINATED:
        return [State.SIGNED, State.NOT_ADMITTED, State.TERMINATED]
    if final == State.SUSPENDED:
        return full[:full.index(State.GRADUATED) + 1] + [State.SUSPENDED]
    if final in (State.RELEASED, State.BREACHED):
        return head + [final]
    return full[:full.index(final) + 1]


def _dates(path: list[str], signed: datetime.date, years: int, work_years: int) -> list[datetime.date]:
    """A plausible date for each step after signing on `signed`."""
    out, y = [], signed.year
    for state in path:
        if state == State.SIGNED:
            day = signed
        elif state in (State.ADMITTED, State.NOT_ADMITTED):
            day = datetime.date(y, 8, 20)
        elif state == State.STUDYING:
            day = max(datetime.date(y, 9, 1), signed + datetime.timedelta(days=1))
        elif state == State.GRADUATED:
            day = datetime.date(y + years, 6, 30)
        elif state == State.EMPLOYED:
            day = datetime.date(y + years, 8, 20)
        elif state == State.FULFILLED:
            day = datetime.date(y + years + work_years, 8, 21)
        elif state == State.SUSPENDED:
            day = datetime.date(y + years, 7, 14)
        else:  # released, breached, terminated
            day = (out[-1] if out else signed) + datetime.timedelta(days=150)
        out.append(day)
    return out


@demo_builder(60, "Договоры о целевом обучении: выпускники (п. 2.9) и студенты (п. 2.11), все состояния")
def build_contracts(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    city = ctx.made["municipalities"][0]
    if Contract.objects.filter(municipality=city).exists():
        return
    orgs = list(Organisation.objects.filter(municipality=city, status="active").order_by("sort_name"))
    customers = [o for o in orgs if o.is_customer]
    if len(customers) < 8:  # the Committee's own organisations sign contracts too
        extra = [o for o in orgs if not o.is_customer][:8 - len(customers)]
        Organisation.objects.filter(pk__in=[o.pk for o in extra]).update(is_customer=True,
                                                                         customer_since=datetime.date(2023, 1, 1))
        customers += extra
    _give_party_details(city, customers)
    specialties = {s.code: s for s in Specialty.objects.filter(
        code__in=[c for codes in SPECIALTIES.values() for c in codes], valid_to__isnull=True)}
    positions = {sector: list(Position.objects.filter(sector=sector, is_active=True)
                              .prefetch_related("specialty_groups")) for sector in SPECIALTIES}
    rules = {r.regime: r for r in LiabilityRule.objects.all()}
    from orientir.pupils.models import Pupil

    pupils = list(Pupil.objects.filter(organisation__municipality=city, grade=11, consents__withdrawn_on__isnull=True,
                                       birth_date__isnull=False).distinct().order_by("id")[:20])
    committee_user = None
    from orientir.accounts.models import User

    committee_user = User.objects.filter(role="committee", municipality=city).first()
    finals = [s for s, n in PLAN.items() for _ in range(n)]
    rng.shuffle(finals)
    seq = 0
    with transaction.atomic():
        for final in finals:
            seq += 1
            kind = Kind.STUDENT if rng.random() < 0.3 and final not in (State.NOT_ADMITTED, State.TERMINATED, State.ADMITTED) \
                else Kind.GRADUATE
            customer = rng.choice(customers) if rng.random() < 0.8 else None
            sector = customer.sector if customer and customer.sector in SPECIALTIES else "education"
            codes = [c for c in SPECIALTIES[sector] if c in specialties] or list(specialties)
            spec = specialties[rng.choice(codes)]
            spo = spec.level.startswith("spo")
            years = 3 if spo else 4
            work_years = rng.choice([3, 3, 3, 4, 5])
            path = _path(final, kind)
            # The latest signing year that keeps every step in the past; older ones for some variety.
            for back in range(0, 12):
                year = today.year - back - (rng.random() < 0.3 and final in (State.STUDYING, State.EMPLOYED))
                signed = datetime.date(year, 5, rng.randint(12, 31)) if kind == Kind.GRADUATE else \
                    datetime.date(year, rng.randint(1, 10), rng.randint(1, 28))
                dates = _dates(path, signed, years - (1 if kind == Kind.STUDENT else 0), work_years)
                if not dates or (dates[-1] <= today and signed <= today):
                    break
            pupil = None
            if kind == Kind.GRADUATE and final in (State.DRAFT, State.SIGNED) and pupils and rng.random() < 0.7:
                pupil = pupils.pop()
            if pupil:
                last, first, middle, born = pupil.last_name, pupil.first_name, pupil.middle_name, pupil.birth_date
            else:
                last, first, middle = person(rng, female=rng.random() < 0.75)
                age = 17 if kind == Kind.GRADUATE else rng.randint(19, 21)
                born = datetime.date(signed.year - age - (rng.random() < 0.5), rng.randint(1, 12), rng.randint(1, 28))
            signed_on = dates[0] if dates else None
            regime = services.regime_on(signed_on) if signed_on else "pp555"
            work_org = customer or rng.choice([o for o in orgs if o.sector == sector] or orgs)
            contract = Contract(
                municipality=city, number=f"{(signed_on or today).year}/{seq:03d}-ЦО", kind=kind, regime=regime,
                customer=customer, pupil=pupil, last_name=last, first_name=first, middle_name=middle, birth_date=born,
                snils=make_snils(f"{rng.randint(100_000_000, 999_999_999)}"),
                passport_number=f"34 {rng.randint(10, 23)} {rng.randint(100000, 999999)}",
                passport_issued_by="УМВД России по Костромской области",
                passport_issued_on=add_years(born, 14) + datetime.timedelta(days=20),
                address=f"г. Кострома, ул. {rng.choice(['Советская', 'Ленина', 'Мира', 'Шагова', 'Никитская'])}, "
                        f"д. {rng.randint(1, 90)}, кв. {rng.randint(1, 120)}",
                phone=f"+7 (9{rng.randint(10, 99)}) {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                email=f"citizen{seq}@example.ru",
                specialty=spec, level=spec.level, study_form=StudyForm.FULL_TIME,
                education_organisation=rng.choice(EDU_ORGS["spo" if spo else "higher"]),
                is_quota=not spo and rng.random() < 0.8,
                budget_source=BudgetSource.REGIONAL if spo else BudgetSource.FEDERAL,
                course_at_signing=rng.randint(2, 3) if kind == Kind.STUDENT else None,
                academic_requirements="Без академической задолженности по итогам каждой сессии",
                practice_obligations=f"Производственная практика в {work_org.short_name}",
                employer=None, work_organisation=work_org,
                work_position=rng.choice(_fitting(positions.get(sector) or [], spec) or [None]),
                work_start_deadline=datetime.date(signed.year + years - (1 if kind == Kind.STUDENT else 0), 9, 1),
                work_years=work_years,
                trudvsem_offer=f"ЦО-{rng.randint(1_000_000, 9_999_999)}" if not spo and kind == Kind.GRADUATE else "",
                state=path[-1] if path else State.DRAFT, signed_on=signed_on,
            )
            if final == State.SUSPENDED:
                contract.state_before_suspension = State.GRADUATED
            if State.EMPLOYED in path:
                contract.work_started_on = dates[path.index(State.EMPLOYED)]
            contract.save()
            SupportMeasure.objects.create(contract=contract, kind="stipend", period="monthly",
                                          amount=Decimal(rng.choice([3000, 4000, 5000, 6000, 7500])),
                                          description="Доплата к государственной академической стипендии")
            if rng.random() < 0.4:
                SupportMeasure.objects.create(contract=contract, kind=rng.choice(["housing", "travel"]),
                                              amount=Decimal(rng.choice([1500, 2500, 3500])), period="monthly")
            if signed_on and services.is_minor_on(contract, signed_on) or not signed_on and \
                    services.is_minor_on(contract, today):
                rl, rf, rm = person(rng, female=True)
                RepresentativeConsent.objects.create(
                    contract=contract, last_name=last.removesuffix("а") + "а" if not last.endswith("а") else last,
                    first_name=rf, middle_name=rm, relation="mother",
                    document=f"паспорт 34 {rng.randint(0, 20):02d} {rng.randint(100000, 999999)}",
                    given_on=signed_on or today - datetime.timedelta(days=3), recorded_by=committee_user)
            previous = ""
            for state, day in zip(path, dates, strict=False):
                details = {}
                if state == State.SUSPENDED:
                    details = {"ground_started_on": (day - datetime.timedelta(days=5)).isoformat(),
                               "notice_on": (day - datetime.timedelta(days=1)).isoformat(),
                               "documents": f"Повестка военного комиссариата № {rng.randint(100, 999)} от "
                                            f"{day - datetime.timedelta(days=5):%d.%m.%Y}"}
                elif state == State.RELEASED:
                    details = {"documents": "Справка МСЭ, заявление гражданина"}
                elif state in (State.ADMITTED, State.EMPLOYED):
                    details = {"order": f"приказ № {rng.randint(10, 300)}-{'с' if state == State.ADMITTED else 'к'}"}
                event = ContractEvent.objects.create(contract=contract, from_state=previous, to_state=state, on=day,
                                                     reason=REASONS.get(state, ""), details=details,
                                                     actor=committee_user)
                previous = state
                if state == State.BREACHED:
                    rule = rules.get(contract.regime)
                    repay, fine = liability.compute(contract, rule)
                    Liability.objects.create(contract=contract, event=event, support_to_repay=repay, fine=fine,
                                             rule_text=rule.rule_text if rule else "", computed_on=day,
                                             act_reference=rule.act_reference if rule else "")
            if final in (State.STUDYING, State.EMPLOYED) and signed_on and rng.random() < 0.15:
                day = min(today, dates[-1] + datetime.timedelta(days=30))
                SupplementaryAgreement.objects.create(
                    contract=contract, number="1", signed_on=day, actor=committee_user,
                    summary="Изменён размер доплаты к стипендии", applied_changes={})
                ContractEvent.objects.create(contract=contract, on=day, actor=committee_user,
                                             reason="Дополнительное соглашение № 1: изменён размер доплаты к стипендии")
    # the Committee signs its own contracts through its chairman
    Contract.objects.filter(municipality=city, customer__isnull=True, signatory_name="").update(
        signatory_position="Председатель Комитета", signatory_name="Смирнова Ольга Владимировна")
    ctx.stdout(f"    договоров: {Contract.objects.filter(municipality=city).count()}")


def _give_party_details(city, organisations) -> None:
    """What the contract documents print beyond the directory: the region of the workplaces, the Committee's details
    and each municipal party's bank details (demo values, in the treasury format: 9-digit БИК, 20-digit accounts)."""
    from .models import MunicipalContractSettings, OrganisationRequisites

    bank = {"bank_name": "Отделение Кострома Банка России // УФК по Костромской области г. Кострома",
            "bik": "013469126", "corr_account": "40102810945370000034"}
    MunicipalContractSettings.objects.get_or_create(municipality=city, defaults={
        "region": "Костромская область", "committee_address": "156000, г. Кострома, ул. Депутатская, д. 47",
        "committee_inn": "4401006568", "account": "03231643347010004100", "personal_account": "03413000010", **bank})
    for number, org in enumerate(Organisation.objects.filter(municipality=city, status="active"), start=1):
        OrganisationRequisites.objects.get_or_create(organisation=org, defaults={
            "account": f"032346433470100{number:05d}", "personal_account": f"20416Ц{number:05d}", **bank})


def _fitting(positions: list, spec) -> list:
    """The sector's positions the specialty leads to: by the catalogue's specialty groups of a position, narrowed
    by the posts a narrower specialty prepares for; the demo keeps the rule the contract card warns about
    (contracts.services.position_misfit)."""
    from orientir.directory.reference import SPECIALTY_POSTS

    fit = [p for p in positions if spec.group_id in {g.pk for g in p.specialty_groups.all()}]
    named = [p for p in fit if p.name in SPECIALTY_POSTS.get(spec.code, ())]
    return named or fit
