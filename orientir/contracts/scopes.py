"""Who sees which target contracts: the contracts' part of the access gate (orientir.accounts.access); callers ask
`access.contracts_for(user)` and so on."""

from django.db.models import Q
from django.http import Http404

from orientir.accounts.access import has_perm, municipality_filter, organisations_for, require, scope
from orientir.accounts.roles import MUNICIPALITY_WIDE
from .models import Contract


@scope
def contracts_for(user):
    """Contracts the user may see: the committee and admins those of their municipality; a directorate those
    whose customer or place of work is in its sector; a coordinator those where their organisation is a party
    (customer, employer or place of work)."""
    qs = Contract.objects.all()
    if not has_perm(user, "contracts.view"):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return municipality_filter(user, qs, "municipality_id")
    org_ids = organisations_for(user).values("id")
    return qs.filter(Q(customer_id__in=org_ids) | Q(employer_id__in=org_ids) | Q(work_organisation_id__in=org_ids))


@scope
def contracts_counted_for(user, perm: str):
    """Contracts a role counts in aggregated reports (numbers, no names) when it holds `perm`: the municipality for
    municipality-wide roles (observers included), otherwise the contracts where an organisation in scope is a party."""
    if not has_perm(user, perm):
        return Contract.objects.none()
    if user.role in MUNICIPALITY_WIDE:
        return municipality_filter(user, Contract.objects.all(), "municipality_id")
    org_ids = organisations_for(user).values("id")
    return Contract.objects.filter(Q(customer_id__in=org_ids) | Q(employer_id__in=org_ids)
                                   | Q(work_organisation_id__in=org_ids))


@scope
def contract_for_view(user, pk, perm: str = "contracts.view"):
    """The contract if in scope (404 otherwise, like a missing one) and the role may use `perm` (403). A role
    without contracts.view at all (observers read aggregated reports only) gets 403 before any lookup."""
    require(user, "contracts.view")
    contract = contracts_for(user).filter(pk=pk).select_related(
        "municipality", "customer", "employer", "work_organisation", "specialty").first()
    if contract is None:
        raise Http404("Договор не найден")
    require(user, perm)
    return contract
