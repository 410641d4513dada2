"""Programmes and mentors through HTTP: forms (422 next to fields), scope, lists with exports, the programme report
(Excel, PDF, opens in LibreOffice), the aggregated report without names, bounded queries, artifacts, demo."""

import io

import openpyxl
import pytest
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.mentoring import services
from orientir.mentoring.models import Mentor, Pair, Programme

from .conftest import TODAY, YEAR, make_contract, make_mentor, make_pair, make_programme, make_pupil, spec


def xlsx_rows(response) -> list[tuple]:
    body = b"".join(response.streaming_content)
    assert body[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_coordinator_creates_a_programme(personas, client_for, school_a):
    client = client_for(personas["coordinator_a"])
    url = reverse("mentoring:programme_create")
    assert client.get(url).status_code == 200
    form = {"model": "student_pupil", "title": "Студент – школьнику", "start_year": YEAR, "coordinator": "Иванова И. И.",
            "goals": "Профориентация", "description": ""}
    response = client.post(url, {**form, "title": ""})
    assert response.status_code == 422 and not Programme.objects.exists()
    response = client.post(url, {**form, "starts_on": f"{YEAR}-10-01", "ends_on": f"{YEAR}-09-01"})
    assert response.status_code == 422 and "раньше начала" in response.content.decode()
    response = client.post(url, form)
    programme = Programme.objects.get()
    assert response.status_code == 302 and programme.organisation == school_a and programme.municipality == school_a.municipality
    assert AuditEntry.objects.filter(action="mentoring.programme.created", object_id=str(programme.pk)).exists()
    response = client.post(reverse("mentoring:programme_edit", args=[programme.pk]), {**form, "title": "Новое имя"})
    assert response.status_code == 302 and Programme.objects.get().title == "Новое имя"


def test_model_decides_the_organiser(personas, school_a, school_b, library):
    with pytest.raises(Exception, match="организует школа"):
        services.programme_create(actor=None, organisation=library, data={
            "model": "student_pupil", "title": "x", "start_year": YEAR})
    with pytest.raises(Exception, match="заказчик"):
        services.programme_create(actor=None, organisation=school_b, data={
            "model": "employer_student", "title": "x", "start_year": YEAR})
    assert services.programme_create(actor=None, organisation=library, data={
        "model": "employer_young_specialist", "title": "Молодой библиотекарь", "start_year": YEAR}).pk


def test_mentor_form_checks_the_kind(personas, client_for, school_a):
    client = client_for(personas["coordinator_a"])
    url = reverse("mentoring:mentor_create")
    form = {"kind": "student", "last_name": "Петрова", "first_name": "Мария", "sector": "education", "capacity": 3,
            "education_organisation": "Костромской педагогический колледж", "is_active": "on"}
    response = client.post(url, form)
    assert response.status_code == 422 and "курс" in response.content.decode()
    response = client.post(url, {**form, "course": 3, "specialty": spec("44.02.02").pk,
                                 "user": personas["tutor"].pk})
    mentor = Mentor.objects.get()
    assert response.status_code == 302 and mentor.organisation == school_a and mentor.user == personas["tutor"]
    response = client.post(url, {**form, "kind": "staff", "last_name": "Козлова"})
    assert response.status_code == 422 and "должность" in response.content.decode()
    # The mentor is a student under a target contract: the link is kept.
    contract = make_contract(school_a.municipality, school_a)
    response = client.post(reverse("mentoring:mentor_edit", args=[mentor.pk]),
                           {**form, "course": 3, "specialty": spec("44.02.02").pk, "contract": contract.pk})
    assert response.status_code == 302 and Mentor.objects.get().contract == contract


def test_tutor_sees_their_own_pairs_only(personas, client_for, school_a, pair_a, programme_a, pair_b):
    other = make_pair(programme_a, make_mentor(school_a, "Другая"), make_pupil(school_a, "Другой"))
    client = client_for(personas["tutor"])
    assert {p.pk for p in client.get(reverse("mentoring:programme_list")).context["page"]} == {programme_a.pk}
    assert client.get(reverse("mentoring:pair_detail", args=[other.pk])).status_code == 404
    assert [m.user for m in client.get(reverse("mentoring:mentor_list")).context["page"]] == [personas["tutor"]]
    assert client.get(reverse("mentoring:programme_create")).status_code == 403


@pytest.fixture
def filled(city, school_a, school_b, library, programme_a, pair_a):
    """Pairs in every state, meetings and goals, and a 3.2 programme with a contract."""
    services.goal_add(actor=None, pair=pair_a, text="Пройти профпробу")
    services.meeting_add(actor=None, pair=pair_a, data={"held_on": TODAY, "hours": 2, "topic": "Экскурсия"})
    for i, state in enumerate(["proposed", "completed", "cancelled"]):
        make_pair(programme_a, make_mentor(school_a, f"Наставница{i}"), make_pupil(school_a, f"Ученица{i}"),
                  state=state)
    employer = make_programme(school_a, "employer_student", "Наставник на практике")
    make_pair(employer, make_mentor(school_a, "Учительница", kind="staff"), contract=make_contract(city, school_a),
              state="active")
    return programme_a


def test_lists_and_exports(personas, client_for, filled):
    client = client_for(personas["coordinator_a"])
    page = client.get(reverse("mentoring:programme_list")).context["page"]
    assert {p.title for p in page} == {"Наставник рядом", "Наставник на практике"}
    line = next(p for p in page if p.pk == filled.pk)
    assert (line.n_pairs, line.n_active, line.n_completed, line.n_meetings, line.hours) == (4, 1, 1, 1, 2)
    assert client.get(reverse("mentoring:programme_list"), {"model": "employer_student"}).context[
        "page"].paginator.count == 1
    assert client.get(reverse("mentoring:pair_list"), {"state": "cancelled"}).context["page"].paginator.count == 1
    assert client.get(reverse("mentoring:pair_list"), {"q": "ученица0"}).context["page"].paginator.count == 1
    rows = xlsx_rows(client.get(reverse("mentoring:programme_export")))
    assert rows[3][0] == "Модель" and len(rows) == 6
    rows = xlsx_rows(client.get(reverse("mentoring:pair_export")))
    assert len(rows) == 4 + 5
    rows = xlsx_rows(client.get(reverse("mentoring:mentor_export"), {"kind": "staff"}))
    assert [r[0] for r in rows[4:]] == ["Учительница Мария"]
    assert AuditEntry.objects.filter(action="mentoring.pairs.exported").exists()


def test_programme_report_excel_and_pdf(personas, client_for, filled):
    client = client_for(personas["coordinator_a"])
    rows = xlsx_rows(client.get(reverse("mentoring:programme_report", args=[filled.pk, "xlsx"])))
    assert "Наставник рядом" in rows[0][0]
    body = rows[4:8]
    assert {r[3] for r in body} == {"Предложена", "Действует", "Завершена", "Отменена"}
    assert "Смирнова Дарья" in {r[2] for r in body}  # the coordinator may export pupils' names
    notes = " ".join(str(r[0]) for r in rows[8:] if r and r[0])
    assert "Встреч: 1, часов: 2" in notes and "Действует — 1" in notes
    response = client.get(reverse("mentoring:programme_report", args=[filled.pk, "pdf"]))
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    # The committee reads the programme but may not export minors' names: the report is anonymised.
    rows = xlsx_rows(client_for(personas["committee"]).get(
        reverse("mentoring:programme_report", args=[filled.pk, "xlsx"])))
    assert "Смирнова Дарья" not in str(rows) and "Наставляемый № 1" in str(rows)


def test_reports_open_in_libreoffice(personas, client_for, filled, tmp_path, soffice):
    reports = {"programme": client_for(personas["coordinator_a"]).get(
        reverse("mentoring:programme_report", args=[filled.pk, "xlsx"])),
        "summary": client_for(personas["observer"]).get(reverse("mentoring:summary_report", args=["xlsx"]))}
    for name, response in reports.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(b"".join(response.streaming_content))
        assert soffice(path), f"LibreOffice could not open the {name} report"


def test_observer_gets_figures_without_names(personas, client_for, filled):
    client = client_for(personas["observer"])
    for name in ("mentoring:programme_list", "mentoring:pair_list", "mentoring:mentor_list"):
        assert client.get(reverse(name)).status_code == 403
    response = client.get(reverse("mentoring:summary"))
    text = response.content.decode()
    assert response.status_code == 200 and "Смирнова" not in text and "Петрова" not in text
    line = next(r for r in response.context["data"]["lines"] if r["model_key"] == "student_pupil")
    assert (line["programmes"], line["proposed"], line["active"], line["completed"], line["cancelled"],
            line["meetings"], line["goals"]) == (1, 1, 1, 1, 1, 1, 1)
    rows = xlsx_rows(client.get(reverse("mentoring:summary_report", args=["xlsx"])))
    assert "Смирнова" not in str(rows) and any("Итого" in str(r[0]) for r in rows)
    assert client.get(reverse("mentoring:summary_report", args=["pdf"])).content[:4] == b"%PDF"
    assert client_for(personas["coordinator_a"]).get(reverse("mentoring:summary")).status_code == 403


@pytest.mark.parametrize("name,params", [("mentoring:programme_list", {}), ("mentoring:pair_list", {}),
                                         ("mentoring:mentor_list", {}), ("mentoring:summary", {})])
def test_list_pages_run_bounded_queries(name, params, personas, client_for, filled, school_a,
                                        django_assert_max_num_queries):
    client = client_for(personas["admin"])
    client.get(reverse(name))  # warm caches (content types, sessions)
    for i in range(5):  # more rows must not mean more queries
        make_pair(filled, make_mentor(school_a, f"Ещё{i}"), make_pupil(school_a, f"Ещё{i}"), state="active")
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name), params).status_code == 200


