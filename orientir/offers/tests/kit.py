"""Builders of offers test data: a campaign with a target, offers in a given state, applications."""

import datetime

from orientir.directory.models import Specialty


def specialty(code: str = "44.03.01"):
    return Specialty.objects.filter(code=code, valid_to__isnull=True).select_related("group").first()


def make_campaign(city, year: int = 2027, need: int = 3):
    """A campaign of the year with one target: teachers with higher education, group 44.00.00, `need` contracts."""
    from orientir.offers.models import CampaignTarget, OfferCampaign

    campaign, _ = OfferCampaign.objects.get_or_create(
        municipality=city, year=year, defaults={"placement_deadline": datetime.date(year, 6, 10)})
    if need and not campaign.targets.exists():
        CampaignTarget.objects.create(campaign=campaign, sector="education", position="Учитель", level="higher",
                                      specialty_group=specialty().group, contracts_needed=need)
    return campaign


def make_offer(campaign, customer, status: str = "draft", count: int = 2, code: str = "44.03.01", **extra):
    from orientir.offers import services

    spec = specialty(code)
    offer = services.offer_create(actor=None, campaign=campaign, data={
        "customer": customer, "education_organisation": "ФГБОУ ВО «Костромской государственный университет»",
        "specialty": spec, "level": spec.level, "study_form": "full_time", "is_quota": True,
        "contracts_count": count, "support_measures": "Ежемесячная выплата 3 000 ₽", "work_place": customer.short_name,
        "work_position": "Учитель", "work_years": 3, "requirements": "", "contact": "Иванова И. И., 8 (4942) 00-00-00",
        **extra})
    if status in ("submitted",):
        offer = services.offer_submit(actor=None, offer=offer)
    if status in ("approved", "placed"):
        offer = services.offer_approve(actor=None, offer=offer)
    if status == "placed":
        offer = services.offer_place(actor=None, offer=offer, platform_number="ЦО-100500",
                                     placed_on=datetime.date(campaign.year, 6, 1))
    return offer


def make_application(offer, last_name="Соколова", first_name="Анна", middle_name="Игоревна",
                     birth_date=datetime.date(2009, 3, 14), status="submitted", applied_on=None):
    from orientir.offers import services

    return services.application_save(actor=None, offer=offer, data={
        "last_name": last_name, "first_name": first_name, "middle_name": middle_name, "birth_date": birth_date,
        "applied_on": applied_on or datetime.date(offer.campaign.year, 6, 20), "status": status,
        "platform_number": ""})
