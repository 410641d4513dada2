"""What a person sees in their cabinet, and whom an official may invite: the cabinet's part of the access gate
(orientir.accounts.access; issue 18, decision 57).

A person's account (accounts.access.CABINET_ROLE) holds no permission and no staff scope: what they see is the
cabinet's links to their own pupil record and contracts.
"""

from django.http import Http404

from orientir.accounts.access import has_perm, is_cabinet_user, require, scope
from orientir.contracts.models import Contract
from orientir.contracts.scopes import contract_for_view
from orientir.pupils.models import Pupil
from orientir.pupils.scopes import pupil_for_view, pupils_for
from orientir.students.scopes import student_contracts_for

from .models import Document, Question


@scope
def cabinet_pupils_for(user):
    """Pupils the person sees: themselves (a pupil's account) or their children (a parent's)."""
    if not (is_cabinet_user(user) and user.is_active):
        return Pupil.objects.none()
    return Pupil.objects.filter(cabinet_links__account__user=user)


@scope
def cabinet_pupil_for_view(user, pk):
    """The person's own pupil record (404 for anyone else's, exactly like a missing one)."""
    pupil = cabinet_pupils_for(user).filter(pk=pk).select_related("organisation").first()
    if pupil is None:
        raise Http404("Обучающийся не найден")
    return pupil


@scope
def cabinet_contracts_for(user):
    """Contracts the person is the citizen of."""
    if not (is_cabinet_user(user) and user.is_active):
        return Contract.objects.none()
    return Contract.objects.filter(cabinet_links__account__user=user)


@scope
def cabinet_contract_for_view(user, pk):
    contract = cabinet_contracts_for(user).filter(pk=pk).select_related(
        "municipality", "customer", "employer", "work_organisation", "work_position", "specialty").first()
    if contract is None:
        raise Http404("Договор не найден")
    return contract


@scope
def pupil_for_invitation(user, pk):
    """A pupil of the user's scope (404 otherwise) whom the role may invite to the cabinet (403 otherwise)."""
    return pupil_for_view(user, pk, perm="cabinet.invite")


@scope
def contract_for_invitation(user, pk):
    """A contract of the user's scope (404 otherwise) whose citizen the role may invite (403 otherwise)."""
    require(user, "cabinet.invite")
    return contract_for_view(user, pk, perm="cabinet.invite")


# --- What people send from the cabinet, for the officials who answer for it (decision 65) ------------------------
# A document follows its contract, a question its pupil: outside the scope 404 like a missing one; a role that does
# not check documents or answer questions 403.

@scope
def cabinet_documents_for(user):
    """Documents sent from the cabinet that the user checks: those of the contracts of their scope."""
    if not has_perm(user, "students.support"):
        return Document.objects.none()
    return Document.objects.filter(contract__in=student_contracts_for(user).values("id"))


@scope
def cabinet_document_for_view(user, pk):
    """A document to check: 403 for a role that does not check them, 404 outside the scope."""
    require(user, "students.support")
    document = cabinet_documents_for(user).filter(pk=pk).select_related("contract", "uploaded_by",
                                                                        "reviewed_by").first()
    if document is None:
        raise Http404("Документ не найден")
    return document


@scope
def cabinet_questions_for(user):
    """Questions from the cabinet the user answers: those of the pupils they see (a tutor: the assigned ones; a
    coordinator: the school's), with cabinet.answer."""
    if not has_perm(user, "cabinet.answer"):
        return Question.objects.none()
    return Question.objects.filter(pupil__in=pupils_for(user).values("id"))


@scope
def cabinet_question_for_view(user, pk):
    """A question to answer: 403 for a role that does not answer them, 404 outside the scope."""
    require(user, "cabinet.answer")
    question = cabinet_questions_for(user).filter(pk=pk).select_related("pupil__organisation", "tutor", "asked_by",
                                                                        "answered_by").first()
    if question is None:
        raise Http404("Вопрос не найден")
    return question
