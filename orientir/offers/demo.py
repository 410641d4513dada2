"""Demo offer campaign of the city for the coming admission: the need of a frozen forecast, offers of school customers
in every state, one need left uncovered, an offer nobody applied to, applications of pupils of the targeted database
(one pupil to two offers, one match to confirm) and one admitted applicant whose contract draft is a click away; and
the last admission's offers, the graduates' contracts of that season linked to their applications, so that the funnel
and the weekly admission monitoring (2.10) read them. Applications pass through their statuses along the season
(«подана», «допущен», then the outcome), so their history and the monitoring's past weeks show each step."""

import datetime

from django.db import transaction
from django.utils import timezone

from orientir.core.demo import DemoContext, demo_builder
from orientir.directory.models import Organisation, Specialty

from . import services
from .models import Application, OfferCampaign

# (sector, position, level, contracts needed over both study lengths)
NEED = [("education", "Учитель начальных классов", "higher", 4), ("education", "Учитель математики", "higher", 3),
        ("education", "Воспитатель", "vocational", 3), ("sport", "Тренер-преподаватель", "vocational", 2),
        ("culture", "Библиотекарь", "higher", 1)]
KSU = "ФГБОУ ВО «Костромской государственный университет»"
COLLEGE = "ОГБПОУ «Костромской педагогический колледж»"
# (specialty, university, position, contracts, final state, quota)
OFFERS = [("44.03.01", KSU, "Учитель начальных классов", 2, "placed", True),
          ("44.03.05", KSU, "Учитель математики", 2, "placed", True),
          ("44.03.01", KSU, "Учитель начальных классов", 1, "approved", True),
          ("44.02.01", COLLEGE, "Воспитатель", 2, "approved", False),
          ("44.03.05", KSU, "Учитель математики", 1, "submitted", True),
          ("44.02.02", COLLEGE, "Учитель начальных классов", 1, "returned", False),
          ("44.03.01", KSU, "Учитель начальных классов", 1, "draft", True)]


def _snapshot(city, base_year: int):
    from orientir.forecast.models import ForecastSnapshot

    rows = []
    for sector, position, level, need in NEED:
        lengths = (4, 5) if level == "higher" else (3, 4)
        first = need - need // 3
        for length, value in zip(lengths, (first, need - first), strict=True):
            rows.append({"sector": sector, "position": position, "level": level, "study_length": length,
                         "graduates_start": base_year + length, "contracts_needed": value,
                         "contracts_needed_p90": value + 1, "contracts_exact": float(value)})
    return ForecastSnapshot.objects.create(
        municipality=city, base_year=base_year, horizon=5, contract_rows=rows,
        levers={"growth_rate": 0, "leaving_multiplier": 1, "sector": ""},
        note="Прогноз для кампании предложений о целевом обучении")


# the contract's state in the season → the application's status
LAST_STATUS = {"admitted": Application.Status.ENROLLED, "not_admitted": Application.Status.NOT_ENROLLED,
               "signed": Application.Status.ALLOWED}


def _through(application, final: str, applied_on: datetime.date, n: int = 0) -> None:
    """Move a new application «подана» along the season to `final`, a status a day: «допущен» in early July, then
    «зачислен» or «не зачислен» after the universities' orders; its status history and 2.10 show each week."""
    steps = []
    if final != Application.Status.SUBMITTED:
        steps.append((Application.Status.ALLOWED, applied_on + datetime.timedelta(days=12 + n % 3)))
    if final in (Application.Status.ENROLLED, Application.Status.NOT_ENROLLED, Application.Status.WITHDRAWN):
        steps.append((final, datetime.date(applied_on.year, 7, 29 + n % 3)))
    for status, on in steps:
        services.application_save(actor=None, offer=application.offer, application=application,
                                  data={"status": status}, on=on)


def _last_admission(city, year: int) -> None:
    """The admission of `year`, already run: an offer placed for each customer and programme of the graduates'
    contracts signed that season, an application of each graduate with the status their contract reached, and the
    contract linked to both (under ПП № 555 the contract follows the offer)."""
    from orientir.contracts.models import Contract

    if OfferCampaign.objects.filter(municipality=city, year=year).exists():
        return
    contracts = list(Contract.objects.filter(municipality=city, kind="graduate", signed_on__year=year,
                                             state__in=list(LAST_STATUS), customer__is_customer=True,
                                             birth_date__isnull=False, application__isnull=True)
                     .select_related("customer", "specialty").order_by("signed_on", "id")[:6])
    if not contracts:
        return
    campaign = services.campaign_create(actor=None, municipality=city, year=year, snapshot=None,
                                        placement_deadline=datetime.date(year, 6, 10),
                                        note="Приём прошлого года: заявки выпускников, заключивших договоры")
    offers: dict = {}
    for n, contract in enumerate(contracts):
        key = (contract.customer_id, contract.specialty_id, contract.level)
        if key not in offers:
            quota = contract.level not in ("spo", "spo_worker")  # colleges have no federal quota
            offer = services.offer_create(actor=None, campaign=campaign, data={
                "customer": contract.customer, "specialty": contract.specialty, "level": contract.level,
                "education_organisation": contract.education_organisation or (KSU if quota else COLLEGE),
                "study_form": "full_time", "is_quota": quota, "contracts_count": 2,
                "support_measures": "Ежемесячная выплата 3 000 ₽ в период обучения", "monthly_payment": 3000,
                "work_place": contract.customer.short_name, "work_position": "", "work_years": 3,
                "requirements": "", "contact": contract.customer.phone or contract.customer.short_name})
            offer = services.offer_submit(actor=None, offer=offer)
            offer = services.offer_approve(actor=None, offer=offer)
            offers[key] = services.offer_place(actor=None, offer=offer, platform_number=f"ЦО-{year}-{3100 + n}",
                                               placed_on=datetime.date(year, 5, 15))
        application = services.application_save(actor=None, offer=offers[key], data={
            "last_name": contract.last_name, "first_name": contract.first_name, "middle_name": contract.middle_name,
            "birth_date": contract.birth_date, "applied_on": datetime.date(year, 6, 20),
            "status": Application.Status.SUBMITTED, "platform_number": f"З-{year}-{6000 + n}"})
        _through(application, LAST_STATUS[contract.state], datetime.date(year, 6, 20), n)
        Contract.objects.filter(pk=contract.pk).update(offer=offers[key], application=application)


