"""Template tags of the students app for pages of other apps (the contract card links to the student's page)."""

from django import template
from django.urls import reverse

from orientir.accounts import access
from orientir.contracts.models import State

register = template.Library()


@register.simple_tag(takes_context=True)
def student_page_url(context, contract) -> str:
    """The address of the contract's student (graduate) page, or "" when the viewer may not open it (the same gate as
    the page: accounts.access.student_contracts_for) or there is no such page yet (a draft)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or contract.state == State.DRAFT:
        return ""
    if not access.student_contracts_for(user).filter(pk=contract.pk).exists():
        return ""
    return reverse("students:student_detail", args=[contract.pk])
