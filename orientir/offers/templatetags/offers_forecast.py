"""The offers on pages of other apps: the forecast page includes templates/offers/_forecast_offers.html, which reads
through this tag, so that the forecast's view knows nothing of the offers."""

from django import template
from django.utils import timezone

from orientir.offers import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def need_against_offers(context, municipality):
    """The coming admission's need against the offers in the municipality, for the signed-in user (or None)."""
    request = context.get("request")
    if request is None or municipality is None:
        return None
    return selectors.need_against_offers(request.user, municipality, timezone.localdate())
