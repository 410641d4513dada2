"""Who checks what people send from the cabinet (decision 65): the cabinet's part of the access gate for documents
and questions. Built on the gate's own scopes (accounts.access): a document follows its contract, a question its
pupil; an object outside the scope answers 404 like a missing one, a role that does not check or answer gets 403."""

from django.http import Http404

from orientir.accounts import access

from .models import Document, Question


def cabinet_documents_for(user):
    """Documents sent from the cabinet that the user checks: those of the contracts of their scope."""
    if not access.has_perm(user, "students.support"):
        return Document.objects.none()
    return Document.objects.filter(contract__in=access.student_contracts_for(user).values("id"))


def cabinet_document_for_view(user, pk):
    """A document to check: 403 for a role that does not check them, 404 outside the scope."""
    access.require(user, "students.support")
    document = cabinet_documents_for(user).filter(pk=pk).select_related("contract", "uploaded_by",
                                                                        "reviewed_by").first()
    if document is None:
        raise Http404("Документ не найден")
    return document


def cabinet_questions_for(user):
    """Questions from the cabinet the user answers: those of the pupils they see (a tutor: the assigned ones; a
    coordinator: the school's), with cabinet.answer."""
    if not access.has_perm(user, "cabinet.answer"):
        return Question.objects.none()
    return Question.objects.filter(pupil__in=access.pupils_for(user).values("id"))


def cabinet_question_for_view(user, pk):
    """A question to answer: 403 for a role that does not answer them, 404 outside the scope."""
    access.require(user, "cabinet.answer")
    question = cabinet_questions_for(user).filter(pk=pk).select_related("pupil__organisation", "tutor", "asked_by",
                                                                        "answered_by").first()
    if question is None:
        raise Http404("Вопрос не найден")
    return question
