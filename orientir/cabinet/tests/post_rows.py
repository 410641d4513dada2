"""POST rows of the cabinet (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

Invitations are issued with cabinet.invite (an administrator, the committee, a school's coordinator, a tutor) within
the role's scope: school A's pupil is not the tutor's (404: tutors see assigned pupils only), school B's pupil is
not school A's coordinator's. A contract's citizen is invited by those who see the contract. The people's own writes
(consent, one more child) refuse every official (403) and send the anonymous visitor to the cabinet's entrance.
"""

from orientir.accounts.tests.post_matrix_kit import FORBIDDEN, FOUND, KEEP, MISSING, PASS, Post, _all, writes
from orientir.cabinet.tests.matrix_rows import ANSWERS, CHECKS, _document, _question

INVITE = {"admin", "committee", "coordinator_a", "tutor"}
PERSON_WRITE = _all(FORBIDDEN, anon=FOUND)


def _pupil(school):
    return lambda o: {"pk": o[school].pk}


def _studying_contract(o):
    from orientir.contracts.models import Contract
    from orientir.contracts.tests.matrix_rows import _contract

    kwargs = _contract(o)
    Contract.objects.filter(pk=kwargs["pk"]).update(state="studying")
    return kwargs


ROWS: dict = {
    "invitations:pupil": [
        Post(_pupil("pupil_a"), {"kind": "parent"},
             writes(INVITE, tutor=MISSING, observer=MISSING)),
        Post(_pupil("pupil_b"), {"kind": "parent"},
             writes(INVITE, tutor=MISSING, coordinator_a=MISSING, observer=MISSING)),
    ],
    "invitations:contract": [Post(_studying_contract, {}, writes({"admin", "committee", "coordinator_a"}))],
    # The entrance: a wrong password or a wrong code is the form's error for anybody; nothing is written.
    "cabinet:login": [Post(None, {"username": "coord_a", "password": "не-тот-пароль"}, _all(KEEP, anon=KEEP))],
    "cabinet:logout": [Post(None, {}, _all(PASS, anon=PASS))],
    "cabinet:join": [Post(None, {"code": "AAAA-BBBB-CCCC", "username": "someone", "password1": "Длинный-пароль-1",
                                 "password2": "Длинный-пароль-1"}, _all(KEEP, anon=KEEP))],
    "cabinet:consent": [Post(_pupil("pupil_a"), {"agree": "on"}, PERSON_WRITE)],
    "cabinet:consent_withdraw": [Post(_pupil("pupil_a"), {"confirm": "on"}, PERSON_WRITE)],
    "cabinet:password_change": [Post(None, {"old_password": "x", "new_password1": "Длинный-пароль-1",
                                            "new_password2": "Длинный-пароль-1"}, PERSON_WRITE)],
    "cabinet:link": [Post(None, {"code": "AAAA-BBBB-CCCC"}, PERSON_WRITE)],
    # What people send (decision 65): a person's own writes refuse every official; the officials' check and answer
    # follow the GET rows.
    "cabinet:contract_documents": [Post(_studying_contract, {"kind": "study"}, PERSON_WRITE)],
    "cabinet:questions": [Post(_pupil("pupil_a"), {"text": "Вопрос"}, PERSON_WRITE)],
    "inbox:document_detail": [
        Post(_document("school_a"), {"decision": "return", "reason": "Нет печати"}, writes(CHECKS)),
        Post(_document("school_b"), {"decision": "accept"}, writes(CHECKS, coordinator_a=MISSING)),
    ],
    "inbox:question_detail": [
        Post(_question("pupil_a"), {"answer": "В четверг."}, writes(ANSWERS, tutor=MISSING)),
        Post(_question("pupil_b"), {"answer": "В четверг."}, writes(ANSWERS, tutor=MISSING, coordinator_a=MISSING)),
    ],
}
