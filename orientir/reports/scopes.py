"""What the funnel counts for a user: the reports' part of the access gate (orientir.accounts.access)."""

from orientir.accounts.access import has_perm, organisations_for, scope
from orientir.contracts.scopes import contracts_counted_for
from orientir.pupils.models import Pupil


@scope
def funnel_scope(user):
    """(pupils, contracts) whose numbers the user may see in aggregate (the funnel): the pupils of the
    organisations in scope and the contracts in scope, whatever the personal-data permissions — names are
    shown only through pupils_for / contracts_for in the drill-down."""
    if not has_perm(user, "reports.view"):
        return Pupil.objects.none(), contracts_counted_for(user, "reports.view")
    pupils = Pupil.objects.filter(organisation_id__in=organisations_for(user).values("id"))
    return pupils, contracts_counted_for(user, "reports.view")
