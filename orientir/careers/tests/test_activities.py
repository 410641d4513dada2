"""Career events (2.4, 2.5), the parents' log (2.7), prep courses and exam results (2.8.4), the consent eraser."""

import datetime

from django.urls import reverse

from orientir.careers import services, services_activities
from orientir.careers.models import (CareerEvent, EventParticipant, ExamResult, ParentConsultation, PrepAttendance,
                                     PrepCourse, PrepEnrolment, RunParticipant, SessionAttendance)
from orientir.core.models import AuditEntry
from orientir.pupils.services import consent_withdraw

from .helpers import TODAY, YEAR, make_event, make_pupil, make_run, xlsx_rows


def test_events_professional_days_participants_and_attendance(personas, client_for, school_a, school_b):
    client = client_for(personas["coordinator_a"])
    form = {"held_on": TODAY.isoformat(), "title": "Профессиональная суббота", "kind": "saturday", "place": "Колледж",
            "organiser": "Костромской педагогический колледж", "hours": "3", "description": ""}
    assert client.post(reverse("careers:event_create"), {**form, "hours": "30"}).status_code == 422
    assert client.post(reverse("careers:event_create"), form).status_code == 302
    event = CareerEvent.objects.get()
    assert event.pro_days and event.organisation == school_a and event.start_year == YEAR
    make_event(school_a, kind="excursion")
    assert client.get(reverse("careers:event_list"), {"pro_days": "1"}).context["page"].paginator.count == 1
    assert client.get(reverse("careers:event_list")).context["page"].paginator.count == 2
    pupil = make_pupil(school_a, "Берёзкина")
    without = make_pupil(school_a, "Соснина", consent=False)
    url = reverse("careers:event_participant_add", args=[event.pk])
    assert client.post(url, {"pupil": without.pk}).status_code == 422
    assert client.post(url, {"pupil": pupil.pk}).status_code == 302
    link = EventParticipant.objects.get()
    assert link.attended
    assert client.post(reverse("careers:event_attendance", args=[event.pk]), {}).status_code == 302
    link.refresh_from_db()
    assert not link.attended
    assert client_for(personas["coordinator_b"]).get(reverse("careers:event_detail", args=[event.pk])).status_code == 404
    client = client_for(personas["coordinator_a"])
    rows = xlsx_rows(client.get(reverse("careers:event_export"), {"pro_days": "1"}))
    assert any(r[2] == "Профессиональная суббота" for r in rows)


def test_parent_consultations_log_summary_and_export(personas, client_for, school_a):
    client = client_for(personas["coordinator_a"])
    pupil = make_pupil(school_a, "Берёзкина")
    form = {"held_on": TODAY.isoformat(), "consultant": "Петрова А. А., заместитель директора", "topic": "targeted",
            "form": "individual", "participants": 2, "parent_name": "Берёзкина Ольга Петровна", "pupil": pupil.pk,
            "outcome": "Подано заявление в целевую базу"}
    response = client.post(reverse("careers:parent_create"), {**form, "participants": 10})
    assert response.status_code == 422 and "не больше 3 участников" in response.content.decode()
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert client.post(reverse("careers:parent_create"), {**form, "held_on": tomorrow.isoformat()}).status_code == 422
    assert client.post(reverse("careers:parent_create"), form).status_code == 302
    assert client.post(reverse("careers:parent_create"), {**form, "form": "meeting", "participants": 25,
                                                          "pupil": "", "parent_name": ""}).status_code == 302
    assert ParentConsultation.objects.count() == 2
    data = client.get(reverse("careers:parent_summary")).context["data"]
    assert data["total"]["n"] == 2 and data["total"]["people"] == 27 and data["total"]["targeted"] == 2
    rows = xlsx_rows(client.get(reverse("careers:parent_export")))
    assert any("Берёзкина Ольга Петровна" in r for r in rows)  # the coordinator may export personal data
    rows = xlsx_rows(client_for(personas["committee"]).get(reverse("careers:parent_export")))
    assert not any("Берёзкина Ольга Петровна" in r for r in rows)  # the committee gets no names
    assert client_for(personas["coordinator_a"]).get(reverse("careers:parent_list"), {"form": "meeting"}).context["page"].paginator.count == 1


