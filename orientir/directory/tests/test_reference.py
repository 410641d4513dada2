"""Reference books: the shipped classifier, editing with validation and audit, exports."""

import datetime

from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.directory.models import AcademicYear, Position, Specialty, SpecialtyGroup


def test_classifier_and_positions_are_loaded_by_migration(db):
    assert Specialty.objects.count() == 1009
    assert SpecialtyGroup.objects.count() == 55
    assert Specialty.objects.get(code="44.03.01").level == "bachelor"
    teacher = Position.objects.get(name="Учитель математики")
    assert {g.code for g in teacher.specialty_groups.all()} == {"44.00.00", "01.00.00"}


def test_specialty_search_and_filters(client_for, personas):
    client = client_for(personas["methodologist"])
    url = reverse("directory:reference_list", args=["specialties"])
    codes = [s.code for s in client.get(url, {"q": "педагогическое образование", "level": "bachelor"})
             .context["page"].object_list]
    assert "44.03.01" in codes and all(c.startswith("44.03") for c in codes)


def test_admin_retires_a_specialty_with_audit(client_for, personas):
    client = client_for(personas["admin"])
    spec = Specialty.objects.get(code="44.02.01")
    data = {"code": spec.code, "name": spec.name, "level": spec.level, "group": spec.group_id,
            "valid_from": "2013-09-01", "valid_to": "2026-08-31"}
    response = client.post(reverse("directory:reference_edit", args=["specialties", spec.pk]), data)
    assert response.status_code == 302
    spec.refresh_from_db()
    assert spec.valid_to == datetime.date(2026, 8, 31) and not spec.is_valid_on(datetime.date(2026, 9, 1))
    assert AuditEntry.objects.get(action="directory.specialty.updated").changes["valid_to"] == [None, "2026-08-31"]
    retired = client.get(reverse("directory:reference_list", args=["specialties"]), {"valid": "no"})
    assert [s.code for s in retired.context["page"].object_list] == ["44.02.01"]


def test_specialty_code_must_match_group(client_for, personas):
    client = client_for(personas["admin"])
    group = SpecialtyGroup.objects.get(code="44.00.00")
    response = client.post(reverse("directory:reference_create", args=["specialties"]),
                           {"code": "49.03.99", "name": "Новое", "level": "bachelor", "group": group.pk,
                            "valid_from": "2026-09-01"})
    assert response.status_code == 422 and "не относится к группе" in response.content.decode()
    response = client.post(reverse("directory:reference_create", args=["specialties"]),
                           {"code": "44-03", "name": "Новое", "level": "bachelor", "group": group.pk,
                            "valid_from": "2026-09-01"})
    assert response.status_code == 422 and "ЧЧ.ЧЧ.ЧЧ" in response.content.decode()
    assert not Specialty.objects.filter(name="Новое").exists()


def test_position_groups_change_is_audited(client_for, personas):
    client = client_for(personas["admin"])
    groups = SpecialtyGroup.objects.filter(code__in=["44.00.00", "49.00.00"])
    response = client.post(reverse("directory:reference_create", args=["positions"]),
                           {"name": "Педагог-организатор", "sector": "education", "required_level": "higher",
                            "specialty_groups": [g.pk for g in groups], "is_active": "on"})
    assert response.status_code == 302
    position = Position.objects.get(name="Педагог-организатор")
    assert position.specialty_groups.count() == 2
    entry = AuditEntry.objects.get(action="directory.position.created")
    assert len(entry.changes["specialty_groups"][1]) == 2


def test_directorate_unit_needs_a_sector(client_for, personas, city):
    response = client_for(personas["admin"]).post(
        reverse("directory:reference_create", args=["units"]),
        {"municipality": city.pk, "name": "Управление X", "short_name": "УX", "kind": "directorate", "sector": ""})
    assert response.status_code == 422 and "курируемую отрасль" in response.content.decode()


def test_only_one_current_academic_year(client_for, personas):
    client = client_for(personas["admin"])
    for start in (2025, 2026):
        client.post(reverse("directory:reference_create", args=["years"]),
                    {"start_year": start, "starts_on": f"{start}-09-01", "ends_on": f"{start + 1}-08-31",
                     "is_current": "on"})
    assert list(AcademicYear.objects.filter(is_current=True).values_list("start_year", flat=True)) == [2026]
    assert str(AcademicYear.objects.get(start_year=2026)) == "2026/2027"


def test_reference_export_is_xlsx(client_for, personas):
    response = client_for(personas["observer"]).get(reverse("directory:reference_export", args=["positions"]))
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert b"".join(response.streaming_content)[:2] == b"PK"
