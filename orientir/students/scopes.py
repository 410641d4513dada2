"""Whose contracts a user works with as students and graduates: the students' part of the access gate
(orientir.accounts.access). Built on the contracts' scope."""

from django.http import Http404

from orientir.accounts.access import has_perm, municipality_filter, require, scope
from orientir.accounts.roles import MUNICIPALITY_WIDE
from orientir.contracts.models import Contract
from orientir.contracts.scopes import contracts_for


@scope
def student_contracts_for(user):
    """Contracts whose students and graduates the user may work with: the contracts of their scope
    (contracts_for), for a role holding students.view; none otherwise."""
    if not has_perm(user, "students.view"):
        return Contract.objects.none()
    return contracts_for(user)


@scope
def student_contract_for_view(user, pk, perm: str = "students.view"):
    """The contract of a student or graduate: 403 when the role lacks `perm`, 404 when out of scope."""
    require(user, perm)
    contract = student_contracts_for(user).filter(pk=pk).select_related(
        "municipality", "customer", "employer", "work_organisation", "work_position", "specialty").first()
    if contract is None:
        raise Http404("Договор не найден")
    return contract


@scope
def student_report_contracts_for(user):
    """Contracts counted in aggregated reports (students.report): the municipality for municipal roles and
    observers, the directorate's sector through contracts_for. Reports built on this show numbers, no names."""
    qs = Contract.objects.all()
    if not has_perm(user, "students.report"):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return municipality_filter(user, qs, "municipality_id")
    return contracts_for(user)