def test_match_page_runs_bounded_queries(personas, client_for, programme_a, pupil_a, school_a,
                                         django_assert_max_num_queries):
    for i in range(8):
        make_mentor(school_a, f"Наставник{i}")
    client = client_for(personas["coordinator_a"])
    client.get(reverse("mentoring:match"))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("mentoring:match"), {"programme": programme_a.pk, "pupil": pupil_a.pk})
    assert len(response.context["suggestions"]) == 8


def test_artifacts_of_the_plan_items_are_registered():
    import json
    from pathlib import Path

    from orientir.plan.artifacts import ARTIFACTS, artifact_link

    plan = json.loads((Path(__file__).resolve().parents[2] / "plan" / "data" / "plan.json").read_text())
    keys = {i["artifact"] for i in plan["items"] if i["number"] in ("2.6", "3.2", "3.2.1", "3.2.2")}
    assert keys == {"mentoring.student_pupil", "mentoring.employer_student", "mentoring.students",
                    "mentoring.young_specialists"}
    for key in keys:
        assert key in ARTIFACTS and artifact_link(key) is not None


def test_demo_builder_makes_every_state(city, school_a, school_b, personas):
    import random

    from orientir.core.demo import DemoContext
    from orientir.mentoring.demo import build_mentoring
    from orientir.mentoring.models import Meeting, Pair

    for school in (school_a, school_b):
        for i in range(6):
            make_pupil(school, f"Демо{i}")
    ctx = DemoContext(scale="city", rng=random.Random(1), stdout=lambda s: None, made={"municipalities": [city]})
    build_mentoring(ctx)
    assert set(Pair.objects.values_list("state", flat=True)) == {"proposed", "active", "completed", "cancelled"}
    assert Meeting.objects.exists()
    assert set(Programme.objects.values_list("model", flat=True)) == {"student_pupil", "employer_student",
                                                                      "employer_young_specialist"}


