"""Who sees which offers of targeted education (ПП № 555) and applications: the offers' part of the access gate
(orientir.accounts.access)."""

from django.db.models import Q
from django.http import Http404

from orientir.accounts.access import (
    has_perm,
    municipalities_for,
    municipality_filter,
    organisations_for,
    require,
    scope,
)
from orientir.accounts.roles import MUNICIPALITY_WIDE
from .models import Application, Offer, OfferCampaign


@scope
def offer_campaigns_for(user):
    """Offer campaigns of the municipalities the user may choose, for a role holding offers.view or offers.report."""
    if not (has_perm(user, "offers.view") or has_perm(user, "offers.report")):
        return OfferCampaign.objects.none()
    return OfferCampaign.objects.filter(municipality__in=municipalities_for(user))


@scope
def offers_for(user):
    """Offers the user may see: the municipality's for municipal roles, otherwise those whose customer is an
    organisation of the user's scope (a directorate's sector, a coordinator's own organisation)."""
    qs = Offer.objects.all()
    if not has_perm(user, "offers.view"):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return municipality_filter(user, qs, "campaign__municipality_id")
    return qs.filter(customer_id__in=organisations_for(user).values("id"))


@scope
def offer_for_view(user, pk, perm: str = "offers.view"):
    """The offer if in scope (404 otherwise) and the role may use `perm` (403)."""
    require(user, "offers.view")
    offer = offers_for(user).filter(pk=pk).select_related(
        "campaign__municipality", "customer", "specialty__group", "target").first()
    if offer is None:
        raise Http404("Предложение не найдено")
    require(user, perm)
    return offer


@scope
def offer_applications_for(user):
    """Applications (applicants' personal data) for a role holding offers.applications, in its municipality."""
    qs = Application.objects.all()
    if not has_perm(user, "offers.applications"):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return municipality_filter(user, qs, "offer__campaign__municipality_id")
    return qs.filter(offer__customer_id__in=organisations_for(user).values("id"))


@scope
def offer_applications_counted_for(user, perm: str = "reports.view"):
    """Applications counted in aggregated reports (the funnel: numbers, no names) when the user holds `perm`: the
    municipality's for municipality-wide roles, otherwise those to an offer of a customer in scope or of a pupil of
    an organisation in scope — the organisations the funnel's pupils and contracts come from (decision 64)."""
    qs = Application.objects.all()
    if not has_perm(user, perm):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return municipality_filter(user, qs, "offer__campaign__municipality_id")
    org_ids = organisations_for(user).values("id")
    return qs.filter(Q(offer__customer_id__in=org_ids) | Q(pupil__organisation_id__in=org_ids))


@scope
def offer_application_for_view(user, pk, perm: str = "offers.applications"):
    require(user, perm)
    application = offer_applications_for(user).filter(pk=pk).select_related(
        "offer__campaign__municipality", "offer__customer", "offer__specialty", "pupil__organisation").first()
    if application is None:
        raise Http404("Заявка не найдена")
    return application
