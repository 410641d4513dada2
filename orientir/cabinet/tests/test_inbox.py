"""What people send from the cabinet (decision 65), through HTTP: a student's document reaches the committee as a
task and comes back accepted or returned with a reason; every upload is bounded before it is read, and a crafted
file writes nothing; a parent's question reaches the pupil's tutor, who answers it; another family, another school
or another tutor gets 404; a withdrawal of consent erases the questions and their log."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orientir.cabinet import services_inbox
from orientir.cabinet.models import Document, Question
from orientir.cabinet.tests.helpers import contract, join, pupil
from orientir.core.deadlines import sections
from orientir.core.models import AuditEntry
from orientir.core.tests import hostile_workbooks as hostile
from orientir.pupils.models import TutorAssignment

pytestmark = pytest.mark.today("2027-03-15")  # a Monday: five working days later is Monday 22 March
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _as(client, user):
    client.force_login(user)
    return client


def _person(user):
    """A browser of its own for the person (client_for signs the shared test client in as the official)."""
    from django.test import Client

    return _as(Client(), user)


@pytest.fixture
def student(personas, school_a):
    mine = contract(school_a, "К-10", "Студентова")
    return {"contract": mine, "user": join(personas["committee"], "", "studentova", contract=mine),
            "other": contract(school_a, "К-11", "Чужова")}


def _send(client, contract_pk, data=PDF, name="справка.pdf", kind="study", note="1-й семестр"):
    return client.post(reverse("cabinet:contract_documents", args=[contract_pk]),
                       {"kind": kind, "note": note, "file": SimpleUploadedFile(name, data)})


# --- (a) Documents -----------------------------------------------------------------------------------------------

def test_a_students_certificate_becomes_a_task_for_the_committee(student, personas, client_for, client):
    response = _send(_as(client, student["user"]), student["contract"].pk)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.contract, document.kind, document.state, document.due_on, document.filename, document.size,
            bytes(document.content)) == (student["contract"], "study", "submitted", datetime.date(2027, 3, 22),
                                         "справка.pdf", len(PDF), PDF)
    entry = AuditEntry.objects.get(action="cabinet.document.uploaded")
    assert entry.actor == student["user"] and entry.object_id == str(document.pk)
    # the committee: on its list, in «Мои задачи», and the file as it was sent
    committee = personas["committee"]
    html = client_for(committee).get(reverse("inbox:document_list")).content.decode()
    assert "Студентова Анна" in html and "22.03.2027" in html
    [section] = [s for s in sections(committee, datetime.date(2027, 3, 15))
                 if s["title"] == "Документы из личного кабинета на проверке"]
    assert [(d.due, d.overdue) for d in section["items"]] == [(datetime.date(2027, 3, 22), False)]
    assert [(d.due, d.overdue) for d in [s for s in sections(committee, datetime.date(2027, 3, 23))
                                         if s["url"] == reverse("inbox:document_list")][0]["items"]] == [
        (datetime.date(2027, 3, 22), True)]
    file = client_for(committee).get(reverse("inbox:document_file", args=[document.pk]))
    assert file.status_code == 200 and file.content == PDF and file["Content-Type"] == "application/pdf"
    assert file["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(action="inbox.document_file.viewed", actor=committee).exists()


def test_the_committee_returns_with_a_reason_and_the_student_reads_it(student, personas, client_for):
    client = _person(student["user"])
    _send(client, student["contract"].pk)
    document = Document.objects.get()
    committee = client_for(personas["committee"])
    url = reverse("inbox:document_detail", args=[document.pk])
    assert committee.post(url, {"decision": "return", "reason": ""}).status_code == 422  # a reason is required
    assert Document.objects.get().state == "submitted"
    assert committee.post(url, {"decision": "return", "reason": "Нет печати колледжа"}).status_code == 302
    document.refresh_from_db()
    assert (document.state, document.return_reason, document.reviewed_by) == (
        "returned", "Нет печати колледжа", personas["committee"])
    assert AuditEntry.objects.filter(action="cabinet.document.returned", object_id=str(document.pk)).exists()
    # checked once: a second decision is refused
    assert committee.post(url, {"decision": "accept"}).status_code == 422
    page = client.get(reverse("cabinet:contract_documents", args=[student["contract"].pk])).content.decode()
    assert "Причина возврата: Нет печати колледжа" in page
    # sent again, accepted; no longer in «Мои задачи»
    _send(client, student["contract"].pk)
    again = Document.objects.get(state="submitted")
    assert committee.post(reverse("inbox:document_detail", args=[again.pk]), {"decision": "accept"}).status_code == 302
    assert Document.objects.get(pk=again.pk).state == "accepted"
    assert not [s for s in sections(personas["committee"], datetime.date(2027, 3, 15))
                if s["url"] == reverse("inbox:document_list")]


def test_another_citizens_contract_is_not_found_and_nothing_is_written(student, client):
    c = _as(client, student["user"])
    assert c.get(reverse("cabinet:contract_documents", args=[student["other"].pk])).status_code == 404
    assert _send(c, student["other"].pk).status_code == 404
    assert not Document.objects.exists()


def test_a_school_b_coordinator_does_not_see_school_as_documents(student, personas, client_for, client):
    _send(_as(client, student["user"]), student["contract"].pk)
    document = Document.objects.get()
    other = client_for(personas["coordinator_b"])
    assert other.get(reverse("inbox:document_detail", args=[document.pk])).status_code == 404
    assert "Студентова" not in other.get(reverse("inbox:document_list")).content.decode()
    assert client_for(personas["tutor"]).get(reverse("inbox:document_list")).status_code == 403


@pytest.mark.parametrize("name,data,message", [
    ("справка.exe", b"MZ\x90\x00" + b"\0" * 100, "Принимаются только PDF, JPEG и PNG"),
    ("справка.pdf", b"<html><script>alert(1)</script></html>", "Принимаются только PDF, JPEG и PNG"),
    ("справка.pdf", b"", "Принимаются только PDF, JPEG и PNG"),  # an empty file is no document either
])
def test_a_file_that_is_not_a_pdf_or_an_image_is_refused(student, client, name, data, message):
    response = _send(_as(client, student["user"]), student["contract"].pk, data=data, name=name)
    assert response.status_code == 422
    assert message in response.content.decode() or "Отправленный файл пуст" in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_by_its_size_before_it_is_read(student, client):
    class Huge(SimpleUploadedFile):
        def read(self, *args):  # the limit is checked on the declared size: nothing is read
            raise AssertionError("read before the size was checked")

    upload = Huge("scan.pdf", PDF)
    upload.size = services_inbox.DOCUMENT_MAX_BYTES + 1
    with pytest.raises(Exception, match="Файл больше 5 МБ"):
        services_inbox.read_document(upload)
    big = b"%PDF-1.4\n" + b"0" * services_inbox.DOCUMENT_MAX_BYTES
    response = _send(_as(client, student["user"]), student["contract"].pk, data=big)
    assert response.status_code == 422 and "Файл больше 5 МБ" in response.content.decode()
    assert not Document.objects.exists()


def test_the_crafted_workbooks_get_a_4xx_within_5_seconds_and_nothing_is_written(student, client):
    c = _as(client, student["user"])
    for crafted in sorted(hostile.HOSTILE):
        data = hostile.made(crafted)
        started = time.monotonic()
        response = _send(c, student["contract"].pk, data=data, name="справка.pdf")
        assert 400 <= response.status_code < 500 and time.monotonic() - started < 5, crafted
    assert not Document.objects.exists()
    assert c.get(reverse("cabinet:home")).status_code == 200


def test_documents_waiting_for_the_check_are_bounded(student, client):
    c = _as(client, student["user"])
    for _ in range(services_inbox.MAX_ON_CHECK):
        assert _send(c, student["contract"].pk).status_code == 302
    response = _send(c, student["contract"].pk)
    assert response.status_code == 422 and "дождитесь проверки" in response.content.decode()
    assert Document.objects.count() == 10


def test_the_document_list_runs_the_same_queries_for_1_and_for_8_documents(student, personas, client_for,
                                                                          django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _count():
        c = client_for(personas["committee"])
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("inbox:document_list")).status_code == 200
        return len(ctx.captured_queries)

    services_inbox.document_upload(user=student["user"], contract=student["contract"], kind="study", note="",
                                   data=PDF, filename="a.pdf", content_type="application/pdf")
    one = _count()
    for i in range(7):
        services_inbox.document_upload(user=student["user"], contract=student["other"], kind="employment", note="",
                                       data=PDF, filename=f"{i}.pdf", content_type="application/pdf")
    assert _count() == one


# --- (c) Questions to the tutor ----------------------------------------------------------------------------------

@pytest.fixture
def family(personas, school_a):
    from conftest import make_user

    ivanov = pupil(school_a, "Иванов")
    TutorAssignment.objects.create(pupil=ivanov, tutor=personas["tutor"], start_year=2026)
    return {"ivanov": ivanov, "parent": join(personas["coordinator_a"], "parent", "ivanova", pupil=ivanov,
                                             name=("Иванова", "Ольга", "Петровна")),
            "stranger": join(personas["coordinator_a"], "parent", "petrova", pupil=pupil(school_a, "Петров"),
                             name=("Петрова", "Анна", "")),
            "other_tutor": make_user("tutor2", "tutor", school_a.municipality, organisation=school_a)}


def _ask(client, pk, text="Когда будет профессиональная проба в детском саду?"):
    return client.post(reverse("cabinet:questions", args=[pk]), {"text": text})


def test_a_parents_question_reaches_the_tutor_who_answers_it(family, personas, client_for):
    client = _person(family["parent"])
    assert _ask(client, family["ivanov"].pk).status_code == 302
    question = Question.objects.get()
    assert (question.pupil, question.tutor, question.asked_by, question.due_on) == (
        family["ivanov"], personas["tutor"], family["parent"], datetime.date(2027, 3, 22))
    assert AuditEntry.objects.get(action="cabinet.question.asked").actor == family["parent"]
    tutor = client_for(personas["tutor"])
    listing = tutor.get(reverse("inbox:question_list") + "?state=open").content.decode()
    assert "Когда будет профессиональная проба" in listing and "22.03.2027" in listing
    url = reverse("inbox:question_detail", args=[question.pk])
    assert tutor.post(url, {"answer": ""}).status_code == 422
    assert tutor.post(url, {"answer": "В четверг, 18 марта, в 10:00."}).status_code == 302
    question.refresh_from_db()
    assert (question.answer, question.answered_by) == ("В четверг, 18 марта, в 10:00.", personas["tutor"])
    assert tutor.post(url, {"answer": "Ещё раз"}).status_code == 422  # answered once
    page = client.get(reverse("cabinet:questions", args=[family["ivanov"].pk])).content.decode()
    assert "В четверг, 18 марта, в 10:00." in page


def test_the_schools_coordinator_sees_the_question_in_my_tasks(family, personas):
    services_inbox.question_ask(user=family["parent"], pupil=family["ivanov"], text="Вопрос")
    [section] = [s for s in sections(personas["coordinator_a"], datetime.date(2027, 3, 15))
                 if s["url"] == reverse("inbox:question_list")]
    assert [(d.due, d.subject) for d in section["items"]] == [(datetime.date(2027, 3, 22), "Иванов Иван")]
    assert not [s for s in sections(personas["coordinator_b"], datetime.date(2027, 3, 15))
                if s["url"] == reverse("inbox:question_list")]


def test_another_tutor_another_school_and_another_family_get_404(family, personas, client_for, client):
    question = services_inbox.question_ask(user=family["parent"], pupil=family["ivanov"], text="Вопрос")
    url = reverse("inbox:question_detail", args=[question.pk])
    assert client_for(family["other_tutor"]).get(url).status_code == 404
    assert client_for(personas["coordinator_b"]).get(url).status_code == 404
    assert client_for(personas["committee"]).get(url).status_code == 403
    stranger = _as(client, family["stranger"])
    assert stranger.get(reverse("cabinet:questions", args=[family["ivanov"].pk])).status_code == 404
    assert _ask(stranger, family["ivanov"].pk).status_code == 404
    assert Question.objects.count() == 1


def test_without_consent_no_question_is_taken(personas, school_a, client):
    p = pupil(school_a, "Безсогласиев", consent=False)
    parent = join(personas["coordinator_a"], "parent", "bezs", pupil=p, name=("Безсогласиева", "Мария", ""))
    response = _ask(_as(client, parent), p.pk)
    assert response.status_code == 422 and "сначала дайте согласие" in response.content.decode()
    assert not Question.objects.exists()


def test_a_withdrawal_of_consent_erases_the_questions_and_their_log(family, client):
    question = services_inbox.question_ask(user=family["parent"], pupil=family["ivanov"],
                                           text="Секретный вопрос о здоровье")
    c = _as(client, family["parent"])
    assert c.post(reverse("cabinet:consent_withdraw", args=[family["ivanov"].pk]), {"confirm": "on"}).status_code == 302
    assert not Question.objects.exists()
    entry = AuditEntry.objects.get(action="cabinet.question.asked", object_id=str(question.pk))
    assert "Секретный вопрос" not in str(entry.changes)


def test_the_question_list_runs_the_same_queries_for_1_and_for_4_questions(family, personas, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _count():
        c = client_for(personas["tutor"])
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("inbox:question_list")).status_code == 200
        return len(ctx.captured_queries)

    services_inbox.question_ask(user=family["parent"], pupil=family["ivanov"], text="Первый")
    one = _count()
    for text in ("Второй", "Третий", "Четвёртый"):
        services_inbox.question_ask(user=family["parent"], pupil=family["ivanov"], text=text)
    assert _count() == one


def test_the_tutor_finds_the_waiting_questions_on_the_home_page(family, personas, client_for):
    services_inbox.question_ask(user=family["parent"], pupil=family["ivanov"], text="Когда будет проба?")
    html = client_for(personas["tutor"]).get(reverse("core:home")).content.decode()
    assert "Вопросы из личного кабинета без ответа: 1" in html and "Когда будет проба?" in html
    # a coordinator has «Мои задачи» for that; another tutor has no such question
    assert "Вопросы из личного кабинета без ответа" not in client_for(personas["coordinator_a"]).get(
        reverse("core:home")).content.decode()
    assert "Вопросы из личного кабинета без ответа" not in client_for(family["other_tutor"]).get(
        reverse("core:home")).content.decode()
