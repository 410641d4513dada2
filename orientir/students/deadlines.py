"""Support-work deadlines in «Мои задачи» of the people who answer for them (core/deadlines.py).

Only the support work's own deadlines (an individual plan by 1 October, this week's admission status): the work
start and obligation end deadlines are the contract's, listed by the contracts app's source.
"""

from django.urls import reverse

from orientir.accounts import access
from orientir.core.deadlines import Deadline, deadline_source

from . import selectors


@deadline_source("Сроки сопровождения студентов и выпускников", "students:alerts")
def support_deadlines(user, today):
    if not access.has_perm(user, "students.support"):
        return []
    return [Deadline(due=a.due, title=a.text, subject=str(a.contract), overdue=a.due < today,
                     url=reverse("students:student_detail", args=[a.contract.pk]))
            for a in selectors.deadlines(user, today=today, horizon_days=30, kinds=selectors.SUPPORT_ALERTS)]
