"""Template questions put to the access module, so a page shows a link only to a viewer who may open it."""

from django import template

from orientir.accounts import access

register = template.Library()


@register.filter
def may(user, perm: str) -> bool:
    """`{% if user|may:"students.report" %}`: the role has the permission."""
    return access.has_perm(user, perm)


@register.filter
def sees_pupil(user, pupil_id) -> bool:
    """`{% if user|sees_pupil:contract.pupil_id %}`: the pupil's card opens for this user (in scope, may view)."""
    return bool(pupil_id) and access.pupils_for(user).filter(pk=pupil_id).exists()
