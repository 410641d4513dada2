"""What people sent from the cabinet, in «Мои задачи» of those who answer for it (core/deadlines.py, decision 65):
documents to check, questions to answer. A tutor, who has no «Мои задачи», sees the same on «Вопросы из личного
кабинета» and on the home page."""

from django.urls import reverse

from orientir.accounts import access
from orientir.core.deadlines import Deadline, deadline_source

from . import selectors_inbox as selectors


@deadline_source("Документы из личного кабинета на проверке", "inbox:document_list")
def document_deadlines(user, today):
    if not access.has_perm(user, "students.support"):
        return []
    return [Deadline(due=d.due_on, title=f"Проверить: {d.get_kind_display()}", subject=str(d.contract),
                     url=reverse("inbox:document_detail", args=[d.pk]), overdue=d.due_on < today)
            for d in selectors.open_documents(user, today)]


@deadline_source("Вопросы из личного кабинета", "inbox:question_list")
def question_deadlines(user, today):
    if not access.has_perm(user, "cabinet.answer"):
        return []
    return [Deadline(due=q.due_on, title="Ответить на вопрос", subject=q.pupil.full_name,
                     url=reverse("inbox:question_detail", args=[q.pk]), overdue=q.due_on < today)
            for q in selectors.open_questions(user)]
