"""Targeted database (2.8.1), route sheets (2.8.2, 2.8.3) and their monitoring (2.8.5) through HTTP."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from orientir.core.models import AuditEntry
from orientir.directory.models import Specialty
from orientir.pupils import services, services_routes
from orientir.pupils.models import RouteSheet, RouteSheetItem, RouteSheetTemplate, TargetedEntry
from orientir.pupils.selectors_routes import school_year

YEAR = school_year(timezone.localdate())


def make_pupil(school, last_name="Ёлкина", grade=9, consent=True, consent_on=None):
    data = {"last_name": last_name, "first_name": "Мария"}
    if consent:
        data.update(grade=grade, class_letter="А")
    return services.pupil_create(actor=None, organisation=school, data=data,
                                 consent={"given_by_name": "Ёлкина Ольга Петровна",
                                          "given_on": consent_on or datetime.date(YEAR, 9, 1)} if consent else None)


@pytest.fixture
def spo():
    return Specialty.objects.get(code="44.02.02")


@pytest.fixture
def pupil(school_a):
    return make_pupil(school_a)


def entry_form(pupil, spo, **extra):
    return {"pupil": pupil.pk, "start_year": YEAR, "specialty": spo.pk, "level": "spo",
            "desired_institution": "Костромской педагогический колледж", "customer": "", "status": "declared",
            "note": "", **extra}


def make_entry(pupil, spo, *, with_sheet=True, sector="education"):
    entry = services_routes.targeted_entry_create(actor=None, pupil=pupil, start_year=YEAR,
                                                  data={"specialty": spo, "level": "spo"})
    if with_sheet:
        services_routes.route_sheet_create(actor=None, entry=entry,
                                           template=RouteSheetTemplate.objects.get(sector=sector))
    return entry


def test_templates_are_seeded_for_three_sectors(db):
    templates = RouteSheetTemplate.objects.filter(is_active=True)
    assert sorted(t.sector for t in templates) == ["culture", "education", "sport"]
    for t in templates:
        assert 6 <= t.items.count() <= 8
        assert {i.kind for i in t.items.all()} >= {"consultation", "career_event", "trial", "prep_course",
                                                   "customer_meeting", "practice_day"}


def test_planned_date_is_the_15th_of_the_school_year_month():
    assert services_routes.planned_date(2026, 1) == datetime.date(2026, 9, 15)
    assert services_routes.planned_date(2026, 4) == datetime.date(2026, 12, 15)
    assert services_routes.planned_date(2026, 5) == datetime.date(2027, 1, 15)
    assert services_routes.planned_date(2026, 12) == datetime.date(2027, 8, 15)


def test_journey_database_sheet_marks_and_monitoring(personas, client_for, pupil, spo, school_a):
    """The coordinator puts a pupil in, composes the sheet from the template, marks items; 2.8.5 counts them."""
    client = client_for(personas["coordinator_a"])
    response = client.post(reverse("pupils:targeted_create"), entry_form(pupil, spo))
    entry = TargetedEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pupils:route_sheet", args=[entry.pk])
    assert entry.pupil == pupil and entry.start_year == YEAR and entry.level == "spo"
    assert AuditEntry.objects.filter(action="guidance.targeted_entry.created", object_id=str(entry.pk)).exists()

    page = client.get(reverse("pupils:route_sheet", args=[entry.pk]))
    assert page.status_code == 200 and "Маршрутный лист ещё не составлен" in page.content.decode()
    assert AuditEntry.objects.filter(action="guidance.pupil.viewed", object_id=str(pupil.pk)).exists()

    template = RouteSheetTemplate.objects.get(sector="education")
    # the items are entered after the fact (they were held): the template's dates are kept, whatever today is
    response = client.post(reverse("pupils:route_sheet_create", args=[entry.pk]),
                           {"template": template.pk, "passed": "keep"})
    assert response.status_code == 302
    sheet = RouteSheet.objects.get(entry=entry)
    items = list(sheet.items.order_by("planned_on", "id"))
    assert len(items) == template.items.count() == 8
    assert items[0].planned_on == datetime.date(YEAR, 9, 15) and items[4].planned_on == datetime.date(YEAR + 1, 1, 15)
    assert all(i.planned_on.day == 15 for i in items)
    # a second sheet for the same entry is refused
    assert client.post(reverse("pupils:route_sheet_create", args=[entry.pk]),
                       {"template": template.pk}).status_code == 422

    done_on = datetime.date(YEAR, 9, 1)
    for item in items[:2]:
        response = client.post(reverse("pupils:route_item_mark", args=[entry.pk, item.pk]),
                               {"done_on": done_on.isoformat(), "note": "проведено"})
        assert response.status_code == 302
    first = RouteSheetItem.objects.get(pk=items[0].pk)
    assert first.done_on == done_on and first.done_by == personas["coordinator_a"] and first.note == "проведено"
    assert AuditEntry.objects.filter(action="guidance.route_sheet_item.closed").count() == 2

    # 15 January: five items are due (September–January), two of them done
    on = datetime.date(YEAR + 1, 1, 15)
    response = client.get(reverse("pupils:route_monitoring"), {"on": on.isoformat()})
    assert response.status_code == 200
    data = response.context["data"]
    assert data.year == YEAR
    assert data.total == {"pupils": 1, "total": 8, "due": 5, "done": 2, "overdue": 3, "done_ahead": 0, "behind": 1,
                          "percent": 40.0, "schools": 1}
    assert [r["school"] for r in data.rows] == [school_a.short_name]
    assert [b["full_name"] for b in data.behind] == [pupil.full_name]
    assert data.behind[0]["since"] == datetime.date(YEAR, 11, 15) and data.behind[0]["overdue"] == 3
    # a date in October: only September's and October's items were due, both done
    response = client.get(reverse("pupils:route_monitoring"), {"on": datetime.date(YEAR, 10, 20).isoformat()})
    t = response.context["data"].total
    assert (t["due"], t["done"], t["overdue"], t["behind"], t["percent"]) == (2, 2, 0, 0, 100.0)

    # the information report carries the same numbers
    response = client.get(reverse("pupils:route_monitoring_report", args=["xlsx"]), {"on": on.isoformat()})
    sheet_xlsx = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [tuple(c.value for c in r) for r in sheet_xlsx.iter_rows(min_row=5) if r[0].value]
    assert rows[0][:5] == (school_a.short_name, 1, 8, 5, 2) and rows[0][5] == 40.0 and rows[0][6] == 3
    assert rows[1][0] == "Итого"

    # the list shows the progress
    listing = client.get(reverse("pupils:targeted_list"), {"year": YEAR}).content.decode()
    assert pupil.full_name in listing and "2 из 8" in listing


def test_only_consenting_pupils_of_grades_9_and_11(personas, client_for, school_a, spo):
    client = client_for(personas["coordinator_a"])
    url = reverse("pupils:targeted_create")
    no_consent = make_pupil(school_a, "Безсогласия", consent=False)
    response = client.post(url, entry_form(no_consent, spo))
    assert response.status_code == 422
    assert "Нет действующего согласия на обработку персональных данных" in response.content.decode()
    tenth = make_pupil(school_a, "Десятиклассник", grade=10)
    response = client.post(url, entry_form(tenth, spo))
    assert response.status_code == 422
    assert "только обучающиеся 9-х и 11-х классов" in response.content.decode()
    assert "указан 10 класс" in response.content.decode()
    eleventh = make_pupil(school_a, "Одиннадцатиклассник", grade=11)
    response = client.post(url, entry_form(eleventh, spo, level="bachelor"))
    assert response.status_code == 422 and "относится к уровню «СПО»" in response.content.decode()
    assert not TargetedEntry.objects.exists()
    assert client.post(url, entry_form(eleventh, spo)).status_code == 302
    response = client.post(url, entry_form(eleventh, spo))
    assert response.status_code == 422 and "уже внесён(а) в базу данных" in response.content.decode()
    assert TargetedEntry.objects.count() == 1
    # another school's pupil is not even a choice
    other = make_pupil(personas["coordinator_b"].organisation, "Чужой")
    assert client.post(url, entry_form(other, spo)).status_code == 422
    assert TargetedEntry.objects.count() == 1


def test_edit_entry_and_items(personas, client_for, pupil, spo):
    entry = make_entry(pupil, spo)
    client = client_for(personas["coordinator_a"])
    response = client.post(reverse("pupils:targeted_edit", args=[entry.pk]),
                           {"specialty": spo.pk, "level": "spo", "desired_institution": "КПК", "customer": "",
                            "status": "in_work", "note": "уточнить заказчика"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "in_work" and entry.desired_institution == "КПК"
    assert AuditEntry.objects.get(action="guidance.targeted_entry.updated").changes["status"] == ["declared", "in_work"]

    add = reverse("pupils:route_item_add", args=[entry.pk])
    bad = client.post(add, {"kind": "trial", "title": "Проба", "planned_on": f"{YEAR + 2}-01-10"})
    assert bad.status_code == 422 and "в пределах" in bad.content.decode()
    assert client.post(add, {"kind": "trial", "title": "Вторая проба", "planned_on": f"{YEAR + 1}-03-10"}
                       ).status_code == 302
    item = RouteSheetItem.objects.get(title="Вторая проба")
    edit = reverse("pupils:route_item_edit", args=[entry.pk, item.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"kind": "trial", "title": "Вторая проба (перенос)", "planned_on": f"{YEAR + 1}-04-10",
                              "note": ""}).status_code == 302
    item.refresh_from_db()
    assert item.planned_on == datetime.date(YEAR + 1, 4, 10)
    # marks: not in the future; a mark can be withdrawn; a done item is not deleted
    mark = reverse("pupils:route_item_mark", args=[entry.pk, item.pk])
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(mark, {"done_on": future.isoformat()})
    assert response.status_code == 422 and "не может быть в будущем" in response.content.decode()
    assert client.post(mark, {"done_on": f"{YEAR}-09-01"}).status_code == 302
    delete = reverse("pupils:route_item_delete", args=[entry.pk, item.pk])
    client.post(delete)
    assert RouteSheetItem.objects.filter(pk=item.pk).exists()
    assert client.post(mark, {"action": "undo"}).status_code == 302
    item.refresh_from_db()
    assert item.done_on is None and item.done_by is None
    client.post(delete)
    assert not RouteSheetItem.objects.filter(pk=item.pk).exists()
    actions = set(AuditEntry.objects.filter(action__startswith="guidance.route_sheet_item.").values_list("action",
                                                                                                          flat=True))
    assert actions == {"guidance.route_sheet_item.created", "guidance.route_sheet_item.updated",
                       "guidance.route_sheet_item.closed", "guidance.route_sheet_item.reopened",
                       "guidance.route_sheet_item.deleted"}


def test_scope_other_school_tutor_and_readers(personas, client_for, pupil, spo):
    entry = make_entry(pupil, spo)
    item = entry.route_sheet.items.order_by("id").first()
    sheet_url = reverse("pupils:route_sheet", args=[entry.pk])
    mark_url = reverse("pupils:route_item_mark", args=[entry.pk, item.pk])
    mark = {"done_on": f"{YEAR}-09-01"}

    coord_b = client_for(personas["coordinator_b"])
    assert coord_b.get(sheet_url).status_code == 404
    assert coord_b.get(reverse("pupils:targeted_edit", args=[entry.pk])).status_code == 404
    assert coord_b.post(mark_url, mark).status_code == 404
    assert pupil.full_name not in coord_b.get(reverse("pupils:targeted_list"), {"year": YEAR}).content.decode()

    tutor = personas["tutor"]
    client = client_for(tutor)
    assert client.get(sheet_url).status_code == 404
    assert client.post(mark_url, mark).status_code == 404
    services.tutor_assign(actor=None, pupil=pupil, tutor=tutor, start_year=YEAR)
    page = client.get(sheet_url)
    assert page.status_code == 200 and 'data-testid="mark-form"' in page.content.decode()
    assert client.post(mark_url, mark).status_code == 302
    item.refresh_from_db()
    assert item.done_on == datetime.date(YEAR, 9, 1) and item.done_by == tutor
    # a tutor marks, but neither composes nor edits the sheet, nor exports names
    assert client.post(reverse("pupils:route_item_add", args=[entry.pk]),
                       {"kind": "trial", "title": "Проба", "planned_on": f"{YEAR}-12-01"}).status_code == 403
    assert client.get(reverse("pupils:route_item_edit", args=[entry.pk, item.pk])).status_code == 403
    assert client.get(reverse("pupils:targeted_export")).status_code == 403

    directorate = client_for(personas["directorate"])
    assert directorate.get(sheet_url).status_code == 200
    assert directorate.post(mark_url, {"action": "undo"}).status_code == 403
    observer = client_for(personas["observer"])
    assert observer.get(reverse("pupils:targeted_list")).status_code == 403
    assert observer.get(sheet_url).status_code == 404


def test_exports_are_restricted_and_logged(personas, client_for, pupil, spo, school_a, school_b):
    entry = make_entry(pupil, spo)
    make_entry(make_pupil(school_b, "Второва"), spo)
    client = client_for(personas["coordinator_a"])

    response = client.get(reverse("pupils:targeted_export"), {"year": YEAR})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [r[2].value for r in book.iter_rows(min_row=5)]
    assert names == ["Ёлкина"]  # only the own school
    assert AuditEntry.objects.filter(action="guidance.targeted_entries.exported",
                                     actor=personas["coordinator_a"]).count() == 1

    pdf = client.get(reverse("pupils:route_sheet_file", args=[entry.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    xlsx = client.get(reverse("pupils:route_sheet_file", args=[entry.pk, "xlsx"]))
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert AuditEntry.objects.filter(action="guidance.route_sheet.exported").count() == 2

    on = datetime.date(YEAR + 1, 6, 15).isoformat()
    report = client.get(reverse("pupils:route_monitoring_report", args=["pdf"]), {"on": on})
    assert report.status_code == 200 and report.content[:4] == b"%PDF"
    behind = client.get(reverse("pupils:route_monitoring_behind", args=["xlsx"]), {"on": on})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(behind.streaming_content))).active
    assert [r[1].value for r in book.iter_rows(min_row=5) if r[1].value] == [pupil.full_name]
    assert AuditEntry.objects.filter(action="guidance.route_monitoring.exported").count() == 1
    assert AuditEntry.objects.filter(action="guidance.route_monitoring_behind.exported").count() == 1

    items = client.get(reverse("pupils:route_sheet_export"), {"year": YEAR})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(items.streaming_content))).active
    assert len([r for r in book.iter_rows(min_row=5) if r[0].value]) == 8

    # the directorate reads the municipality's numbers, but takes no names away
    directorate = client_for(personas["directorate"])
    response = directorate.get(reverse("pupils:route_monitoring"), {"on": on})
    assert response.context["data"].total["pupils"] == 2
    assert directorate.get(reverse("pupils:targeted_export")).status_code == 403
    assert directorate.get(reverse("pupils:route_monitoring_behind", args=["xlsx"])).status_code == 403
    summary = directorate.get(reverse("pupils:targeted_summary_export"), {"year": YEAR})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(summary.streaming_content))).active
    rows = [tuple(c.value for c in r) for r in book.iter_rows(min_row=5) if r[0].value]
    assert rows[-1][:2] == ("Итого по муниципалитету", 2)
    methodologist = client_for(personas["methodologist"])
    assert methodologist.get(reverse("pupils:targeted_export")).status_code == 200


def test_list_query_count_is_flat(personas, client_for, school_a, spo):
    client = client_for(personas["coordinator_a"])
    urls = [(reverse("pupils:targeted_list"), {"year": YEAR}), (reverse("pupils:route_sheet_list"), {"year": YEAR}),
            (reverse("pupils:route_monitoring"), {"on": f"{YEAR + 1}-01-15"})]
    counts = {url: [] for url, _ in urls}
    for n in (2, 12):
        for i in range(n - TargetedEntry.objects.count()):
            make_entry(make_pupil(school_a, f"Ученик{n}-{i}"), spo)
        for url, params in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, params).status_code == 200
            counts[url].append(len(ctx.captured_queries))
    for url, (small, big) in counts.items():
        assert small == big, f"{url}: {small} → {big} queries"


def test_level_follows_the_specialty_and_filters_work(personas, client_for, pupil, spo, school_a):
    client = client_for(personas["coordinator_a"])
    response = client.post(reverse("pupils:targeted_create"), entry_form(pupil, spo, level=""))
    assert response.status_code == 302 and TargetedEntry.objects.get().level == "spo"
    bachelor = Specialty.objects.get(code="44.03.01")
    other = make_pupil(school_a, "Бакалаврова", grade=11)
    services_routes.targeted_entry_create(actor=None, pupil=other, start_year=YEAR, data={"specialty": bachelor})
    page = client.get(reverse("pupils:targeted_list"), {"year": YEAR, "level": "bachelor"}, HTTP_HX_REQUEST="true")
    text = page.content.decode()
    assert "<html" not in text and "Бакалаврова" in text and "Ёлкина" not in text
    page = client.get(reverse("pupils:targeted_list"), {"year": YEAR, "grade": "9"})
    assert "Ёлкина" in page.content.decode() and "Бакалаврова" not in page.content.decode()
    # the municipality's readers see the consolidated counts
    page = client_for(personas["committee"]).get(reverse("pupils:targeted_list"), {"year": YEAR})
    summary = page.context["summary"]
    assert summary[-1]["school"] == "Итого по муниципалитету" and summary[-1]["total"] == 2
    assert summary[0]["grade9"] == 1 and summary[0]["grade11"] == 1 and summary[0]["spo"] == 1


def test_route_sheet_shows_the_pupils_career_events_of_the_year(personas, client_for, school_a, spo):
    """2.4/2.5: a pupil's career events appear on their route sheet (and on their page, through the timeline)."""
    from orientir.careers import services_activities
    from orientir.careers.tests.helpers import make_event

    pupil = make_pupil(school_a, "Событийная", grade=11)
    entry = make_entry(pupil, spo)
    event = make_event(school_a, held_on=datetime.date(YEAR, 10, 10))
    services_activities.event_participant_add(actor=None, event=event, pupil=pupil, attended=True)
    page = client_for(personas["coordinator_a"]).get(reverse("pupils:route_sheet", args=[entry.pk]))
    assert page.status_code == 200
    titles = [e.title for e in page.context["career_events"]]
    assert any("Профессиональная суббота" in t for t in titles)
    assert 'data-testid="route-career-events"' in page.content.decode()


