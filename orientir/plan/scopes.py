"""Who sees which tasks and plan versions: the plan's part of the access gate (orientir.accounts.access).

Registered with `@scope`; callers ask `access.tasks_for(user)` and so on.
"""

from django.db.models import Q
from django.http import Http404

from orientir.accounts.access import has_perm, municipality_filter, organisations_for, require, scope
from orientir.accounts.roles import ORGANISATION_ONLY
from .models import PlanItem, PlanVersion, Task


@scope
def tasks_for(user):
    """Tasks the user may see: all of the municipality for admins and observers; a unit specialist
    their unit's tasks and the organisations' tasks of the items their unit answers for (within their
    organisation scope); a coordinator their organisation's tasks."""
    qs = Task.objects.all()
    if not (user and user.is_authenticated and user.is_active and has_perm(user, "plan.view")):
        return qs.none()
    if user.municipality_id:
        qs = qs.filter(version__municipality_id=user.municipality_id)
    if user.role in {"admin", "observer"}:
        return qs
    if user.role in ORGANISATION_ONLY:
        return qs.filter(organisation_id=user.organisation_id) if user.organisation_id else qs.none()
    if user.unit_id:
        org_ids = organisations_for(user).values("id")
        # Subqueries, not joins: a join through item.units would repeat a task once per responsible unit.
        unit_items = PlanItem.objects.filter(units=user.unit_id).values("id")
        return qs.filter(Q(unit_id=user.unit_id) | Q(organisation_id__in=org_ids, item_id__in=unit_items))
    return qs.none()


@scope
def task_for_view(user, pk, perm: str = "plan.view"):
    """The task if it is in the user's scope (404 otherwise) and the role may use `perm` (403)."""
    task = (tasks_for(user).filter(pk=pk)
            .select_related("item", "unit", "organisation", "version", "closed_by").first())
    if task is None:
        raise Http404("Задача не найдена")
    require(user, perm)
    return task


@scope
def is_task_owner(user, task) -> bool:
    """The person who answers for the task: a member of its unit or a coordinator of its organisation."""
    if task.organisation_id:
        return user.role == "coordinator" and user.organisation_id == task.organisation_id
    return bool(user.unit_id) and user.unit_id == task.unit_id


@scope
def plan_versions_for(user):
    qs = PlanVersion.objects.select_related("municipality")
    if not has_perm(user, "plan.view"):
        return qs.none()
    return municipality_filter(user, qs, "municipality_id")
