"""Pupils through HTTP: the consent rule, scope (404), access log, withdrawal erasure, import, rollover."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from orientir.pupils.tests.uploads import upload_pupils

from conftest import make_user
from orientir.core.models import AuditEntry
from orientir.pupils import services
from orientir.pupils.models import Consent, Pupil


@pytest.fixture
def pupil_a(personas, school_a):
    return services.pupil_create(actor=personas["coordinator_a"], organisation=school_a,
                                 data={"last_name": "Ёлкина", "first_name": "Мария", "grade": 9, "class_letter": "А",
                                       "birth_date": datetime.date(2011, 5, 4)},
                                 consent={"given_by_name": "Ёлкина Ольга Петровна",
                                          "given_on": datetime.date(2026, 9, 2)})


def test_without_consent_only_name_and_school_are_stored(personas, client_for, school_a):
    client = client_for(personas["coordinator_a"])
    url = reverse("pupils:pupil_create")
    base = {"organisation": school_a.pk, "last_name": "Петров", "first_name": "Иван"}
    response = client.post(url, {**base, "grade": 9, "phone": "89101234567"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Нет согласия на обработку персональных данных" in page and "Класс" in page and "Телефон" in page
    assert not Pupil.objects.exists()
    assert client.post(url, base).status_code == 302
    pupil = Pupil.objects.get()
    assert pupil.grade is None and pupil.phone == ""


def test_with_consent_the_card_is_complete(personas, client_for, school_a):
    client = client_for(personas["coordinator_a"])
    response = client.post(reverse("pupils:pupil_create"), {
        "organisation": school_a.pk, "last_name": "Петров", "first_name": "Иван", "grade": 9, "class_letter": "б",
        "phone": "89101234567", "consent_given_by_name": "Петрова Анна Ивановна", "consent_given_by": "representative",
        "consent_given_on": "2026-09-01"})
    assert response.status_code == 302
    pupil = Pupil.objects.get()
    assert pupil.class_label == "9 «Б»" and pupil.phone == "+7 (910) 123-45-67"
    assert pupil.consents.get().given_by_name == "Петрова Анна Ивановна"


def test_every_view_and_export_is_logged(personas, client_for, pupil_a):
    client = client_for(personas["coordinator_a"])
    client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk]))
    entry = AuditEntry.objects.get(action="guidance.pupil.viewed")
    assert entry.actor == personas["coordinator_a"] and entry.object_id == str(pupil_a.pk)
    response = client.get(reverse("pupils:pupil_export"))
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditEntry.objects.filter(action="guidance.pupils.exported").count() == 1


def test_scope_other_school_and_tutor(personas, client_for, pupil_a, school_a, city):
    assert client_for(personas["coordinator_b"]).get(
        reverse("pupils:pupil_detail", args=[pupil_a.pk])).status_code == 404
    tutor = personas["tutor"]
    client = client_for(tutor)
    assert client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).status_code == 404
    services.tutor_assign(actor=personas["coordinator_a"], pupil=pupil_a, tutor=tutor, start_year=2026)
    assert client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).status_code == 200
    other = services.pupil_create(actor=None, organisation=school_a, data={"last_name": "Другой", "first_name": "Ученик"})
    assert client.get(reverse("pupils:pupil_detail", args=[other.pk])).status_code == 404
    # a tutor reads, but does not export or edit
    assert client.get(reverse("pupils:pupil_export")).status_code == 403
    assert client.get(reverse("pupils:pupil_edit", args=[pupil_a.pk])).status_code == 403


def test_observer_sees_no_personal_data(personas, client_for, pupil_a):
    client = client_for(personas["observer"])
    assert client.get(reverse("pupils:pupil_list")).status_code == 403
    assert client.get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).status_code == 404


def test_withdrawal_erases_everything_but_name_and_school(personas, client_for, pupil_a):
    services.representative_add(actor=None, pupil=pupil_a, data={"full_name": "Ёлкина Ольга Петровна",
                                                                 "relation": "mother", "phone": "", "email": ""})
    client = client_for(personas["coordinator_a"])
    client.post(reverse("pupils:consent_withdraw", args=[pupil_a.pk]), {"reason": "заявление родителя"})
    pupil_a.refresh_from_db()
    assert pupil_a.grade is None and pupil_a.birth_date is None and pupil_a.class_letter == ""
    assert not pupil_a.representatives.exists()
    assert Consent.objects.get().withdrawn_on is not None
    entry = AuditEntry.objects.get(action="guidance.pupil.consent_withdrawn")
    assert "Класс" in entry.changes["Удалены сведения"][1]
    created = AuditEntry.objects.get(action="guidance.pupil.created")
    assert created.changes["grade"] == ["удалено", "удалено"]  # the log keeps no erased values


def _template(client):
    response = client.get(reverse("pupils:import_template"))
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _upload(client, book):
    buf = io.BytesIO()
    book.save(buf)
    return upload_pupils(client, buf.getvalue())


@pytest.mark.today("2026-10-15")
def test_import_all_or_nothing_and_idempotent(personas, client_for):
    client = client_for(personas["coordinator_a"])
    book = _template(client)
    sheet = book.active
    sheet.append(["Иванов", "Пётр", "Ильич", "04.05.2011", 9, "а", "", "", "Иванова Е. П.", "01.09.2026", "", ""])
    sheet.append(["", "Без", "Фамилии"])                                      # row 5: no last name
    sheet.append(["Сидоров", "Олег", "", "", 14])                             # row 6: grade 14 and no consent
    response = _upload(client, book)
    assert response.status_code == 422
    errors = response.context["errors"]
    assert (5, "A «Фамилия»", "обязательное поле не заполнено") in errors
    assert any(row == 6 and col == "E «Класс»" for row, col, _ in errors)
    assert not Pupil.objects.exists()
    book = _template(client)
    book.active.append(["Иванов", "Пётр", "Ильич", "04.05.2011", 9, "а", "", "", "Иванова Е. П.", "01.09.2026", "", ""])
    book.active.append(["Сидоров", "Олег"])
    assert _upload(client, book).status_code == 302
    assert Pupil.objects.count() == 2
    assert Pupil.objects.get(last_name="Иванов").class_label == "9 «А»"
    assert Pupil.objects.get(last_name="Сидоров").grade is None
    assert _upload(client, book).status_code == 302
    assert Pupil.objects.count() == 2


def test_rollover_moves_grades_and_graduates(personas, client_for, school_a, pupil_a):
    senior = services.pupil_create(actor=None, organisation=school_a, data={"last_name": "Старший", "first_name": "Ученик",
                                                                            "grade": 11,
                                                                            "birth_date": datetime.date(2008, 3, 10)},
                                   consent={"given_by_name": "Сам", "given_on": datetime.date(2026, 9, 1),
                                            "given_by": "pupil"})
    client = client_for(personas["coordinator_a"])
    assert client.post(reverse("pupils:rollover"), {"on": "2027-09-01"}).status_code == 302
    pupil_a.refresh_from_db()
    senior.refresh_from_db()
    assert pupil_a.grade == 10 and senior.status == "graduated" and senior.left_on == datetime.date(2027, 9, 1)


def test_list_query_count_is_flat(personas, client_for, school_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas["coordinator_a"])
    client.get(reverse("pupils:pupil_list"))  # the menu and the cached panels are built once: count what follows
    counts = []
    for n in (5, 200):
        Pupil.objects.bulk_create([Pupil(organisation=school_a, last_name=f"Ф{i}", first_name="И") for i in
                                   range(len(counts) * 1000, len(counts) * 1000 + n)])
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("pupils:pupil_list"))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_tutor_must_be_of_the_same_school(personas, pupil_a, city, school_b):
    stranger = make_user("tutor_b", "tutor", city, organisation=school_b)
    with pytest.raises(Exception, match="этой же школы"):
        services.tutor_assign(actor=None, pupil=pupil_a, tutor=stranger, start_year=2026)


def test_tutor_keeps_route_and_plan_of_own_pupil(personas, client_for, pupil_a):
    from orientir.pupils.models import EducationalRoute, ProfessionalPlan
    from orientir.directory.models import Specialty

    tutor = personas["tutor"]
    services.tutor_assign(actor=None, pupil=pupil_a, tutor=tutor, start_year=2026)
    client = client_for(tutor)
    url = reverse("pupils:tutoring", args=[pupil_a.pk])
    assert client.post(url, {"which": "route", "route-goals": ""}).status_code == 422
    assert client.post(url, {"which": "route", "route-goals": "Поступить на педагогическое направление"}
                       ).status_code == 302
    route = EducationalRoute.objects.get(pupil=pupil_a)
    client.post(reverse("pupils:route_step_add", args=[pupil_a.pk]),
                {"step-title": "Пройти профессиональную пробу", "step-due_on": "2026-12-15"})
    step = route.steps.get()
    client.post(reverse("pupils:route_step_mark", args=[pupil_a.pk, step.pk]), {"status": "done"})
    step.refresh_from_db()
    assert step.status == "done"
    spec = Specialty.objects.get(code="44.03.01")
    assert client.post(url, {"which": "plan", "plan-target_specialty": spec.pk, "plan-institution": "КГУ",
                             "plan-exams": "русский, обществознание", "plan-steps": ""}).status_code == 302
    assert ProfessionalPlan.objects.get(pupil=pupil_a).institution == "КГУ"
    # another school's coordinator cannot even see the page
    assert client_for(personas["coordinator_b"]).get(url).status_code == 404


def test_withdrawal_erases_the_targeted_entry_too(personas, pupil_a):
    from orientir.directory.models import Specialty
    from orientir.pupils.models import TargetedEntry

    TargetedEntry.objects.create(pupil=pupil_a, start_year=2026, specialty=Specialty.objects.get(code="44.03.01"),
                                 level="bachelor")
    services.consent_withdraw(actor=None, pupil=pupil_a, on=datetime.date(2026, 11, 20))
    assert not TargetedEntry.objects.filter(pupil=pupil_a).exists()


def test_rollover_runs_once_a_school_year(personas, client_for, pupil_a):
    client = client_for(personas["coordinator_a"])
    assert client.post(reverse("pupils:rollover"), {"on": "2027-09-01"}).status_code == 302
    response = client.post(reverse("pupils:rollover"), {"on": "2027-09-02"})
    assert response.status_code == 422 and "уже выполнялся" in response.content.decode()
    pupil_a.refresh_from_db()
    assert pupil_a.grade == 10


def test_coordinator_removes_a_tutor_and_a_representative(personas, client_for, pupil_a, school_b):
    """The tutor no longer sees the pupil; a representative entered by mistake goes; another school cannot."""
    tutor = personas["tutor"]
    link = services.tutor_assign(actor=None, pupil=pupil_a, tutor=tutor, start_year=2026)
    rep = services.representative_add(actor=None, pupil=pupil_a, data={"full_name": "Ошибочная Ольга",
                                                                      "relation": "mother"})
    assert client_for(tutor).get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).status_code == 200
    stranger = make_user("coord_b2", "coordinator", municipality=school_b.municipality, organisation=school_b)
    assert client_for(stranger).post(reverse("pupils:tutor_unassign", args=[pupil_a.pk, link.pk])).status_code == 404
    client = client_for(personas["coordinator_a"])
    response = client.post(reverse("pupils:tutor_unassign", args=[pupil_a.pk, link.pk]))
    assert response.status_code == 302
    assert not pupil_a.tutor_assignments.exists()
    assert client_for(tutor).get(reverse("pupils:pupil_detail", args=[pupil_a.pk])).status_code == 404
    client = client_for(personas["coordinator_a"])  # one test client: log the coordinator in again
    assert client.post(reverse("pupils:representative_remove", args=[pupil_a.pk, rep.pk])).status_code == 302
    assert not pupil_a.representatives.filter(pk=rep.pk).exists()
    actions = set(AuditEntry.objects.filter(object_id=str(pupil_a.pk)).values_list("action", flat=True))
    assert {"guidance.pupil.tutor_unassigned", "guidance.pupil.representative_removed"} <= actions
