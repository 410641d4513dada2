"""Profile classes (2.1–2.1.4) and motivated pupils (2.2) through HTTP: scope, the consent and grade rules,
audit, exports, the monitoring report and bounded queries."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.directory.services import academic_year_for
from orientir.pupils import services, services_classes
from orientir.pupils.models import ClassActivity, MotivatedPupil, ProfileClass, ProfileClassMember

TODAY = datetime.date.today()
YEAR = academic_year_for(TODAY)


def make_pupil(school, last_name, *, grade=None, consent=True, actor=None):
    data = {"last_name": last_name, "first_name": "Анна"}
    if consent:
        data.update(grade=grade, class_letter="А")
    return services.pupil_create(actor=actor, organisation=school, data=data,
                                 consent={"given_by_name": f"{last_name} Ольга Петровна",
                                          "given_on": TODAY} if consent else None)


def make_class(school, name="10 «П»", orientation="pedagogical", planned=25, year=YEAR):
    return services_classes.profile_class_create(actor=None, organisation=school, data={
        "start_year": year, "name": name, "kind": "class", "orientation": orientation, "grade": 10,
        "planned_headcount": planned, "partners": "КГУ им. Некрасова"})


def xlsx_rows(response) -> list[tuple]:
    body = b"".join(response.streaming_content)
    assert body[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def pc_a(school_a):
    return make_class(school_a)


def test_coordinator_creates_a_class_staffs_it_and_logs_an_activity(personas, client_for, school_a, school_b):
    client = client_for(personas["coordinator_a"])
    url = reverse("pupils:class_create")
    assert client.get(url).status_code == 200
    form = {"start_year": YEAR, "name": "10 «П»", "kind": "class", "orientation": "medical", "grade": 10,
            "planned_headcount": 2, "partners": "Медицинский колледж", "description": ""}
    response = client.post(url, {**form, "name": ""})
    assert response.status_code == 422 and not ProfileClass.objects.exists()
    response = client.post(url, form)
    assert response.status_code == 302
    pc = ProfileClass.objects.get()
    assert pc.organisation == school_a and pc.orientation == "medical" and pc.planned_headcount == 2
    assert AuditEntry.objects.filter(action="guidance.profile_class.created", object_id=str(pc.pk)).exists()
    # the same name in the same year is refused with a message next to the field
    response = client.post(url, {**form, "name": "10  «п»"})
    assert response.status_code == 422 and "уже есть класс" in response.content.decode()

    # roster: only pupils of the school with an active consent
    with_consent = make_pupil(school_a, "Берёзкина", grade=10)
    without = make_pupil(school_a, "Соснина", consent=False)
    foreign = make_pupil(school_b, "Чужая", grade=10)
    add_url = reverse("pupils:class_member_add", args=[pc.pk])
    response = client.post(add_url, {"pupil": without.pk, "joined_on": TODAY.isoformat()})
    assert response.status_code == 422
    assert "нет действующего согласия на обработку персональных данных" in response.content.decode()
    response = client.post(add_url, {"pupil": foreign.pk, "joined_on": TODAY.isoformat()})
    assert response.status_code == 422 and "Выберите обучающегося этой школы" in response.content.decode()
    assert not ProfileClassMember.objects.exists()
    assert client.post(add_url, {"pupil": with_consent.pk, "joined_on": TODAY.isoformat()}).status_code == 302
    link = ProfileClassMember.objects.get()
    assert link.pupil == with_consent and link.left_on is None
    assert AuditEntry.objects.filter(action="guidance.profile_class.member_added").count() == 1
    page = client.get(reverse("pupils:class_detail", args=[pc.pk])).content.decode()
    assert "Берёзкина Анна" in page and "Зачисление в класс" in page

    # joint activity (2.1.3): in the class's school year and not in the future
    act_url = reverse("pupils:class_activity_add", args=[pc.pk])
    activity = {"held_on": datetime.date(YEAR, 9, 1).isoformat(), "kind": "excursion",
                "title": "Экскурсия в областную больницу", "partner": "ОГБУЗ «Городская больница»",
                "participants": 12, "notes": ""}
    response = client.post(act_url, {**activity, "held_on": datetime.date(YEAR - 1, 5, 1).isoformat()})
    assert response.status_code == 422 and "вне учебного года" in response.content.decode()
    future = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert client.post(act_url, {**activity, "held_on": future}).status_code == 422
    assert client.post(act_url, activity).status_code == 302
    assert ClassActivity.objects.get().title == "Экскурсия в областную больницу"
    assert AuditEntry.objects.filter(action="guidance.profile_class.activity_added").count() == 1

    # a class with a roster or activities is not deleted; leaving keeps the membership in history
    response = client.post(reverse("pupils:class_delete", args=[pc.pk]), follow=True)
    assert "Класс не удалён" in response.content.decode() and ProfileClass.objects.filter(pk=pc.pk).exists()
    client.post(reverse("pupils:class_member_remove", args=[pc.pk, link.pk]))
    link.refresh_from_db()
    assert link.left_on == TODAY
    assert AuditEntry.objects.filter(action="guidance.profile_class.member_removed").exists()
    # a pupil who left may come back
    assert client.post(add_url, {"pupil": with_consent.pk, "joined_on": TODAY.isoformat()}).status_code == 302
    link.refresh_from_db()
    assert link.left_on is None


def test_an_empty_class_is_deleted_with_audit(personas, client_for, pc_a):
    client = client_for(personas["coordinator_a"])
    assert client.get(reverse("pupils:class_delete", args=[pc_a.pk])).status_code == 405
    assert client.post(reverse("pupils:class_delete", args=[pc_a.pk])).status_code == 302
    assert not ProfileClass.objects.exists()
    assert AuditEntry.objects.filter(action="guidance.profile_class.deleted").exists()


def test_scope_other_school_is_404_and_readers_cannot_write(personas, client_for, pc_a, school_a):
    pupil = make_pupil(school_a, "Ёлкина", grade=10)
    client = client_for(personas["coordinator_b"])
    for name in ("class_detail", "class_edit"):
        assert client.get(reverse(f"pupils:{name}", args=[pc_a.pk])).status_code == 404
    assert client.post(reverse("pupils:class_member_add", args=[pc_a.pk]),
                       {"pupil": pupil.pk, "joined_on": TODAY.isoformat()}).status_code == 404
    assert "10 «П»" not in client.get(reverse("pupils:class_list")).content.decode()
    assert not ProfileClassMember.objects.exists()

    # the education directorate reads everything in scope but changes nothing
    client = client_for(personas["directorate"])
    assert client.get(reverse("pupils:class_detail", args=[pc_a.pk])).status_code == 200
    assert "10 «П»" in client.get(reverse("pupils:class_list")).content.decode()
    assert client.post(reverse("pupils:class_member_add", args=[pc_a.pk]),
                       {"pupil": pupil.pk, "joined_on": TODAY.isoformat()}).status_code == 403
    assert client.get(reverse("pupils:class_create")).status_code == 403
    # the culture directorate has no schools in scope
    assert client_for(personas["culture_directorate"]).get(
        reverse("pupils:class_detail", args=[pc_a.pk])).status_code == 404
    # tutors and observers do not use these registers
    for role in ("tutor", "observer"):
        client = client_for(personas[role])
        assert client.get(reverse("pupils:class_list")).status_code == 403
        assert client.get(reverse("pupils:class_detail", args=[pc_a.pk])).status_code == 403
        assert client.get(reverse("pupils:motivated_list")).status_code == 403


def test_motivated_pupils_only_grades_9_and_11_with_consent(personas, client_for, school_a, school_b):
    ninth = make_pupil(school_a, "Девятова", grade=9)
    eighth = make_pupil(school_a, "Восьмова", grade=8)
    no_consent = make_pupil(school_a, "Безсогласова", consent=False)
    foreign = make_pupil(school_b, "Чужова", grade=11)
    client = client_for(personas["coordinator_a"])
    url = reverse("pupils:motivated_create")
    page = client.get(url).content.decode()
    assert "Девятова" in page and "Восьмова" not in page and "Чужова" not in page

    response = client.post(url, {"pupil": eighth.pk, "sector": "education"})
    assert response.status_code == 422 and "только 9-х и 11-х классов" in response.content.decode()
    response = client.post(url, {"pupil": no_consent.pk, "sector": "education"})
    assert response.status_code == 422 and "нет действующего согласия" in response.content.decode()
    assert client.post(url, {"pupil": foreign.pk, "sector": "education"}).status_code == 422
    assert not MotivatedPupil.objects.exists()

    assert client.post(url, {"pupil": ninth.pk, "sector": "culture", "note": "Музыкальная школа"}).status_code == 302
    mark = MotivatedPupil.objects.get()
    assert (mark.pupil, mark.start_year, mark.sector, mark.marked_by) == (ninth, YEAR, "culture",
                                                                           personas["coordinator_a"])
    assert AuditEntry.objects.filter(action="guidance.motivated_pupil.created", object_id=str(mark.pk)).exists()
    response = client.post(url, {"pupil": ninth.pk, "sector": "education"})
    assert response.status_code == 422 and "уже отмечен" in response.content.decode()

    # edit and lists
    assert client.post(reverse("pupils:motivated_edit", args=[mark.pk]), {"sector": "sport"}).status_code == 302
    mark.refresh_from_db()
    assert mark.sector == "sport"
    assert AuditEntry.objects.filter(action="guidance.motivated_pupil.updated").exists()
    assert "Девятова" in client.get(reverse("pupils:motivated_list")).content.decode()
    assert "Девятова" in client_for(personas["committee"]).get(reverse("pupils:motivated_list")).content.decode()
    assert "Девятова" not in client_for(personas["coordinator_b"]).get(
        reverse("pupils:motivated_list")).content.decode()
    assert client_for(personas["coordinator_b"]).get(
        reverse("pupils:motivated_edit", args=[mark.pk])).status_code == 404

    # the export names minors: roles with pupils.export only, and it is logged
    client = client_for(personas["coordinator_a"])
    rows = xlsx_rows(client.get(reverse("pupils:motivated_export")))
    assert any("Девятова" in row for row in rows)
    assert AuditEntry.objects.filter(action="guidance.motivated_pupils.exported").count() == 1
    assert client_for(personas["directorate"]).get(reverse("pupils:motivated_export")).status_code == 403

    client = client_for(personas["coordinator_a"])
    assert client.post(reverse("pupils:motivated_delete", args=[mark.pk])).status_code == 302
    assert not MotivatedPupil.objects.exists()
    assert AuditEntry.objects.filter(action="guidance.motivated_pupil.deleted").exists()


def _populate(school, n_classes: int, prefix: str):
    for i in range(n_classes):
        pc = make_class(school, name=f"{prefix}{i}", orientation=["sport", "engineering", "culture"][i % 3])
        pupil = make_pupil(school, f"{prefix}Ученица{i}", grade=9 if i % 2 else 11)
        services_classes.member_add(actor=None, profile_class=pc, pupil=pupil, joined_on=TODAY)
        services_classes.activity_add(actor=None, profile_class=pc, data={
            "held_on": datetime.date(YEAR, 9, 1), "kind": "meeting", "title": f"Встреча {i}", "participants": 5})
        services_classes.motivated_mark(actor=None, pupil=pupil, start_year=YEAR, sector="education")


def test_exports_and_monitoring_report(personas, client_for, school_a, school_b):
    _populate(school_a, 2, "А")
    make_class(school_b, name="11 «И»", orientation="engineering", planned=20)
    client = client_for(personas["committee"])
    page = client.get(reverse("pupils:class_list")).content.decode()
    assert "план 70 чел., факт 2 чел., совместных мероприятий 2" in page
    rows = xlsx_rows(client.get(reverse("pupils:class_export")))
    assert {r[2] for r in rows[4:]} == {"А0", "А1", "11 «И»"}
    rows = xlsx_rows(client.get(reverse("pupils:class_activity_export")))
    assert {r[5] for r in rows[4:]} == {"Встреча 0", "Встреча 1"}

    page = client.get(reverse("pupils:class_monitoring")).content.decode()
    assert "МБОУ СОШ № 1" in page and "МБОУ СОШ № 2" in page
    rows = xlsx_rows(client.get(reverse("pupils:class_monitoring_report", kwargs={"fmt": "xlsx"})))
    by_class = {r[1]: r for r in rows[4:] if r[0]}
    assert by_class["А0"][5:7] == (25, 1) and by_class["А0"][8] == 1
    assert by_class["11 «И»"][5:7] == (20, 0)
    total = next(r for r in rows if r[0] == "Итого по муниципалитету")
    assert total[5:7] == (70, 2) and total[8] == 2
    assert any(r[0] and r[0].startswith("Инженерный: классов (групп) — 2") for r in rows)
    response = client.get(reverse("pupils:class_monitoring_report", kwargs={"fmt": "pdf"}))
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    assert AuditEntry.objects.filter(action="guidance.profile_class_monitoring.exported").count() == 2
    assert client.get("/guidance/classes/monitoring/report.doc").status_code == 404

    # a coordinator's report covers their school only
    rows = xlsx_rows(client_for(personas["coordinator_b"]).get(
        reverse("pupils:class_monitoring_report", kwargs={"fmt": "xlsx"})))
    assert {r[0] for r in rows[4:] if r[0] and "СОШ" in r[0]} == {"МБОУ СОШ № 2"}

    # roster export: names of minors, so pupils.export
    pc = ProfileClass.objects.get(name="А0")
    client = client_for(personas["coordinator_a"])
    rows = xlsx_rows(client.get(reverse("pupils:class_roster_export", args=[pc.pk])))
    assert rows[4][1] == "АУченица0 Анна"
    assert client_for(personas["committee"]).get(
        reverse("pupils:class_roster_export", args=[pc.pk])).status_code == 403


@pytest.mark.parametrize("name", ["pupils:class_list", "pupils:class_activity_list", "pupils:class_monitoring",
                                  "pupils:motivated_list"])
def test_list_pages_run_a_bounded_number_of_queries(name, personas, client_for, school_a, school_b):
    client = client_for(personas["committee"])
    _populate(school_a, 2, "А")
    client.get(reverse(name))  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    _populate(school_a, 6, "Б")
    _populate(school_b, 6, "В")
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_class_card_runs_a_bounded_number_of_queries(personas, client_for, school_a):
    _populate(school_a, 1, "А")
    pc = ProfileClass.objects.get()
    client = client_for(personas["coordinator_a"])
    client.get(reverse("pupils:class_detail", args=[pc.pk]))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("pupils:class_detail", args=[pc.pk]))
    for i in range(5):
        pupil = make_pupil(school_a, f"Новая{i}", grade=10)
        services_classes.member_add(actor=None, profile_class=pc, pupil=pupil, joined_on=TODAY)
        services_classes.activity_add(actor=None, profile_class=pc, data={
            "held_on": datetime.date(YEAR, 9, 1), "kind": "briefing", "title": f"Брифинг {i}"})
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("pupils:class_detail", args=[pc.pk]))
    assert len(large) == len(small)


def test_plan_artifacts_link_to_the_pages(personas):
    from orientir.plan.artifacts import artifact_link

    for key, url_name in [("guidance.profile_class_lists", "pupils:class_list"),
                          ("guidance.profile_class_rosters", "pupils:class_list"),
                          ("guidance.profile_class_activities", "pupils:class_activity_list"),
                          ("guidance.profile_class_monitoring", "pupils:class_monitoring"),
                          ("guidance.motivated_pupils", "pupils:motivated_list")]:
        assert artifact_link(key, personas["coordinator_a"])[1] == reverse(url_name)
        assert artifact_link(key, personas["observer"]) is None
