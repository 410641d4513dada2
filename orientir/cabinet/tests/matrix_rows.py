"""Permission-matrix rows of the cabinet (merged into accounts/tests/test_permission_matrix.py).

The matrix's personas are all officials: every person's page of the cabinet refuses them (403, the scope middleware),
an anonymous visitor goes to the cabinet's own entrance (302 to /cabinet/login/). The entrance pages are open to
everyone. The invitations are POST only. What the people themselves may open — their own records 200, another
family's 404 — is in test_cabinet_http.py, and every staff URL of this matrix refused to a person in
test_scope_separation.py.
"""

from orientir.accounts.tests.matrix_kit import FORBIDDEN, FOUND, MISSING, OK, POST_ONLY, _all, _only

PERSON_PAGE = _all(FORBIDDEN, anon=FOUND)
ENTRANCE = _all(OK, anon=OK)


def _pupil(o):
    return {"pk": o["pupil_a"].pk}


def _contract(o):
    from orientir.contracts.tests.matrix_rows import _contract as contract

    return contract(o)


# What people send (decision 65): documents are checked with students.support within the contracts of the scope,
# questions answered with cabinet.answer within the pupils the user sees (a tutor: the assigned ones only).
CHECKS = {"admin", "committee", "coordinator_a"}
ANSWERS = {"admin", "coordinator_a", "tutor"}


def _document(school):
    def build(o):
        import datetime

        from django.utils import timezone

        from orientir.cabinet.models import Document
        from orientir.contracts.models import Contract

        contract = Contract.objects.get(pk=_contract_of(o, school)["pk"])
        document, _ = Document.objects.get_or_create(
            contract=contract, filename="spravka.pdf",
            defaults={"kind": "study", "content_type": "application/pdf", "size": 9, "content": b"%PDF-1.4\n",
                      "uploaded_at": timezone.now(), "due_on": datetime.date(2030, 1, 1)})
        return {"pk": document.pk}
    return build


def _contract_of(o, school):
    from orientir.contracts.tests.matrix_rows import _contract as contract

    return contract(o, school)


def _question(school):
    def build(o):
        import datetime

        from django.utils import timezone

        from orientir.cabinet.models import Question

        question, _ = Question.objects.get_or_create(
            pupil=o[school], text="Когда профессиональная проба?",
            defaults={"asked_at": timezone.now(), "due_on": datetime.date(2030, 1, 1)})
        return {"pk": question.pk}
    return build


ROWS = {
    "cabinet:login": [(None, ENTRANCE)],
    "cabinet:join": [(None, ENTRANCE)],
    "cabinet:logout": [(None, _all(405, anon=405))],  # logout is POST only
    "cabinet:home": [(None, PERSON_PAGE)],
    "cabinet:password_change": [(None, PERSON_PAGE)],
    "cabinet:link": [(None, PERSON_PAGE)],
    "cabinet:pupil": [(_pupil, PERSON_PAGE)],
    "cabinet:consent": [(_pupil, PERSON_PAGE)],
    "cabinet:consent_withdraw": [(_pupil, PERSON_PAGE)],
    "cabinet:contract": [(_contract, PERSON_PAGE)],
    "cabinet:contract_documents": [(_contract, PERSON_PAGE)],
    "cabinet:questions": [(_pupil, PERSON_PAGE)],
    "invitations:pupil": [(_pupil, POST_ONLY)],
    "invitations:contract": [(_contract, POST_ONLY)],
    "inbox:document_list": [(None, _only(CHECKS))],
    "inbox:document_export": [(None, _only(CHECKS))],
    "inbox:document_detail": [(_document("school_a"), _only(CHECKS)),
                              (_document("school_b"), _only(CHECKS, coordinator_a=MISSING))],
    "inbox:document_file": [(_document("school_a"), _only(CHECKS)),
                            (_document("school_b"), _only(CHECKS, coordinator_a=MISSING))],
    "inbox:question_list": [(None, _only(ANSWERS))],
    "inbox:question_export": [(None, _only(ANSWERS))],
    # the tutor of the matrix has no pupil assigned: another's pupil answers 404 like a missing one
    "inbox:question_detail": [(_question("pupil_a"), _only(ANSWERS, tutor=MISSING)),
                              (_question("pupil_b"), _only(ANSWERS, tutor=MISSING, coordinator_a=MISSING))],
}
