"""The organisations registry through HTTP: scope, search, validation, versions, audit, export."""

import tempfile
from pathlib import Path

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_org
from orientir.core.models import AuditEntry
from orientir.core.validators import make_inn10, make_ogrn
from orientir.directory.models import Organisation

LIST = reverse("directory:organisation_list")


def _valid_form(city, **overrides):
    data = {
        "municipality": city.pk, "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 17»",
        "short_name": "МБОУ Лицей № 17", "kind": "school", "sector": "education",
        "inn": make_inn10("440111222"), "ogrn": make_ogrn("102440111222"), "address": "г. Кострома, ул. Мира, д. 1",
        "head_position": "Директор", "head_last_name": "Семёнова", "head_first_name": "Вера",
        "head_middle_name": "Павловна", "phone": "8 4942 31-12-34", "email": "lyceum17@example.ru", "website": "",
        "status": "active",
    }
    data.update(overrides)
    return data


def _names(response):
    return [o.short_name for o in response.context["page"].object_list]


def test_committee_sees_own_municipality_only(client_for, personas, school_a, school_b, library, far_school):
    names = _names(client_for(personas["committee"]).get(LIST))
    assert set(names) == {school_a.short_name, school_b.short_name, library.short_name}


def test_directorate_sees_its_sector_and_coordinator_its_organisation(client, personas, school_a, library):
    client.force_login(personas["culture_directorate"])
    assert _names(client.get(LIST)) == [library.short_name]
    client.force_login(personas["coordinator_a"])
    assert _names(client.get(LIST)) == [school_a.short_name]


def test_search_ignores_case_and_treats_yo_as_ye(client_for, personas, city):
    make_org(city, short_name="МБДОУ «Детский сад № 5 «Ёлочка»»", kind="kindergarten")
    make_org(city, short_name="МБДОУ «Детский сад № 6 «Солнышко»»", kind="kindergarten")
    client = client_for(personas["committee"])
    assert _names(client.get(LIST, {"q": "елочка"})) == ["МБДОУ «Детский сад № 5 «Ёлочка»»"]
    assert _names(client.get(LIST, {"q": "  ЁЛОЧКА  "})) == ["МБДОУ «Детский сад № 5 «Ёлочка»»"]


def test_filters_and_natural_sort(client_for, personas, city, school_a, school_b):
    make_org(city, short_name="МБОУ СОШ № 10", is_customer=True)
    client = client_for(personas["committee"])
    assert _names(client.get(LIST, {"kind": "school"})) == ["МБОУ СОШ № 1", "МБОУ СОШ № 2", "МБОУ СОШ № 10"]
    assert _names(client.get(LIST, {"kind": "school", "sort": "-name"}))[0] == "МБОУ СОШ № 10"
    assert _names(client.get(LIST, {"customer": "yes", "kind": "school"})) == ["МБОУ СОШ № 1", "МБОУ СОШ № 10"]


