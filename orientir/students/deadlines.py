"""Support-work deadlines in «Мои задачи» of the people who answer for them (core/deadlines.py)."""

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
            for a in selectors.deadlines(user, today=today, horizon_days=30)]