@demo_builder(70, "Предложения о целевом обучении (ПП № 555): кампания, предложения заказчиков, заявки")
@transaction.atomic
def build_offers(ctx: DemoContext) -> None:
    from orientir.pupils.models import TargetedEntry

    city = ctx.made["municipalities"][0]
    today = timezone.localdate()
    year = today.year + 1 if today.month >= 7 else today.year  # the coming admission
    _last_admission(city, year - 1)
    if OfferCampaign.objects.filter(municipality=city, year=year).exists():
        return
    campaign = services.campaign_create(actor=None, municipality=city, year=year,
                                        snapshot=_snapshot(city, year - 1),
                                        placement_deadline=datetime.date(year, 6, 10))
    schools = list(Organisation.objects.filter(municipality=city, is_customer=True, kind="school", status="active")
                   .order_by("sort_name")[:4])
    if not schools:
        return
    offers = []
    for i, (code, university, position, count, state, quota) in enumerate(OFFERS):
        school = schools[i % len(schools)]
        spec = Specialty.objects.filter(code=code, valid_to__isnull=True).first()
        if spec is None:
            continue
        offer = services.offer_create(actor=None, campaign=campaign, data={
            "customer": school, "education_organisation": university, "specialty": spec, "level": spec.level,
            "study_form": "full_time", "is_quota": quota, "contracts_count": count,
            "support_measures": "Ежемесячная выплата 3 000 ₽ в период обучения; оплата проживания в общежитии",
            "monthly_payment": 3000,
            "work_place": f"{school.short_name}, {school.address or city.name}", "work_position": position,
            "work_years": 3, "requirements": "Средний балл аттестата не ниже 4,0; участие в профильных сменах",
            "contact": f"{school.head_position or 'Директор'} {school.head_full_name}, {school.phone}".strip(", ")})
        if state in ("submitted", "returned", "approved", "placed"):
            offer = services.offer_submit(actor=None, offer=offer)
        if state == "returned":
            offer = services.offer_return(actor=None, offer=offer,
                                          reason="Укажите размер выплаты и срок трудоустройства после обучения")
        if state in ("approved", "placed"):
            offer = services.offer_approve(actor=None, offer=offer)
        if state == "placed":
            offer = services.offer_place(actor=None, offer=offer, platform_number=f"ЦО-{year}-{4100 + i}",
                                         placed_on=datetime.date(year, 6, 2))
        offers.append(offer)
    open_offers = [o for o in offers if o.approved]
    # The approved college offer (the fourth) gets no applicant: the list schools work on.
    applied_to = [o for o in open_offers if o.specialty.code != "44.02.01"]
    entries = list(TargetedEntry.objects.filter(pupil__organisation__municipality=city, start_year=year - 1,
                                                pupil__birth_date__isnull=False, pupil__grade=11)
                   .select_related("pupil").order_by("pupil__sort_name")[:7])
    apply_on = datetime.date(year, 6, 20)
    for n, entry in enumerate(entries):
        pupil = entry.pupil
        offer = applied_to[n % len(applied_to)]
        status = Application.Status.ENROLLED if n == 0 else (
            Application.Status.ALLOWED if n % 3 == 1 else Application.Status.SUBMITTED)
        # the platform's list without a patronymic: the same surname and birth date, a match the committee confirms
        application = services.application_save(actor=None, offer=offer, data={
            "last_name": pupil.last_name, "first_name": pupil.first_name,
            "middle_name": pupil.middle_name if n != 5 else "",
            "birth_date": pupil.birth_date, "applied_on": apply_on, "status": Application.Status.SUBMITTED,
            "platform_number": f"З-{year}-{7000 + n}"})
        _through(application, status, apply_on, n)
        if n == 1 and len(applied_to) > 1:  # the same pupil applies to a second offer
            services.application_save(actor=None, offer=applied_to[(n + 1) % len(applied_to)], data={
                "last_name": pupil.last_name, "first_name": pupil.first_name, "middle_name": pupil.middle_name,
                "birth_date": pupil.birth_date, "applied_on": apply_on, "status": Application.Status.SUBMITTED,
                "platform_number": f"З-{year}-{7100 + n}"})
    services.application_save(actor=None, offer=applied_to[0], data={
        "last_name": "Гостева", "first_name": "Полина", "middle_name": "Андреевна",
        "birth_date": datetime.date(year - 18, 4, 11), "applied_on": apply_on,
        "status": Application.Status.SUBMITTED, "platform_number": f"З-{year}-7200"})
