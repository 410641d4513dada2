"""Who sees the staffing campaigns and fills a return: the staffing part of the access gate (accounts.access)."""

from orientir.accounts.access import has_perm, municipality_filter, scope
from .models import StaffingCampaign


@scope
def staffing_campaigns_for(user):
    if not has_perm(user, "staffing.view"):
        return StaffingCampaign.objects.none()
    return municipality_filter(user, StaffingCampaign.objects.select_related("municipality"), "municipality_id")


@scope
def may_fill_return(user, ret) -> bool:
    """The organisation's own coordinator fills its return (an administrator may correct it)."""
    if not has_perm(user, "staffing.fill"):
        return False
    return user.role == "admin" or (user.role == "coordinator" and user.organisation_id == ret.organisation_id)