def test_htmx_request_gets_only_the_table(client_for, personas, school_a):
    response = client_for(personas["committee"]).get(LIST, {"q": "СОШ"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'data-testid="org-table"' in html and "<html" not in html


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _bulk_orgs(city, start, count):
    orgs = []
    for n in range(start, start + count):
        org = Organisation(municipality=city, short_name=f"Организация № {n}", full_name=f"Организация № {n}",
                           kind="kindergarten", sector="education", inn=make_inn10(f"44{n + 7000000:07d}"),
                           ogrn=make_ogrn(f"10244{n + 7000000:07d}"))
        org.refresh_derived()
        orgs.append(org)
    Organisation.objects.bulk_create(orgs)


def test_list_query_count_does_not_grow_with_data(client_for, personas, city):
    client = client_for(personas["committee"])
    _bulk_orgs(city, 0, 10)
    small = _list_queries(client)
    _bulk_orgs(city, 10, 990)
    large = _list_queries(client)
    assert small == large, f"10 organisations: {small} queries, 1000: {large}"
    assert large <= 9


def test_invalid_inn_and_ogrn_refused_with_russian_message(client_for, personas, city):
    client = client_for(personas["committee"])
    response = client.post(reverse("directory:organisation_create"),
                           _valid_form(city, inn="4401000000", ogrn="1024400000000"))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "контрольной цифры" in errors["inn"][0]
    assert "контрольной цифры" in errors["ogrn"][0]
    assert 'data-field="inn"' in response.content.decode()
    assert not Organisation.objects.filter(short_name="МБОУ Лицей № 17").exists()
    assert not AuditEntry.objects.exists()


def test_create_organisation_normalises_phone_and_is_audited(client_for, personas, city):
    client = client_for(personas["committee"])
    response = client.post(reverse("directory:organisation_create"), _valid_form(city))
    org = Organisation.objects.get(short_name="МБОУ Лицей № 17")
    assert response.status_code == 302 and response["Location"] == reverse("directory:organisation_detail",
                                                                            args=[org.pk])
    assert org.phone == "+7 (4942) 31-12-34"  # Kostroma's code by its real length
    entry = AuditEntry.objects.get(action="directory.organisation.created")
    assert entry.actor == personas["committee"] and entry.changes["inn"] == [None, org.inn]


def test_edit_records_before_and_after_and_history_shows_it(client_for, personas, city, school_a):
    client = client_for(personas["committee"])
    data = _valid_form(city, short_name=school_a.short_name, full_name=school_a.full_name, inn=school_a.inn,
                       ogrn=school_a.ogrn, address="г. Кострома, ул. Новая, д. 5", version=school_a.version,
                       is_customer="on")
    assert client.post(reverse("directory:organisation_edit", args=[school_a.pk]), data).status_code == 302
    school_a.refresh_from_db()
    assert school_a.address == "г. Кострома, ул. Новая, д. 5" and school_a.version == 2
    entry = AuditEntry.objects.get(action="directory.organisation.updated")
    assert entry.changes["address"] == ["", "г. Кострома, ул. Новая, д. 5"]
    page = client.get(reverse("directory:organisation_detail", args=[school_a.pk])).content.decode()
    assert "История изменений" in page and "ул. Новая, д. 5" in page


def test_second_save_of_a_stale_form_is_refused(client_for, personas, city, school_a):
    client = client_for(personas["committee"])
    url = reverse("directory:organisation_edit", args=[school_a.pk])
    base = dict(short_name=school_a.short_name, full_name=school_a.full_name, inn=school_a.inn, ogrn=school_a.ogrn,
                version=1)
    assert client.post(url, _valid_form(city, address="первый адрес", **base)).status_code == 302
    response = client.post(url, _valid_form(city, address="второй адрес", **base))
    assert response.status_code == 422
    assert "изменил другой пользователь" in response.content.decode()
    school_a.refresh_from_db()
    assert school_a.address == "первый адрес"


def test_coordinator_edits_only_contacts_of_own_card(client_for, personas, school_a, school_b):
    client = client_for(personas["coordinator_a"])
    url = reverse("directory:organisation_edit", args=[school_a.pk])
    response = client.post(url, {"address": "ул. Школьная, 1", "phone": "", "version": school_a.version,
                                 "inn": "0000000000", "is_customer": "", "short_name": "Взлом"})
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.address == "ул. Школьная, 1" and school_a.short_name == "МБОУ СОШ № 1" and school_a.is_customer
    assert client.post(reverse("directory:organisation_edit", args=[school_b.pk]), {}).status_code == 404


def test_closing_needs_a_date(client_for, personas, city, school_a):
    client = client_for(personas["committee"])
    data = _valid_form(city, short_name=school_a.short_name, full_name=school_a.full_name, inn=school_a.inn,
                       ogrn=school_a.ogrn, version=1, status="closed")
    response = client.post(reverse("directory:organisation_edit", args=[school_a.pk]), data)
    assert response.status_code == 422 and "дату закрытия" in response.content.decode()


def _xlsx_rows(response):
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as fh:
        fh.write(b"".join(response.streaming_content))
    book = openpyxl.load_workbook(fh.name, read_only=True)
    return Path(fh.name), list(book.active.iter_rows(values_only=True))


def test_export_follows_filters_and_scope(client_for, personas, school_a, school_b, library, far_school):
    response = client_for(personas["committee"]).get(reverse("directory:organisation_export"), {"kind": "school"})
    assert response["Content-Disposition"].startswith('attachment; filename="organisations-')
    path, rows = _xlsx_rows(response)
    assert rows[0][0] == "Реестр организаций социальной сферы"
    data = [r for r in rows[4:] if r[0]]
    assert [r[1] for r in data] == ["МБОУ СОШ № 1", "МБОУ СОШ № 2"]
    assert AuditEntry.objects.filter(action="directory.organisation.exported").count() == 1


def test_customers_registry_export(client_for, personas, school_a, school_b, library):
    response = client_for(personas["observer"]).get(reverse("directory:customer_registry_export"))
    path, rows = _xlsx_rows(response)
    names = [r[2] for r in rows[4:] if r[0]]
    assert sorted(names) == sorted([school_a.full_name, library.full_name])


def test_export_opens_in_libreoffice(client_for, personas, school_a, school_b, tmp_path, soffice):
    response = client_for(personas["committee"]).get(reverse("directory:organisation_export"))
    path, _ = _xlsx_rows(response)
    csv_file = soffice(path, to="csv:Text - txt - csv (StarCalc):44,34,76", outdir=tmp_path)
    assert csv_file, "LibreOffice could not open the export"
    text = csv_file.read_text(encoding="utf-8", errors="replace")
    assert "МБОУ СОШ № 1" in text
