"""The programme bank (2.4.1), delivery (2.4.2), hours and levels, monitoring (2.4.3) through HTTP."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orientir.careers import services
from orientir.careers.levels import level_for
from orientir.careers.models import Programme, RunParticipant, RunSession, SessionAttendance
from orientir.core.models import AuditEntry

from .helpers import TODAY, YEAR, make_event, make_programme, make_pupil, make_run, xlsx_rows

FORM = {"start_year": YEAR, "title": "Сетевая программа «Педагогический класс»", "kind": "trials",
        "sector": "education", "authors": "Иванова И. И., Петрова П. П.", "grade_from": 8, "grade_to": 11,
        "hours": "36", "partners_text": "КГУ", "description": "Пробы в начальной школе"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_coordinator_proposes_and_only_the_methodologist_approves(personas, client_for, school_a):
    client = client_for(personas["coordinator_a"])
    assert client.get(reverse("careers:programme_create")).status_code == 200
    response = client.post(reverse("careers:programme_create"), {**FORM, "grade_from": 11, "grade_to": 8})
    assert response.status_code == 422 and "не может быть больше" in response.content.decode()
    response = client.post(reverse("careers:programme_create"), FORM)
    assert response.status_code == 302
    p = Programme.objects.get()
    assert p.organisation == school_a and p.status == "draft" and p.municipality_id == school_a.municipality_id
    upload = SimpleUploadedFile("programme.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(reverse("careers:programme_file_add", args=[p.pk]),
                       {"title": "Текст программы", "file": upload}).status_code == 302
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    assert client.post(reverse("careers:programme_file_add", args=[p.pk]), {"file": bad}).status_code == 422
    f = p.files.get()
    response = client.get(reverse("careers:programme_file", args=[p.pk, f.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert client.post(reverse("careers:programme_submit", args=[p.pk])).status_code == 302
    p.refresh_from_db()
    assert p.status == "submitted"
    # under review nobody edits it; the coordinator may not approve
    assert client.get(reverse("careers:programme_edit", args=[p.pk])).status_code == 403
    assert client.post(reverse("careers:programme_review", args=[p.pk]), {"decision": "approve"}).status_code == 403
    assert client_for(personas["directorate"]).post(reverse("careers:programme_review", args=[p.pk]),
                                                    {"decision": "approve"}).status_code == 403
    p.refresh_from_db()
    assert p.status == "submitted"
    methodologist = client_for(personas["methodologist"])
    response = methodologist.post(reverse("careers:programme_review", args=[p.pk]), {"decision": "return"})
    assert response.status_code == 422 and "без замечаний" in response.content.decode()
    assert methodologist.post(reverse("careers:programme_review", args=[p.pk]),
                              {"decision": "return", "comment": "Добавьте план занятий"}).status_code == 302
    p.refresh_from_db()
    assert p.status == "returned" and p.review_comment == "Добавьте план занятий"
    client = client_for(personas["coordinator_a"])
    assert client.post(reverse("careers:programme_edit", args=[p.pk]), {**FORM, "hours": "40"}).status_code == 302
    assert client.post(reverse("careers:programme_submit", args=[p.pk])).status_code == 302
    methodologist = client_for(personas["methodologist"])
    assert methodologist.post(reverse("careers:programme_review", args=[p.pk]),
                              {"decision": "approve"}).status_code == 302
    p.refresh_from_db()
    assert p.status == "approved" and p.hours == Decimal(40) and p.reviewed_by == personas["methodologist"]
    actions = set(AuditEntry.objects.filter(object_id=str(p.pk)).values_list("action", flat=True))
    assert {"careers.programme.created", "careers.programme.submitted", "careers.programme.returned",
            "careers.programme.approved", "careers.programme.file_added"} <= actions


def test_bank_list_filters_and_export(personas, client_for, school_a, school_b):
    make_programme(school_a, title="Пробы «Учитель»")
    make_programme(school_b, title="Экскурсии в детский сад", status="draft")
    client = client_for(personas["coordinator_a"])
    response = client.get(reverse("careers:programme_list"))
    assert "Пробы «Учитель»" in response.content.decode()
    assert "Экскурсии в детский сад" not in response.content.decode()  # school B's draft
    response = client_for(personas["methodologist"]).get(reverse("careers:programme_list"), {"status": "draft"})
    assert "Экскурсии в детский сад" in response.content.decode()
    assert "Пробы «Учитель»" not in response.content.decode()
    assert client.get(reverse("careers:programme_list"), {"grade": 5}).context["page"].paginator.count == 0
    assert client.get(reverse("careers:programme_list"), {"q": "учитЕль"}).context["page"].paginator.count == 1
    rows = xlsx_rows(client.get(reverse("careers:programme_export")))
    assert any(r[0] == "Пробы «Учитель»" for r in rows)


def test_list_pages_run_bounded_queries(personas, client_for, school_a, django_assert_max_num_queries):
    for i in range(6):
        run = make_run(school_a, make_programme(school_a, title=f"Программа {i}"))
        services.run_session_add(actor=None, run=run, held_on=TODAY, topic="Занятие", hours=2)
        make_event(school_a)
    client = client_for(personas["methodologist"])
    # The count does not grow with the rows: six programmes, runs and events give the same pin as one would.
    # (The results list writes one more: its read of pupils' scores goes to the log.)
    for name, pin in (("careers:programme_list", 10), ("careers:run_list", 9), ("careers:event_list", 9),
                      ("careers:parent_list", 8), ("careers:course_list", 8), ("careers:result_list", 10),
                      ("careers:monitoring", 15), ("careers:parent_summary", 7),
                      ("careers:prep_report", 9)):  # two queries for each kind of result, the ЕГЭ and the mock
        with django_assert_max_num_queries(pin):
            assert client.get(reverse(name)).status_code == 200, name


def test_run_scope_enrolment_consent_and_attendance(personas, client_for, school_a, school_b):
    run = make_run(school_a)
    with_consent = make_pupil(school_a, "Берёзкина")
    without = make_pupil(school_a, "Соснина", consent=False)
    foreign = make_pupil(school_b, "Чужая")
    # school B's coordinator does not see school A's run at all
    coord_b = client_for(personas["coordinator_b"])
    assert coord_b.get(reverse("careers:run_detail", args=[run.pk])).status_code == 404
    assert coord_b.post(reverse("careers:run_participant_add", args=[run.pk]),
                        {"pupil": with_consent.pk}).status_code == 404
    client = client_for(personas["coordinator_a"])
    url = reverse("careers:run_participant_add", args=[run.pk])
    response = client.post(url, {"pupil": without.pk})
    assert response.status_code == 422 and "нет действующего согласия" in response.content.decode()
    response = client.post(url, {"pupil": foreign.pk})
    assert response.status_code == 422 and not RunParticipant.objects.exists()
    assert client.post(url, {"pupil": with_consent.pk}).status_code == 302
    participant = RunParticipant.objects.get()
    response = client.post(reverse("careers:run_session_add", args=[run.pk]),
                           {"held_on": datetime.date(YEAR - 1, 5, 5).isoformat(), "topic": "Вне года", "hours": 2})
    assert response.status_code == 422 and "вне учебного года" in response.content.decode()
    response = client.post(reverse("careers:run_session_add", args=[run.pk]),
                           {"held_on": TODAY.isoformat(), "topic": "Проба", "hours": "3.5"})
    session = RunSession.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("careers:run_attendance", args=[run.pk, session.pk]))
    att = reverse("careers:run_attendance", args=[run.pk, session.pk])
    assert client.get(att).status_code == 200
    # somebody not enrolled cannot be marked
    other = services.run_participant_add(actor=None, run=make_run(school_b), pupil=foreign, on=TODAY)
    response = client.post(att, {"present": [participant.pk, other.pk]})
    assert response.status_code == 422 and not SessionAttendance.objects.exists()
    assert client.post(att, {"present": [participant.pk]}).status_code == 302
    assert SessionAttendance.objects.filter(session=session, participant=participant).exists()
    page = client.get(reverse("careers:run_detail", args=[run.pk])).content.decode()
    assert "3,5" in page or "3.5" in page
    assert AuditEntry.objects.filter(action="careers.run.viewed", object_id=str(run.pk)).exists()
    # unticking removes the mark
    assert client.post(att, {}).status_code == 302
    assert not SessionAttendance.objects.exists()
    assert client_for(personas["committee"]).post(att, {"present": [participant.pk]}).status_code == 403


def test_only_approved_programmes_are_run(personas, client_for, school_a):
    draft = make_programme(school_a, status="draft")
    client = client_for(personas["coordinator_a"])
    response = client.post(reverse("careers:run_create"), {"programme": draft.pk, "start_year": YEAR})
    assert response.status_code == 422
    approved = make_programme(school_a, title="Одобренная")
    response = client.post(reverse("careers:run_create"), {"programme": approved.pk, "start_year": YEAR,
                                                          "leader": "Иванова И. И."})
    assert response.status_code == 302
    response = client.post(reverse("careers:run_create"), {"programme": approved.pk, "start_year": YEAR})
    assert response.status_code == 422 and "уже реализуется" in response.content.decode()


@pytest.mark.parametrize("hours,level", [(0, ""), (39, ""), (Decimal("39.5"), ""), (40, "basic"), (59, "basic"),
                                         (60, "main"), (79, "main"), (80, "advanced"), (120, "advanced")])
def test_level_thresholds(hours, level):
    assert level_for(hours)[0] == level


@pytest.mark.parametrize("session_hours,event_hours,level_label", [
    ((20, 15), 4, "Ниже базового"),   # 39
    ((20, 16), 4, "Базовый"),         # 40
    ((24, 24), 12, "Основной"),       # 60
    ((24, 24, 24), 8, "Продвинутый"),  # 80
])
def test_hours_of_attended_sessions_and_events_give_the_level(personas, client_for, school_a, session_hours,
                                                              event_hours, level_label):
    run = make_run(school_a)
    pupil = make_pupil(school_a, "Берёзкина")
    absent = make_pupil(school_a, "Соснина")
    link = services.run_participant_add(actor=None, run=run, pupil=pupil, on=TODAY)
    services.run_participant_add(actor=None, run=run, pupil=absent, on=TODAY)
    for h in session_hours:
        session = services.run_session_add(actor=None, run=run, held_on=TODAY, topic="Занятие", hours=Decimal(h))
        services.attendance_save(actor=None, session=session, present_ids=[link.pk])
    from orientir.careers import services_activities

    event = make_event(school_a, hours=event_hours)
    services_activities.event_participant_add(actor=None, event=event, pupil=pupil, attended=True)
    total = sum(session_hours) + event_hours
    client = client_for(personas["coordinator_a"])
    response = client.get(reverse("careers:run_detail", args=[run.pk]))
    rows = {p.pupil_id: p for p in response.context["participants"]}
    assert rows[pupil.pk].year_hours == total and rows[pupil.pk].level_label == level_label
    assert rows[absent.pk].year_hours == 0
    # the pupil's page shows the hours and the level on the timeline
    page = client.get(reverse("pupils:pupil_detail", args=[pupil.pk])).content.decode()
    assert f"{total}" in page and f"уровень «{level_label}»" in page
    # the monitoring counts the pupil at that level, without names
    data = client_for(personas["methodologist"]).get(reverse("careers:monitoring")).context["data"]
    line = next(ln for ln in data["lines"] if ln.organisation == school_a)
    assert line.pupil_hours == total and line.participants == 2
    code = level_for(total)[0]
    assert (line.levels.get(code) if code else line.below) == 1


def test_monitoring_reports_and_observer(personas, client_for, school_a):
    run = make_run(school_a)
    pupil = make_pupil(school_a, "Берёзкина")
    link = services.run_participant_add(actor=None, run=run, pupil=pupil, on=TODAY)
    for hours in (24, 21):
        session = services.run_session_add(actor=None, run=run, held_on=TODAY, topic="Занятие", hours=Decimal(hours))
        services.attendance_save(actor=None, session=session, present_ids=[link.pk])
    observer = client_for(personas["observer"])
    response = observer.get(reverse("careers:monitoring"))
    assert response.status_code == 200 and "Берёзкина" not in response.content.decode()
    rows = xlsx_rows(observer.get(reverse("careers:monitoring_report", args=["xlsx"])))
    school_row = next(r for r in rows if r[0] == school_a.short_name)
    assert school_row[1] == 1 and school_row[2] == 1 and school_row[3] == 1 and school_row[4] == 2 \
        and school_row[9] == 45 and school_row[10] == 1  # one pupil at the basic level
    assert not any("Берёзкина" in str(c) for r in rows for c in r)
    pdf = observer.get(reverse("careers:monitoring_report", args=["pdf"]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert AuditEntry.objects.filter(action="careers.monitoring.exported").count() == 2


def test_monitoring_report_opens_in_libreoffice(personas, client_for, school_a, tmp_path, soffice, pdftotext):
    make_run(school_a)
    client = client_for(personas["methodologist"])
    path = tmp_path / "monitoring.xlsx"
    path.write_bytes(b"".join(client.get(reverse("careers:monitoring_report", args=["xlsx"])).streaming_content))
    (tmp_path / "out").mkdir()
    converted = soffice(path, outdir=tmp_path / "out")
    assert converted, "LibreOffice could not open the XLSX report"
    assert school_a.short_name in pdftotext(converted, layout=True)
    # LibreOffice here has no PDF import filter: the PDF report is checked with poppler instead.
    pdf = tmp_path / "monitoring-report.pdf"
    pdf.write_bytes(client.get(reverse("careers:monitoring_report", args=["pdf"])).content)
    text = pdftotext(pdf, layout=True)
    assert "Мониторинг разработки и реализации" in text and school_a.short_name in text


def test_monitoring_export_keeps_the_screens_column_order(personas, client_for, school_a):
    """The 2.4.3 Excel put «Ниже базового» first while the screen puts it last: the export's level columns
    follow the page's header, from the basic level up and then below the basic."""
    make_run(school_a)
    client = client_for(personas["methodologist"])
    page = client.get(reverse("careers:monitoring")).content.decode()
    header = page[page.index("<th class=\"ps-3\">Организация"):]
    header = header[:header.index("</tr>")]
    on_screen = [label for label in ("Базовый", "Основной", "Продвинутый", "Ниже базового") if label in header]
    assert sorted(on_screen, key=header.index) == ["Базовый", "Основной", "Продвинутый", "Ниже базового"]
    titles = xlsx_rows(client.get(reverse("careers:monitoring_report", args=["xlsx"])))
    head = next(r for r in titles if r and r[0] == "Организация")
    levels = [str(c).split(" (")[0] for c in head if c and str(c).split(" (")[0] in on_screen]
    assert levels == ["Базовый", "Основной", "Продвинутый", "Ниже базового"]