def test_prep_course_enrolment_results_and_comparison(personas, client_for, school_a, tmp_path, soffice, pdftotext):
    client = client_for(personas["coordinator_a"])
    assert client.post(reverse("careers:course_create"), {"start_year": YEAR, "subject": "math",
                                                          "teacher": "Сидоров С. С."}).status_code == 302
    course = PrepCourse.objects.get()
    grade11 = [make_pupil(school_a, name, grade=11) for name in ("Берёзкина", "Дубова", "Кленова", "Липова")]
    grade9 = make_pupil(school_a, "Ольхова", grade=9)
    no_consent = make_pupil(school_a, "Соснина", consent=False)
    enrol = reverse("careers:course_enrol", args=[course.pk])
    response = client.post(enrol, {"pupil": grade9.pk})
    assert response.status_code == 422 and "11-х классов" in response.content.decode()
    assert client.post(enrol, {"pupil": no_consent.pk}).status_code == 422
    for p in grade11[:2]:
        assert client.post(enrol, {"pupil": p.pk}).status_code == 302
    e1, e2 = PrepEnrolment.objects.order_by("id")
    assert client.post(reverse("careers:course_session_add", args=[course.pk]),
                       {"held_on": TODAY.isoformat(), "topic": "Задачи с параметром", "hours": 2}).status_code == 302
    session = course.sessions.get()
    assert client.post(reverse("careers:course_attendance", args=[course.pk, session.pk]),
                       {"present": [e1.pk]}).status_code == 302
    assert PrepAttendance.objects.count() == 1
    results = reverse("careers:course_results", args=[course.pk])
    response = client.post(results, {f"final_{e1.pk}": "101", f"final_{e2.pk}": "70"})
    assert response.status_code == 422 and not ExamResult.objects.exists()  # all or nothing
    assert client.post(results, {f"mock_{e1.pk}": "60", f"final_{e1.pk}": "80",
                                 f"final_{e2.pk}": "70"}).status_code == 302
    assert ExamResult.objects.count() == 3
    # other pupils' results are entered per school
    for p, score in ((grade11[2], 50), (grade11[3], 60)):
        assert client.post(reverse("careers:result_add"), {"start_year": YEAR, "pupil": p.pk, "subject": "math",
                                                           "kind": "final", "score": score}).status_code == 302
    assert client.post(reverse("careers:result_add"), {"start_year": YEAR, "pupil": grade11[2].pk,
                                                       "subject": "math", "kind": "final",
                                                       "score": -1}).status_code == 422
    # The committee (pupils.view) sees every group's figures.
    report = client_for(personas["committee"]).get(reverse("careers:prep_report"))
    (final_label, final), (mock_label, mock) = report.context["sections"]
    assert (final_label, mock_label) == ("ЕГЭ", "Пробный экзамен")
    line = final["lines"][0]
    assert line["in"] == {"n": 2, "mean": 75.0, "median": 75.0, "hidden": False}
    assert line["out"] == {"n": 2, "mean": 55.0, "median": 55.0, "hidden": False} and line["diff"] == 20.0
    # the mock score of Берёзкина (60) is not dropped: it is compared among the mock results, labelled so
    assert mock["lines"][0]["in"] == {"n": 1, "mean": 60.0, "median": 60, "hidden": False}
    assert "Берёзкина" not in report.content.decode() and "Пробный экзамен" in report.content.decode()
    rows = xlsx_rows(client_for(personas["committee"]).get(reverse("careers:prep_report_file", args=["xlsx"])))
    assert any(r[0] == "ЕГЭ" and r[1] == school_a.short_name and r[4] == 75 and r[7] == 55 for r in rows)
    assert any(r[0] == "Пробный экзамен" and r[1] == school_a.short_name and r[4] == 60 for r in rows)
    # An observer gets no mean of a group smaller than three: it would be a pupil's own score.
    observer = client_for(personas["observer"])
    report = observer.get(reverse("careers:prep_report"))
    line = report.context["sections"][0][1]["lines"][0]
    assert line["in"] == line["out"] == {"n": "менее 3", "mean": None, "median": None, "hidden": True}
    assert line["diff"] is None and "менее 3" in report.content.decode()
    rows = xlsx_rows(observer.get(reverse("careers:prep_report_file", args=["xlsx"])))
    assert any(r[1] == school_a.short_name and r[3] == "менее 3" and r[4] == "—" and r[7] == "—" for r in rows)
    assert not any(75 in r or 55 in r for r in rows)
    pdf = observer.get(reverse("careers:prep_report_file", args=["pdf"]))
    assert pdf.content[:4] == b"%PDF"
    path = tmp_path / "prep.xlsx"
    path.write_bytes(b"".join(observer.get(reverse("careers:prep_report_file", args=["xlsx"])).streaming_content))
    assert soffice(path), "LibreOffice could not open the prep-course report"
    (tmp_path / "prep-report.pdf").write_bytes(pdf.content)
    assert school_a.short_name in pdftotext(tmp_path / "prep-report.pdf")
    # names leave only for roles that may export personal data
    assert client_for(personas["committee"]).get(reverse("careers:result_export")).status_code == 403
    assert client_for(personas["coordinator_a"]).get(reverse("careers:result_export")).status_code == 200


