"""The imports of the students app as a committee gets the files: a university's weekly admission list, a semester's
study records, employment records — with a title above the header, other column titles, double spaces, «е» for
«ё», dates as text and as Excel dates, comma decimals and rows of spaces at the end. Every row is matched to a
contract the user may see and written by the service of the manual form; the same file twice adds nothing."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orientir.contracts.tests.uploads import book_bytes
from orientir.core.models import AuditEntry
from orientir.students.models import AdmissionRecord

D = datetime.date


def _check(client, kind: str, data: bytes):
    return client.post(reverse(f"students:{kind}_import"), {"file": SimpleUploadedFile(f"{kind}.xlsx", data)})


def _upload(client, kind: str, data: bytes):
    """The check's response when it refuses the file, else the response of «Загрузить»."""
    checked = _check(client, kind, data)
    if checked.status_code != 200 or not checked.context.get("preview"):
        return checked
    return client.post(reverse(f"students:{kind}_import"), {"token": checked.context["token"]})


def _errors(response) -> list[str]:
    return [f"{row}: {column} {message}" for row, column, message in response.context["errors"]]


def _template_titles(client, kind: str) -> list[str]:
    response = client.get(reverse(f"students:{kind}_import_template"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [c.value for c in sheet[3] if c.value]


# --- Admission status lists (2.10) -------------------------------------------------------------------

def _admission_file(rows: list[list]) -> bytes:
    return book_bytes([
        ["Список поступающих на целевое обучение, КГУ, по состоянию на 05.08.2026"],
        [],
        ["Фамилия, имя, отчество", "Д.р.", "Вуз", "Направление подготовки", "Статус поступления", "Дата статуса",
         "Примечание"],
        *rows,
        ["   ", "\u00a0", None],
        [],
    ])


@pytest.mark.today("2026-08-05")
def test_a_weekly_admission_list_is_matched_to_contracts_and_loaded_once(personas, client_for, contract_factory,
                                                                          school_a):
    client = client_for(personas["committee"])
    assert _template_titles(client, "admission")[:2] == ["ФИО*", "Дата рождения*"]
    signed = D(2026, 5, 20)
    semenova = contract_factory(customer=school_a, last_name="Семёнова", first_name="Алёна", signed_on=signed)
    petrov = contract_factory(customer=school_a, last_name="Петров", first_name="Иван", signed_on=signed)
    orlova = contract_factory(customer=school_a, last_name="Орлова", first_name="Дарья", signed_on=signed)
    born = semenova.birth_date
    specialty = semenova.specialty
    rows = [
        ["семенова  алена   петровна ", born.strftime("%d.%m.%Y"), "КГУ им. Н. А. Некрасова",
         f"{specialty.code}  {specialty.name}", "Зачислена", "03.08.2026", ""],
        ["Петров Иван Петровна", datetime.datetime.combine(born, datetime.time()), "КГУ", specialty.name.upper(),
         "рекомендован к зачислению", "4 августа 2026 г.", "первый этап"],
        ["Орлова Дарья Петровна", born, "", "", "документы отозваны", D(2026, 8, 4), None],
    ]
    checked = _check(client, "admission", _admission_file(rows))
    assert checked.status_code == 200, _errors(checked)
    assert (checked.context["preview"].add, checked.context["preview"].update) == (3, 0)
    assert AdmissionRecord.objects.count() == 0  # the check wrote nothing
    assert _upload(client, "admission", _admission_file(rows)).status_code == 302
    records = {r.contract_id: r for r in AdmissionRecord.objects.all()}
    quota = "admitted_quota" if semenova.is_quota else "admitted_general"
    assert records[semenova.pk].status == quota
    assert records[semenova.pk].week == D(2026, 8, 3) and records[semenova.pk].specialty == specialty
    assert (records[petrov.pk].status, records[petrov.pk].note) == ("ranked", "первый этап")
    assert records[orlova.pk].status == "not_admitted"
    semenova.refresh_from_db()
    orlova.refresh_from_db()
    assert (semenova.state, orlova.state) == ("admitted", "not_admitted")  # moved by the service, once
    assert semenova.events.filter(to_state="admitted").count() == 1
    assert AuditEntry.objects.filter(action="students.admission.imported").count() == 1
    assert AuditEntry.objects.filter(action="students.admission.admission_recorded").count() == 3

    # The same file again adds nothing; a changed status of the same week updates the week's record.
    again = _check(client, "admission", _admission_file(rows))
    assert (again.context["preview"].add, again.context["preview"].skip) == (0, 3)
    rows[1][4] = "Зачислен вне квоты"
    changed = _check(client, "admission", _admission_file(rows))
    assert (changed.context["preview"].update, changed.context["preview"].skip) == (1, 2)
    assert _upload(client, "admission", _admission_file(rows)).status_code == 302
    assert AdmissionRecord.objects.count() == 3
    assert AdmissionRecord.objects.get(contract=petrov).status == "admitted_general"
    petrov.refresh_from_db()
    assert petrov.state == "admitted"


@pytest.mark.today("2026-08-05")
def test_admission_rows_matching_no_contract_or_two_or_refused_by_the_service_name_their_row(
        personas, client_for, contract_factory, school_a, school_b):
    client = client_for(personas["coordinator_a"])
    signed = D(2026, 5, 20)
    twin = [contract_factory(customer=school_a, last_name="Белова", signed_on=signed) for _ in range(2)]
    contract_factory(customer=school_b, last_name="Чужая", signed_on=signed)  # another school's: not seen
    early = contract_factory(customer=school_a, last_name="Ранняя", signed_on=signed)
    born = twin[0].birth_date
    rows = [
        ["Белова Мария Петровна", born, "КГУ", "", "Подал заявление", "01.08.2026", ""],
        ["Чужая Мария Петровна", born, "КГУ", "", "Подал заявление", "01.08.2026", ""],
        ["Ранняя Мария Петровна", born, "КГУ", "", "зачислен(а)", "10.07.2026", ""],  # before the campaign
        ["Ранняя Мария Петровна", born, "", "", "Подал заявление", "03.07.2026", ""],  # no organisation
        ["Ранняя Мария Петровна", born, "КГУ", "99.99.99", "поступил куда-то", "32.07.2026", ""],
    ]
    response = _upload(client, "admission", _admission_file(rows))
    assert response.status_code == 422
    errors = _errors(response)
    assert any(e.startswith("4: A «ФИО»") and "договоров с этим гражданином — 2" in e for e in errors), errors
    assert any(e.startswith("5: A «ФИО»") and "не найден" in e for e in errors), errors
    assert any(e.startswith("8: D «Специальность") for e in errors), errors
    assert any(e.startswith("8: E «Статус»") and "не распознан" in e for e in errors), errors
    assert any(e.startswith("8: F «Дата»") and "такой даты нет" in e for e in errors), errors
    assert AdmissionRecord.objects.count() == 0
    # Once the file reads, the service's own refusals are the rows' errors.
    response = _upload(client, "admission", _admission_file(rows[2:4]))
    assert response.status_code == 422
    errors = _errors(response)
    assert any(e.startswith("4: ") and "приёмной кампании" in e for e in errors), errors
    assert any(e.startswith("5: C «Образовательная организация»") for e in errors), errors
    assert AdmissionRecord.objects.count() == 0
    early.refresh_from_db()
    assert early.state == "signed"


def test_admission_page_is_linked_from_the_monitoring_page(personas, client_for):
    page = client_for(personas["committee"]).get(reverse("students:admission")).content.decode()
    assert reverse("students:admission_import") in page


# --- Study records per semester (3.1) ----------------------------------------------------------------

def _study_file(rows: list[list]) -> bytes:
    return book_bytes([
        ["Сведения об успеваемости студентов-целевиков, осенний семестр"],
        ["№ договора", "ФИО студента", "Дата рождения", "Уч. год", "Семестр", "Курс", "Статус", "Ср. балл",
         "Примечание"],
        *rows,
        [" ", None, "\u00a0"],
    ])


@pytest.mark.today("2026-02-10")
def test_study_records_by_number_or_by_name_update_their_semester(personas, client_for, contract_factory, school_a):
    from orientir.students.models import StudyRecord

    client = client_for(personas["committee"])
    assert "Учебный год*" in _template_titles(client, "study")
    fedorov = contract_factory(customer=school_a, state="studying", last_name="Фёдоров", first_name="Пётр")
    orlova = contract_factory(customer=school_a, state="studying", last_name="Орлова")
    graduate = contract_factory(customer=school_a, last_name="Выпускница")  # signed, not a student yet
    rows = [
        [f" {fedorov.number} ", "", "", "2025/2026", "1 (осенний)", "1", "успевает", "4,25", ""],
        ["", "ОРЛОВА  МАРИЯ ПЕТРОВНА", fedorov.birth_date.strftime("%d.%m.%Y"), "2025-26", "осенний", 1.0,
         "Академическая  задолженность", "3,1", "долг по матанализу"],
    ]
    checked = _check(client, "study", _study_file(rows))
    assert checked.status_code == 200, _errors(checked)
    assert checked.context["preview"].add == 2
    assert _upload(client, "study", _study_file(rows)).status_code == 302
    record = StudyRecord.objects.get(contract=orlova)
    assert (record.academic_year, record.semester, record.status, str(record.average_mark)) == (
        2025, 1, "debt", "3.10")
    again = _check(client, "study", _study_file(rows))
    assert (again.context["preview"].add, again.context["preview"].skip) == (0, 2)
    rows[1][6], rows[1][7] = "успевает", "3,9"
    assert _upload(client, "study", _study_file(rows)).status_code == 302
    assert StudyRecord.objects.count() == 2
    assert StudyRecord.objects.get(contract=orlova).status == "good"

    bad = [
        ["ЦО-9999", "", "", "2025/2026", "1", "2", "", "", ""],
        ["", "Выпускница Мария Петровна", graduate.birth_date, "2025/2026", "2", "1", "", "", ""],
        [fedorov.number, "", "", "2027/2028", "третий", "8", "лучший", "5,5", ""],
    ]
    response = _upload(client, "study", _study_file(bad))
    assert response.status_code == 422
    errors = _errors(response)
    assert any(e.startswith("3: A «Номер договора»") and "не найден" in e for e in errors), errors
    for column in ("D «Учебный год»", "E «Семестр»", "F «Курс»", "G «Академический статус»", "H «Средний балл»"):
        assert any(e.startswith(f"5: {column}") for e in errors), (column, errors)
    assert StudyRecord.objects.count() == 2
    # The service's refusal (not a student's contract) is the row's error once the file reads.
    response = _upload(client, "study", _study_file(bad[1:2]))
    assert response.status_code == 422
    assert any(e.startswith("3: ") and "договорам студентов" in e for e in _errors(response)), _errors(response)


def test_study_import_is_linked_from_the_students_list(personas, client_for):
    page = client_for(personas["committee"]).get(reverse("students:student_list")).content.decode()
    assert reverse("students:study_import") in page


# --- Employment records (3.3) ------------------------------------------------------------------------

def _employment_file(rows: list[list]) -> bytes:
    return book_bytes([
        [],
        ["Сведения о трудоустройстве выпускников"],
        ["Номер договора", "ФИО", "Дата рождения", "Место работы", "Должность", "Дата приёма", "Номер приказа",
         "Дата увольнения", "Основание увольнения"],
        *rows,
        ["\u00a0", "  "],
    ])


@pytest.mark.today("2026-11-10")
def test_employment_records_move_the_contract_and_add_a_dismissal_later(personas, client_for, contract_factory,
                                                                        school_a, library):
    from orientir.students.models import Employment

    client = client_for(personas["committee"])
    assert "Организация (ИНН или наименование)*" in _template_titles(client, "employment")
    deadline = D(2026, 8, 31)
    first = contract_factory(customer=school_a, state="graduated", work_start_deadline=deadline, last_name="Ёлкина")
    second = contract_factory(customer=school_a, state="graduated", work_start_deadline=deadline, last_name="Позднова")
    rows = [
        [first.number, "", "", school_a.inn, "", "20.08.2026", "  12-к ", None, None],
        ["", "елкина мария петровна", first.birth_date, "", "", "", "", "", ""],  # no organisation, no date
        ["", "ПОЗДНОВА  Мария Петровна", second.birth_date.strftime("%d.%m.%Y"), school_a.short_name.lower(), "",
         "15.09.2026", "", "", ""],  # after the employment term: the service refuses it
    ]
    response = _upload(client, "employment", _employment_file(rows))
    assert response.status_code == 422
    errors = _errors(response)
    assert any(e.startswith("5: D «Организация") for e in errors), errors
    assert any(e.startswith("5: F «Дата трудоустройства»") for e in errors), errors
    del rows[1]
    response = _upload(client, "employment", _employment_file(rows))
    assert response.status_code == 422
    assert any(e.startswith("5: ") and "срока трудоустройства" in e for e in _errors(response)), _errors(response)
    assert not Employment.objects.exists()
    rows[1][5] = "25.08.2026"
    checked = _check(client, "employment", _employment_file(rows))
    assert checked.status_code == 200, _errors(checked)
    assert _upload(client, "employment", _employment_file(rows)).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("employed", "employed")
    assert Employment.objects.get(contract=first).order_number == "12-к"
    again = _check(client, "employment", _employment_file(rows))
    assert (again.context["preview"].add, again.context["preview"].skip) == (0, 2)
    # A dismissal written later is added to the same employment, and a new job after it is a new record.
    rows[0][7:9] = ["30.09.2026", "по собственному желанию"]
    rows.append([first.number, "", "", library.inn, "", "01.10.2026", "", "", ""])
    checked = _check(client, "employment", _employment_file(rows))
    assert (checked.context["preview"].add, checked.context["preview"].update) == (1, 1), _errors(checked)
    assert _upload(client, "employment", _employment_file(rows)).status_code == 302
    jobs = list(Employment.objects.filter(contract=first).order_by("started_on"))
    assert [(j.organisation_id, j.dismissed_on) for j in jobs] == [(school_a.pk, D(2026, 9, 30)), (library.pk, None)]
    assert AuditEntry.objects.filter(action="students.employment.imported").count() == 2


def test_employment_import_is_linked_from_the_monitoring_page(personas, client_for):
    page = client_for(personas["committee"]).get(reverse("students:employment")).content.decode()
    assert reverse("students:employment_import") in page
