"""Reads of the offers shared by the pages, the exports and the coverage report: scoped through accounts.access."""

import dataclasses

from django.db.models import Count, Q

from orientir.accounts import access
from orientir.core.listing import narrowed
from orientir.core.params import int_param
from orientir.core.text import normalize_search

from .models import Application, ApplicationStatusChange, CampaignTarget, Offer, OfferCampaign

# A contract counts as concluded once signed, whatever happened to it later (not a draft, not «не зачислен» before
# signing: those have no signing date).
CONCLUDED = Q(signed_on__isnull=False)


def campaigns(user):
    return access.offer_campaigns_for(user).select_related("municipality", "snapshot").order_by("-year", "id")


def campaign_for_view(user, pk: int) -> OfferCampaign:
    from django.http import Http404

    campaign = campaigns(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404("Кампания не найдена")
    return campaign


def offers(user, params, campaign: OfferCampaign | None = None):
    """The offers registry with its filters: search (number, university, place of work, platform number), state,
    customer, specialty, level, quota."""
    status = params.get("status")
    qs = narrowed(access.offers_for(user).select_related("customer", "specialty", "campaign", "target"),
                  campaign=campaign, search_text__contains=normalize_search(params.get("q")),
                  status=status if status in Offer.Status.values else None,
                  status__in=(Offer.Status.APPROVED, Offer.Status.PLACED) if status == "approved_all" else None,
                  customer_id=int_param(params.get("customer")), specialty_id=int_param(params.get("specialty")),
                  level=params.get("level"))
    if params.get("quota") in ("1", "0"):
        qs = qs.filter(is_quota=params["quota"] == "1")
    return qs.annotate(applications_count=Count("applications", filter=~Q(applications__status="withdrawn"),
                                                distinct=True)).order_by("number", "id")


def applications(user, params, campaign: OfferCampaign | None = None):
    """The applications registry: search by name or platform number, status, match, offer."""
    status, match = params.get("status"), params.get("match")
    qs = narrowed(access.offer_applications_for(user).select_related("offer__customer", "offer__specialty",
                                                                     "pupil__organisation"),
                  offer__campaign=campaign, search_text__contains=normalize_search(params.get("q")),
                  status=status if status in Application.Status.values else None,
                  match=match if match in Application.Match.values else None,
                  offer_id=int_param(params.get("offer")))
    return qs.order_by("sort_name", "id")


def customers_of(user, campaign: OfferCampaign):
    """Customers of the registry (1.3) the user may draft offers for in this campaign."""
    return access.organisations_for(user).filter(is_customer=True, municipality=campaign.municipality,
                                                 status="active").order_by("sort_name", "id")


# --- Coverage: need → offers → applications → contracts ----------------------------------------------------

@dataclasses.dataclass
class CoverageRow:
    label: str
    need: int | None
    offered: int
    offers: int
    applications: int
    contracts: int
    placed: int = 0  # contracts in the offers placed on «Работа в России» (a part of `offered`)

    @property
    def uncovered(self) -> int | None:
        return None if self.need is None else max(self.need - self.offered, 0)


def coverage(campaign: OfferCampaign, user=None) -> dict:
    """Per target (the frozen need) and per customer: contracts offered in approved offers, applications not
    withdrawn, contracts concluded from the offers. Offers outside the user's scope are not counted."""
    from orientir.contracts.models import Contract

    offer_qs = (access.offers_for(user) if user is not None and access.has_perm(user, "offers.view")
                else Offer.objects.all()).filter(campaign=campaign)
    approved = offer_qs.filter(status__in=(Offer.Status.APPROVED, Offer.Status.PLACED))
    offers = list(approved.values("id", "target_id", "customer_id", "customer__short_name", "contracts_count",
                                  "status"))
    apps = dict(Application.objects.filter(offer__in=approved).exclude(status=Application.Status.WITHDRAWN)
                .values_list("offer_id").annotate(n=Count("id")).values_list("offer_id", "n"))
    signed = dict(Contract.objects.filter(CONCLUDED, offer__in=approved).values_list("offer_id")
                  .annotate(n=Count("id")).values_list("offer_id", "n"))
    by_target: dict = {}
    by_customer: dict = {}
    for o in offers:
        for table, key, label in ((by_target, o["target_id"], None),
                                  (by_customer, o["customer_id"], o["customer__short_name"])):
            row = table.setdefault(key, [label, 0, 0, 0, 0, 0])
            row[1] += o["contracts_count"]
            row[2] += 1
            row[3] += apps.get(o["id"], 0)
            row[4] += signed.get(o["id"], 0)
            row[5] += o["contracts_count"] if o["status"] == Offer.Status.PLACED else 0
    target_rows = []
    targets = CampaignTarget.objects.filter(campaign=campaign).select_related("specialty_group")
    if user is not None:  # a directorate plans its own sector: the others' need is not its to cover
        targets = targets.filter(sector__in=[value for value, _ in access.sectors_for(user)])
    for t in targets:
        got = by_target.get(t.pk, [None, 0, 0, 0, 0, 0])
        group = f" — {t.specialty_group.code} {t.specialty_group.name}" if t.specialty_group_id else ""
        target_rows.append(CoverageRow(f"{t.get_sector_display()}: {t.position} ({t.get_level_display()}){group}",
                                       t.contracts_needed, *got[1:]))
    if None in by_target:
        got = by_target[None]
        target_rows.append(CoverageRow("Вне потребности прогноза", None, *got[1:]))
    customer_rows = sorted((CoverageRow(v[0], None, *v[1:]) for v in by_customer.values()), key=lambda r: r.label)
    total = CoverageRow("Итого", sum(t.need or 0 for t in target_rows), sum(r.offered for r in target_rows),
                        sum(r.offers for r in target_rows), sum(r.applications for r in target_rows),
                        sum(r.contracts for r in target_rows), sum(r.placed for r in target_rows))
    return {"targets": target_rows, "customers": customer_rows, "total": total}


def not_applied(user, campaign: OfferCampaign, params=None):
    """Pupils of the targeted database of the school year before this admission who enter this year, in the user's
    scope, with no application to any offer of the campaign, not withdrawn: the list the schools work on before the
    deadline. A pupil's application is known by its link (found or confirmed match)."""
    from orientir.pupils.models import TargetedEntry

    params = params or {}
    applied = Application.objects.filter(offer__campaign=campaign, pupil__isnull=False).exclude(
        status=Application.Status.WITHDRAWN).exclude(match=Application.Match.REJECTED).values("pupil_id")
    qs = (TargetedEntry.objects.filter(pupil__in=access.pupils_for(user), start_year=campaign.year - 1,
                                       pupil__organisation__municipality=campaign.municipality)
          # those who enter this year: the 11th grade, and the 9th for a college
          .filter(Q(pupil__grade=11) | Q(pupil__grade=9, level="spo"))
          .exclude(status=TargetedEntry.Status.DECLINED).exclude(pupil_id__in=applied)
          .select_related("pupil__organisation", "specialty"))
    if params.get("q"):
        qs = qs.filter(pupil__search_text__contains=normalize_search(params["q"]))
    if int_param(params.get("school")):
        qs = qs.filter(pupil__organisation_id=int_param(params["school"]))
    return qs.order_by("pupil__organisation__sort_name", "pupil__sort_name", "id")


# --- The forecast page: the need of the coming admission against the offers ----------------------------------

def coming_admission_year(today) -> int:
    """The admission the offers are placed for: this year's until it is over (1 September), then the next."""
    return today.year if today.month < 9 else today.year + 1


def need_against_offers(user, municipality, today) -> dict | None:
    """For the forecast page: the campaign of the coming admission in the municipality with its need, the contracts
    offered and those of them placed on «Работа в России», per target; None for a role that reads no offers."""
    if not (access.has_perm(user, "offers.view") or access.has_perm(user, "offers.report")):
        return None
    year = coming_admission_year(today)
    campaign = campaigns(user).filter(municipality=municipality, year=year).first()
    if campaign is None:
        return {"year": year, "campaign": None}
    data = coverage(campaign, user)
    # not covered: summed over the targets, an offer outside the need covers none of them
    return {"year": year, "campaign": campaign, "rows": data["targets"], "total": data["total"],
            "uncovered": sum(r.uncovered or 0 for r in data["targets"]), "days_left": campaign.days_left(today)}


def status_history(application: Application) -> list[ApplicationStatusChange]:
    """The application's statuses, oldest first, with who entered each (the card's «История статусов»); the
    application is one the user was let read (access.offer_application_for_view)."""
    return list(ApplicationStatusChange.objects.filter(application=application).select_related("changed_by")
                .order_by("on", "id"))