def test_pair_export_names_mentees_only_for_roles_that_may_export_them(personas, client_for, filled):
    """Per row, as in the programme report: pupils' names under pupils.export, contract holders' under
    contracts.export; otherwise a number. The export is logged with what it named."""
    pupil_pair = filled.pairs.get(pupil__last_name="Смирнова")
    contract_pair = Pair.objects.get(contract__isnull=False)
    # The coordinator may export pupils' data but not the contracts register.
    rows = str(xlsx_rows(client_for(personas["coordinator_a"]).get(reverse("mentoring:pair_export"))))
    assert "Смирнова Дарья" in rows and "Орлова Вера" not in rows
    assert f"Наставляемый № {contract_pair.pk}" in rows
    # The committee may export the contracts register but not minors' names.
    rows = str(xlsx_rows(client_for(personas["committee"]).get(reverse("mentoring:pair_export"))))
    assert "Смирнова Дарья" not in rows and "Ученица0" not in rows and "Орлова Вера" in rows
    assert f"Наставляемый № {pupil_pair.pk}" in rows
    entry = AuditEntry.objects.filter(action="mentoring.pairs.exported").latest("id")
    assert entry.actor == personas["committee"] and entry.changes["С ФИО"][1] == "граждане по договорам"
    # A tutor (no export permission at all) gets numbers only for their pair.
    rows = str(xlsx_rows(client_for(personas["tutor"]).get(reverse("mentoring:pair_export"))))
    assert "Смирнова Дарья" not in rows and f"Наставляемый № {pupil_pair.pk}" in rows
    entry = AuditEntry.objects.filter(action="mentoring.pairs.exported").latest("id")
    assert entry.changes["С ФИО"][1] == "нет (номера вместо ФИО)"


@pytest.mark.parametrize("target", ["https://evil.example/mentoring/", "//evil.example/mentoring/",
                                    "/\\evil.example/mentoring/", "javascript:alert(1)", "/accounts/logout/"])
def test_mentor_form_ignores_a_foreign_next_address(personas, client_for, school_a, target):
    mentor = make_mentor(school_a)
    client = client_for(personas["coordinator_a"])
    form = {"kind": "student", "last_name": "Петрова", "first_name": "Мария", "sector": "education", "capacity": 3,
            "education_organisation": "Костромской педагогический колледж", "course": 3, "is_active": "on",
            "specialty": spec("44.02.02").pk,
            "next": target}
    response = client.post(reverse("mentoring:mentor_edit", args=[mentor.pk]), form)
    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:mentor_detail", args=[mentor.pk])
    assert client.get(reverse("mentoring:mentor_edit", args=[mentor.pk]), {"next": target}).context["next"] == ""


def test_mentor_form_returns_to_a_mentoring_page(personas, client_for, school_a, programme_a):
    mentor = make_mentor(school_a)
    back = reverse("mentoring:programme_detail", args=[programme_a.pk])
    form = {"kind": "student", "last_name": "Петрова", "first_name": "Мария", "sector": "education", "capacity": 3,
            "education_organisation": "Костромской педагогический колледж", "course": 3, "is_active": "on",
            "specialty": spec("44.02.02").pk,
            "next": back}
    response = client_for(personas["coordinator_a"]).post(reverse("mentoring:mentor_edit", args=[mentor.pk]), form)
    assert response.status_code == 302 and response["Location"] == back