@pytest.mark.today("2026-12-05")
@pytest.mark.parametrize("choice", ["move", "skip", "keep"])
def test_a_sheet_composed_in_december_is_not_born_overdue(choice, personas, client_for, school_a, spo):
    """The education template's items fall on the 15th of Sep…Aug; composed on 05.12.2026 the ones of September,
    October and November have passed: moved to 15.12, 15.01, 15.02 in their order, left out, or kept."""
    template = RouteSheetTemplate.objects.get(sector="education")
    months = sorted(template.items.values_list("month", flat=True))
    late = [m for m in months if m <= 3]  # Sep (1), Oct (2), Nov (3): before 05.12
    assert late, "the seeded template has autumn items"
    pupil = make_pupil(school_a, last_name="Декабрёва", consent_on=datetime.date(2026, 9, 1))
    entry = services_routes.targeted_entry_create(actor=None, pupil=pupil, start_year=2026,
                                                  data={"specialty": spo, "level": "spo"})
    client = client_for(personas["coordinator_a"])
    response = client.post(reverse("pupils:route_sheet_create", args=[entry.pk]),
                           {"template": template.pk, "passed": choice})
    assert response.status_code == 302
    items = list(RouteSheetItem.objects.filter(sheet__entry=entry).order_by("planned_on", "id"))
    today = datetime.date(2026, 12, 5)
    if choice == "keep":
        assert len(items) == len(months)
        assert sum(1 for i in items if i.planned_on < today) == len(late)
        return
    assert all(i.planned_on >= today for i in items), [i.planned_on for i in items]
    if choice == "skip":
        assert len(items) == len(months) - len(late)
        assert not any(i.moved_from for i in items)
        return
    moved = [i for i in items if i.moved_from]
    expected = [datetime.date(2026, 12, 15), datetime.date(2027, 1, 15), datetime.date(2027, 2, 15)][:len(late)]
    assert [i.planned_on for i in moved] == expected
    assert [i.moved_from for i in moved] == sorted(i.moved_from for i in moved)
    page = client.get(reverse("pupils:route_sheet", args=[entry.pk])).content.decode()
    assert "перенесено с" in page and "просрочено" not in page
