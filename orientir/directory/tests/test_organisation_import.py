"""The organisations import: a city's messy registry file in, ИНН/ОГРН checked, updates by ИНН, scope, audit."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.core.validators import make_inn10, make_ogrn
from orientir.directory import importer
from orientir.directory.models import Organisation

URL = reverse("directory:organisation_import")
TITLES = ["Полное наименование*", "Краткое наименование", "Тип", "ИНН*", "ОГРН*", "Адрес", "Должность руководителя",
          "Фамилия руководителя", "Имя руководителя", "Отчество руководителя", "Телефон", "Эл. почта", "Состояние"]
INN_40, OGRN_40 = make_inn10("440199940"), make_ogrn("102440199940")
INN_41, OGRN_41 = make_inn10("440199941"), make_ogrn("102440199941")


def _row(inn, ogrn, *, full="Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 40»",
         short="МБОУ СОШ № 40", kind="Школа", **extra):
    cells = {"Полное наименование*": full, "Краткое наименование": short, "Тип": kind, "ИНН*": inn, "ОГРН*": ogrn,
             **extra}
    return [cells.get(t) for t in TITLES]


def _file(*rows, titles=TITLES, above=(("Реестр муниципальных организаций",),)) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for line in above:
        sheet.append(list(line))
    sheet.append(list(titles))
    for row in rows:
        sheet.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _check(client, data: bytes):
    return client.post(URL, {"file": SimpleUploadedFile("orgs.xlsx", data)})


def _import(client, data: bytes):
    checked = _check(client, data)
    assert checked.status_code == 200, checked.context.get("errors")
    return checked, client.post(URL, {"token": checked.context["token"]})


def _errors(response) -> list[str]:
    return [f"{row}|{col}|{msg}" for row, col, msg in response.context["errors"]]


def test_messy_file_adds_organisations_in_the_users_municipality(client_for, personas, city):
    """Double spaces, е for ё, ИНН typed as a number, ИНН with spaces, a shifted header, trailing blank rows."""
    messy = [
        _row(int(INN_40), OGRN_40, kind="  школа ", short="МБОУ  СОШ № 40 ", **{
            "Телефон": "8 (4942) 31-12-34", "Эл. почта": "school40@example.ru", "Фамилия руководителя": "Семенова",
            "Состояние": "действующая"}),
        _row(" ".join([INN_41[:4], INN_41[4:7], INN_41[7:]]), OGRN_41, kind="Дошкольная образовательная организация",
             full="МБДОУ «Детский сад № 41 «Елочка»»", short="Детский сад № 41"),
        ["   ", None, ""], [None],
    ]
    checked, done = _import(client_for(personas["committee"]), _file(*messy, above=[("Реестр",), ()]))
    assert checked.context["preview"].add == 2 and checked.context["preview"].update == 0
    assert done.status_code == 302
    school = Organisation.objects.get(inn=INN_40)
    assert (school.short_name, school.kind, school.sector, school.municipality_id) == (
        "МБОУ СОШ № 40", "school", "education", city.pk)
    assert school.phone == "+7 (4942) 31-12-34" and school.head_position == "Директор"
    assert "семенова" in school.search_text and school.sort_name  # refresh_derived ran for the bulk insert
    garden = Organisation.objects.get(inn=INN_41)
    assert (garden.kind, garden.ogrn, garden.version) == ("kindergarten", OGRN_41, 1)
    # the same file again adds nothing and changes nothing
    again = _check(client_for(personas["committee"]), _file(*messy, above=[("Реестр",), ()]))
    assert again.context["preview"].changes == 0 and again.context["preview"].skip == 2


def test_existing_inn_updates_only_what_differs_with_the_cards_audit(client_for, personas, school_a):
    version = school_a.version
    row = _row(school_a.inn, school_a.ogrn, full=school_a.full_name, short="МБОУ СОШ № 1 им. Гагарина",
               **{"Телефон": "+7 (4942) 45-67-89", "Адрес": ""})
    checked, done = _import(client_for(personas["committee"]), _file(row))
    assert (checked.context["preview"].add, checked.context["preview"].update) == (0, 1)
    school_a.refresh_from_db()
    assert school_a.short_name == "МБОУ СОШ № 1 им. Гагарина" and school_a.phone == "+7 (4942) 45-67-89"
    assert school_a.version == version + 1 and "гагарина" in school_a.search_text
    entry = AuditEntry.objects.get(action="directory.organisation.updated", object_id=str(school_a.pk))
    assert set(entry.changes) == {"short_name", "phone"}
    assert entry.changes["short_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 1 им. Гагарина"]
    summary = AuditEntry.objects.get(action="directory.organisations.imported")
    assert summary.changes["Обновлено"] == [None, 1] and summary.changes["Добавлено организаций"] == [None, 0]


def test_created_organisations_are_audited_like_the_card(client_for, personas, city):
    _import(client_for(personas["committee"]), _file(_row(INN_40, OGRN_40)))
    org = Organisation.objects.get(inn=INN_40)
    entry = AuditEntry.objects.get(action="directory.organisation.created", object_id=str(org.pk))
    assert entry.changes["inn"] == [None, INN_40] and entry.changes["municipality"] == [None, str(city)]
    assert entry.actor == personas["committee"]


def test_inn_and_ogrn_errors_name_row_and_column(client_for, personas):
    bad_inn = INN_40[:-1] + str((int(INN_40[-1]) + 1) % 10)
    data = _file(
        _row(bad_inn, OGRN_40),
        _row(INN_41, 1024400000000.0),  # Excel's 1,02440E+12: the last digits are gone
        _row(make_inn10("440199942"), "1,02440E+12"),
        _row(INN_41, make_ogrn("102440199943"), short="Повтор"),
    )
    response = _check(client_for(personas["committee"]), data)
    assert response.status_code == 422
    errors = _errors(response)
    assert any(e.startswith("3|D «ИНН»|") and "контрольной цифры" in e for e in errors)
    cut = [e for e in errors if "экспоненциальной форме" in e and "сделайте ячейку текстовой" in e.lower()]
    assert [e.split("|")[:2] for e in cut] == [["4", "E «ОГРН»"], ["5", "E «ОГРН»"]]
    assert any(e.startswith("6|D «ИНН»|") and "уже указан в строке 4" in e for e in errors)
    assert not Organisation.objects.filter(inn__in=[INN_41, bad_inn]).exists()
    marked = client_for(personas["committee"]).get(
        reverse("core:import_marked", args=["organisations", response.context["token"]]))
    sheet = openpyxl.load_workbook(io.BytesIO(marked.content)).active
    assert "экспоненциальной форме" in sheet.cell(row=4, column=len(TITLES) + 1).value


def test_ogrn_of_another_organisation_is_an_error(client_for, personas, school_a, school_b):
    response = _check(client_for(personas["committee"]), _file(_row(school_b.inn, school_a.ogrn)))
    assert response.status_code == 422
    assert any("E «ОГРН»" in e and f"ИНН {school_a.inn}" in e for e in _errors(response))


def test_scope_rows_of_another_municipality_or_sector(client_for, personas, far_school, library):
    committee = client_for(personas["committee"])
    response = _check(committee, _file(_row(far_school.inn, far_school.ogrn)))
    assert response.status_code == 422
    message = " ".join(_errors(response))
    assert "не входит в вашу область ведения" in message
    assert far_school.short_name not in message and far_school.ogrn not in message
    # a directorate of education adds schools, not libraries, and does not touch the library
    education = client_for(personas["directorate"])
    response = _check(education, _file(_row(INN_40, OGRN_40, kind="Учреждение культуры")))
    assert any("C «Тип»" in e and "только отрасли «Образование»" in e for e in _errors(response))
    response = _check(education, _file(_row(library.inn, library.ogrn, kind="Учреждение культуры")))
    assert library.short_name not in " ".join(_errors(response))


def test_regional_admin_names_the_municipality(client_for, personas, city, other_city):
    titles = [*TITLES, "Муниципальное образование"]
    admin = client_for(personas["admin"])
    response = _check(admin, _file(_row(INN_40, OGRN_40), titles=titles))
    assert any("укажите муниципальное образование" in e for e in _errors(response))
    _import(admin, _file([*_row(INN_40, OGRN_40), "мо № 2"], titles=titles))
    assert Organisation.objects.get(inn=INN_40).municipality == other_city


@pytest.mark.parametrize("role,status", [("committee", 200), ("directorate", 200), ("admin", 200),
                                         ("methodologist", 403), ("coordinator_a", 403), ("observer", 403)])
def test_who_may_import(client_for, personas, role, status):
    client = client_for(personas[role])
    assert client.get(URL).status_code == status
    assert client.get(reverse("directory:organisation_import_template")).status_code == status


def test_template_is_read_back_by_its_own_import(client_for, personas):
    book = openpyxl.load_workbook(io.BytesIO(importer.build_template()))
    sheet = book.active
    sheet.append(_template_row(sheet))
    buf = io.BytesIO()
    book.save(buf)
    _, done = _import(client_for(personas["committee"]), buf.getvalue())
    assert done.status_code == 302 and Organisation.objects.filter(inn=INN_40).exists()
    assert URL in client_for(personas["committee"]).get(
        reverse("directory:organisation_list")).content.decode()


def _template_row(sheet):
    titles = [c.value for c in sheet[3]]
    values = {"Полное наименование*": "МБУ ДО «Дом детского творчества»", "Тип": "Организация дополнительного "
              "образования", "ИНН*": INN_40, "ОГРН*": OGRN_40, "Состояние": "Действует"}
    return [values.get(t) for t in titles]


def test_empty_cell_erases_nothing_and_closing_needs_a_date(client_for, personas, school_b):
    school_b.address = "г. Кострома, ул. Мира, д. 2"
    school_b.save()
    client = client_for(personas["committee"])
    row = _row(school_b.inn, school_b.ogrn, full=school_b.full_name, short="", kind="",
               **{"Адрес": "  ", "Фамилия руководителя": "Ёлкина", "Состояние": "закрыта"})
    response = _check(client, _file(row))
    assert any("дату закрытия" in e for e in _errors(response))
    titles = [*TITLES, "Дата закрытия (ДД.ММ.ГГГГ)"]
    _import(client, _file([*row, "31.08.2026"], titles=titles))
    school_b.refresh_from_db()
    assert (school_b.address, school_b.short_name, school_b.head_last_name) == (
        "г. Кострома, ул. Мира, д. 2", "МБОУ СОШ № 2", "Ёлкина")
    assert school_b.status == "closed" and school_b.closed_on.isoformat() == "2026-08-31"


def test_same_ogrn_twice_names_both_rows(client_for, personas):
    response = _check(client_for(personas["committee"]), _file(_row(INN_40, OGRN_40), _row(INN_41, OGRN_40)))
    assert any(e.startswith("4|E «ОГРН»|") and "уже указан в строке 3" in e for e in _errors(response))
