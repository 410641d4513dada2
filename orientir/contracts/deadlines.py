"""Contract deadlines in «Мои задачи» of the people who answer for them (core/deadlines.py)."""

from django.urls import reverse

from orientir.accounts import access
from orientir.core.deadlines import Deadline, deadline_source

from . import selectors


@deadline_source("Сроки по договорам о целевом обучении", "contracts:deadlines")
def contract_deadlines(user, today):
    # The committee keeps the contracts; a coordinator answers for those where the organisation is a party.
    if not (access.has_perm(user, "contracts.manage") or user.role == "coordinator"):
        return []
    return [Deadline(due=d.due, title=d.title, subject=str(d.contract), overdue=d.overdue,
                     url=reverse("contracts:contract_detail", args=[d.contract.pk]))
            for d in selectors.deadlines_for(user, within_days=30, today=today)]