def test_prep_report_shows_observers_groups_of_three_and_more(personas, client_for, school_a):
    course = services_activities.course_create(actor=None, organisation=school_a, data={
        "start_year": YEAR, "subject": "math", "teacher": "Сидоров С. С."})
    pupils = [make_pupil(school_a, name, grade=11) for name in ("Берёзкина", "Дубова", "Кленова", "Липова")]
    services_activities.course_enrol(actor=None, course=course, pupil=pupils[0], on=TODAY)
    for pupil, score in zip(pupils, (90, 50, 60, 70), strict=True):
        services_activities.exam_result_save(actor=None, pupil=pupil, subject="math", start_year=YEAR, kind="final",
                                             score=score)
    data = client_for(personas["observer"]).get(reverse("careers:prep_report")).context["data"]
    line = data["lines"][0]
    assert line["in"]["n"] == "менее 3" and line["in"]["mean"] is None  # the one attendee's 90 stays hidden
    assert line["out"] == {"n": 3, "mean": 60.0, "median": 60, "hidden": False} and line["diff"] is None
    assert data["min_group"] == 3
    assert client_for(personas["methodologist"]).get(reverse("careers:prep_report")).context["data"][
        "lines"][0]["diff"] == 30.0


def test_exam_results_list_logs_the_read_without_personal_values(personas, client_for, school_a):
    pupil = make_pupil(school_a, "Берёзкина", grade=11)
    services_activities.exam_result_save(actor=None, pupil=pupil, subject="math", start_year=YEAR, kind="final",
                                         score=87)
    client = client_for(personas["coordinator_a"])
    response = client.get(reverse("careers:result_list"), {"q": "Берёзкина", "subject": "math"})
    assert response.status_code == 200 and "87" in response.content.decode()
    entry = AuditEntry.objects.get(action="careers.exam_results.viewed")
    assert entry.actor == personas["coordinator_a"] and entry.changes["Показано записей"] == [None, 1]
    logged = f"{entry.object_repr} {entry.changes}"
    assert "Берёзкина" not in logged and "87" not in logged and "поиск по ФИО" in logged
    # A refused form shows the list too: that read is logged as well.
    assert client.post(reverse("careers:result_add"), {"start_year": YEAR, "pupil": pupil.pk, "subject": "math",
                                                       "kind": "final", "score": 101}).status_code == 422
    assert AuditEntry.objects.filter(action="careers.exam_results.viewed").count() == 2
    # No read is logged for a role that may not open the list.
    assert client_for(personas["observer"]).get(reverse("careers:result_list")).status_code == 403
    assert AuditEntry.objects.filter(action="careers.exam_results.viewed").count() == 2


