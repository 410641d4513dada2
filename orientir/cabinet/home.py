"""The tutor's reminder on the home page (core/home_panels.py): questions from the cabinet waiting for an answer. A
tutor has no «Мои задачи» (no plan.view), where those who have it find the same deadlines (cabinet/deadlines.py)."""

from orientir.accounts import access
from orientir.core.home_panels import home_panel

from . import selectors_inbox as selectors


@home_panel
def questions_panel(user, today):
    if not access.has_perm(user, "cabinet.answer") or access.has_perm(user, "plan.view"):
        return None
    waiting = selectors.open_questions(user)
    if not waiting:
        return None
    return {"template": "cabinet/_home_questions.html", "total": len(waiting),
            "overdue": sum(1 for q in waiting if q.due_on < today), "first": waiting[:5], "today": today}