def test_consent_withdrawal_erases_the_careers_data(personas, school_a):
    pupil = make_pupil(school_a, "Берёзкина", grade=11)
    run = make_run(school_a)
    link = services.run_participant_add(actor=None, run=run, pupil=pupil, on=TODAY)
    session = services.run_session_add(actor=None, run=run, held_on=TODAY, topic="Занятие", hours=2)
    services.attendance_save(actor=None, session=session, present_ids=[link.pk])
    event = make_event(school_a)
    services_activities.event_participant_add(actor=None, event=event, pupil=pupil)
    course = services_activities.course_create(actor=None, organisation=school_a, data={
        "start_year": YEAR, "subject": "math", "teacher": "Сидоров С. С."})
    enrolment = services_activities.course_enrol(actor=None, course=course, pupil=pupil, on=TODAY)
    prep_session = services_activities.course_session_add(actor=None, course=course, held_on=TODAY, topic="Т",
                                                          hours=2)
    services_activities.course_attendance_save(actor=None, session=prep_session, present_ids=[enrolment.pk])
    services_activities.exam_result_save(actor=None, pupil=pupil, subject="math", start_year=YEAR, kind="final",
                                         score=77)
    consultation = services_activities.consultation_create(actor=None, organisation=school_a, data={
        "held_on": TODAY, "consultant": "Петрова А. А.", "topic": "targeted", "form": "individual",
        "participants": 1, "parent_name": "Берёзкина Ольга Петровна", "pupil": pupil})
    other = make_pupil(school_a, "Дубова")
    services.run_participant_add(actor=None, run=run, pupil=other, on=TODAY)

    # a result corrected and deleted earlier: its log names the pupil and the score too
    earlier = services_activities.exam_result_save(actor=None, pupil=pupil, subject="russian", start_year=YEAR,
                                                   kind="mock", score=64)
    earlier_id = str(earlier.pk)
    services_activities.exam_result_delete(actor=None, result=earlier)

    consent_withdraw(actor=personas["coordinator_a"], pupil=pupil, on=TODAY, reason="заявление родителя")

    assert not SessionAttendance.objects.exists()
    assert list(RunParticipant.objects.values_list("pupil_id", flat=True)) == [other.pk]
    assert not EventParticipant.objects.exists() and not PrepEnrolment.objects.exists()
    assert not PrepAttendance.objects.exists() and not ExamResult.objects.exists()
    consultation.refresh_from_db()
    assert consultation.pupil is None and consultation.parent_name == ""
    entry = AuditEntry.objects.get(action="guidance.pupil.consent_withdrawn")
    assert entry.changes["Результаты экзаменов"] == [1, 0]
    assert entry.changes["Участие в программах профориентации"] == [1, 0]
    # The log keeps who did what and when, but no scores, no pupil's or parent's name.
    scores = AuditEntry.objects.filter(action__startswith="careers.exam_result.")
    assert scores.count() == 3 and {e.object_id for e in scores} >= {earlier_id}
    for e in scores:
        assert e.changes["Баллы"] == ["удалено", "удалено"]
        assert "Берёзкина" not in e.object_repr and e.object_repr == "Результат экзамена (удалён: отзыв согласия)"
    created = AuditEntry.objects.get(action="careers.parent_consultation.created", object_id=str(consultation.pk))
    assert created.changes["parent_name"] == ["удалено", "удалено"] and created.changes["pupil"] == ["удалено",
                                                                                                      "удалено"]
    assert created.changes["consultant"] == [None, "Петрова А. А."]  # the staff member's name is not the pupil's
    careers_log = " ".join(f"{e.object_repr} {e.changes}" for e in AuditEntry.objects.filter(
        action__startswith="careers."))
    assert "Берёзкина" not in careers_log and "77" not in careers_log and "64" not in careers_log
    assert "Дубова Анна" in careers_log  # another pupil of the same run keeps their entry
