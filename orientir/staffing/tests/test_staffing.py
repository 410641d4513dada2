"""Staffing monitoring through HTTP: campaign, filling, validation, Excel import, submit, send back, consolidation."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.directory.models import Position
from orientir.plan import services as plan_services
from orientir.plan.models import Task
from orientir.staffing import services
from orientir.staffing.models import ReturnLine, StaffingCampaign, StaffingReturn

YEAR = 2027


def _good_line(**overrides):
    values = {"staff_units": "4", "filled_main": "3", "filled_internal": "0,5", "filled_external": "0",
              "age_lt25": "1", "age_25_29": "0", "age_30_34": "1", "age_35_39": "0", "age_40_44": "0",
              "age_45_49": "0", "age_50_54": "0", "age_55_59": "1", "age_60_64": "0", "age_65p": "1",
              "pension_age": "1", "edu_higher_ped": "3", "edu_higher_other": "0", "edu_voc_ped": "1",
              "edu_voc_other": "0", "edu_none": "0", "young_specialists": "1", "leavers_retirement": "1",
              "leavers_moving": "0", "leavers_other": "0", "left_last_year": "1", "left_retirement_last_year": "0",
              "hired_last_year": "1", "hired_target_last_year": "0", "planned_new_units": "0"}
    values.update(overrides)
    return values


def _post_lines(line, values, version):
    data = {f"l-{line.pk}-{k}": v for k, v in values.items()}
    data["version"] = version
    return data


def test_campaign_opens_a_prefilled_return_per_organisation(campaign, school_a, school_b, library, far_school):
    orgs = set(campaign.returns.values_list("organisation__short_name", flat=True))
    assert orgs == {school_a.short_name, school_b.short_name, library.short_name}  # own municipality only
    ret = campaign.returns.get(organisation=school_a)
    assert ret.lines.filter(position__name="Учитель математики").exists()
    assert campaign.returns.get(organisation=library).lines.filter(position__name="Библиотекарь").exists()


def test_next_year_is_prefilled_from_last_year(campaign, ret_a, personas, city):
    line = ret_a.lines.get(position__name="Учитель математики")
    services.return_save(actor=personas["coordinator_a"], ret=ret_a, rows={line.pk: _good_line()})
    nxt = services.campaign_open(actor=None, municipality=city, year=YEAR + 1, deadline=datetime.date(YEAR + 1, 7, 14))
    copied = ReturnLine.objects.get(ret__campaign=nxt, ret__organisation=ret_a.organisation,
                                    position__name="Учитель математики")
    assert copied.staff_units == Decimal("4") and copied.age_65p == 1
    assert copied.left_last_year == 0  # flows of the past year start empty


def test_coordinator_fills_and_submits_and_plan_task_closes(campaign, ret_a, personas, client_for, city):
    version = plan_services.version_create(actor=None, municipality=city, year=YEAR)
    plan_services.tasks_generate(actor=None, version=version)
    client = client_for(personas["coordinator_a"])
    line = ret_a.lines.get(position__name="Учитель математики")
    url = reverse("staffing:return_detail", args=[ret_a.pk])
    data = _post_lines(line, _good_line(), ret_a.version)
    data["submit"] = "1"
    assert client.post(url, data).status_code == 302
    ret_a.refresh_from_db()
    line.refresh_from_db()
    assert ret_a.status == "submitted" and line.filled_internal == Decimal("0.50")
    assert line.vacancies == Decimal("0.50")
    task = Task.objects.get(version=version, item__number="1.1", organisation=ret_a.organisation)
    assert task.status == "done" and task.evidence_url == url
    # locked: a further save is refused and changes nothing
    response = client.post(url, _post_lines(line, _good_line(staff_units="9"), ret_a.version))
    assert response.status_code == 422 and "закрыты для изменений" in response.content.decode()
    line.refresh_from_db()
    assert line.staff_units == Decimal("4")


def test_invalid_lines_save_nothing_and_every_error_is_shown(campaign, ret_a, personas, client_for):
    client = client_for(personas["coordinator_a"])
    math = ret_a.lines.get(position__name="Учитель математики")
    physics = ret_a.lines.get(position__name="Учитель физики")
    data = _post_lines(math, _good_line(filled_main="5"), ret_a.version)  # filled > units
    data.update(_post_lines(physics, _good_line(edu_none="2", age_lt25="abc"), ret_a.version))
    response = client.post(reverse("staffing:return_detail", args=[ret_a.pk]), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "больше, чем штатных единиц" in page and "«abc» — не число" in page
    assert not ReturnLine.objects.filter(ret=ret_a, staff_units__gt=0).exists()


def test_bands_must_add_up(campaign, ret_a, personas):
    line = ret_a.lines.first()
    with pytest.raises(services.ImportErrors) as exc:
        services.return_save(actor=personas["coordinator_a"], ret=ret_a, rows={line.pk: _good_line(edu_none="1")})
    assert any("не совпадает" in message for _, _, message in exc.value.errors)


def _template(client, ret):
    response = client.get(reverse("staffing:return_template", args=[ret.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _upload(client, ret, book):
    buf = io.BytesIO()
    book.save(buf)
    file = SimpleUploadedFile("svedeniya.xlsx", buf.getvalue())
    return client.post(reverse("staffing:return_import", args=[ret.pk]), {"file": file})


def test_template_with_errors_saves_nothing_and_lists_every_error(campaign, ret_a, personas, client_for):
    client = client_for(personas["coordinator_a"])
    book = _template(client, ret_a)
    sheet = book["Сведения"]
    codes = [c.value for c in sheet[5]]
    col = {code: i + 1 for i, code in enumerate(codes)}
    sheet.cell(row=6, column=col["staff_units"], value=1)
    sheet.cell(row=6, column=col["filled_main"], value=3)         # filled > units
    sheet.cell(row=7, column=col["age_lt25"], value=-2)           # negative
    sheet.cell(row=8, column=1, value="Космонавт")                # unknown position
    response = _upload(client, ret_a, book)
    assert response.status_code == 422
    errors = response.context["import_errors"]
    rows = {row for row, _, _ in errors}
    assert {6, 7, 8} <= rows
    assert any(col_ == "A «Должность»" and "Космонавт" in msg for _, col_, msg in errors)
    assert any(row == 7 and "отрицательным" in msg for row, _, msg in errors)
    assert ret_a.lines.count() == 9 and not ret_a.lines.filter(staff_units__gt=0).exists()
    # the user's own file comes back with the errors marked where they are
    marked_url = reverse("core:import_marked", args=["staffing", response.context["import_token"]])
    assert marked_url in response.content.decode()
    copy = openpyxl.load_workbook(io.BytesIO(client.get(marked_url).content)).active
    notes = {row: copy.cell(row, copy.max_column).value for row in (6, 7, 8)}
    assert "Космонавт" in notes[8] and "отрицательным" in notes[7] and "больше, чем штатных единиц" in notes[6]
    other = client_for(personas["coordinator_b"]).get(marked_url)
    assert other.status_code == 404  # another user's upload is nobody else's


def test_correct_template_imports(campaign, ret_a, personas, client_for):
    client = client_for(personas["coordinator_a"])
    book = _template(client, ret_a)
    sheet = book["Сведения"]
    codes = [c.value for c in sheet[5]]
    good = _good_line()
    for row in range(6, 6 + ret_a.lines.count()):
        for code, value in good.items():
            sheet.cell(row=row, column=codes.index(code) + 1, value=float(value.replace(",", ".")))
    new_row = 6 + ret_a.lines.count()
    sheet.cell(row=new_row, column=1, value="Учитель химии")
    for code in codes[1:]:
        sheet.cell(row=new_row, column=codes.index(code) + 1, value=0)
    assert _upload(client, ret_a, book).status_code == 302
    assert ret_a.lines.count() == 10
    assert ret_a.lines.get(position__name="Учитель химии").staff_units == 0
    assert ret_a.lines.filter(staff_units=Decimal("4")).count() == 9
    assert AuditEntry.objects.filter(action="staffing.return.imported").exists()
    # the same file again changes nothing
    before = list(ret_a.lines.order_by("position__name").values_list("position__name", "staff_units", "age_65p"))
    book2 = _template(client, ret_a)
    assert _upload(client, ret_a, book2).status_code == 302
    after = list(ret_a.lines.order_by("position__name").values_list("position__name", "staff_units", "age_65p"))
    assert before == after


def test_committee_sends_back_with_comment(campaign, ret_a, personas, client_for):
    line = ret_a.lines.first()
    services.return_save(actor=personas["coordinator_a"], ret=ret_a, rows={line.pk: _good_line()})
    services.return_submit(actor=personas["coordinator_a"], ret=ret_a)
    client = client_for(personas["committee"])
    url = reverse("staffing:return_send_back", args=[ret_a.pk])
    client.post(url, {"comment": ""})
    ret_a.refresh_from_db()
    assert ret_a.status == "submitted"
    client.post(url, {"comment": "Проверьте число вакансий учителей математики"})
    ret_a.refresh_from_db()
    assert ret_a.status == "returned" and "вакансий" in ret_a.review_comment
    page = client_for(personas["coordinator_a"]).get(reverse("staffing:return_detail", args=[ret_a.pk]))
    assert "Замечания Комитета" in page.content.decode() and page.context["may_fill"]


def test_other_school_cannot_open_or_fill(campaign, ret_a, personas, client_for):
    client = client_for(personas["coordinator_b"])
    assert client.get(reverse("staffing:return_detail", args=[ret_a.pk])).status_code == 404
    assert client.post(reverse("staffing:return_import", args=[ret_a.pk]), {}).status_code == 404
    # the committee reads it but does not fill it
    committee = client_for(personas["committee"])
    line = ret_a.lines.first()
    assert committee.post(reverse("staffing:return_detail", args=[ret_a.pk]),
                          _post_lines(line, _good_line(), ret_a.version)).status_code == 403


def test_consolidation_sums_submitted_returns(campaign, ret_a, personas, client_for, school_b):
    line = ret_a.lines.get(position__name="Учитель математики")
    services.return_save(actor=personas["coordinator_a"], ret=ret_a, rows={line.pk: _good_line()})
    services.return_submit(actor=personas["coordinator_a"], ret=ret_a)
    ret_b = StaffingReturn.objects.get(campaign=campaign, organisation=school_b)
    line_b = ret_b.lines.get(position__name="Учитель математики")
    services.return_save(actor=personas["coordinator_b"], ret=ret_b, rows={line_b.pk: _good_line(staff_units="6")})
    # ret_b is not submitted: it does not count yet
    response = client_for(personas["committee"]).get(reverse("staffing:consolidation"),
                                                     {"year": YEAR, "group": "position"})
    rows = {r["label"]: r for r in response.context["rows"]}
    assert rows["Учитель математики"]["staff_units"] == Decimal("4")
    assert rows["Учитель математики"]["vacancies"] == Decimal("0.5")
    xlsx = client_for(personas["committee"]).get(reverse("staffing:consolidation"),
                                                 {"year": YEAR, "group": "position", "format": "xlsx"})
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_add_and_remove_position(campaign, ret_a, personas, client_for):
    client = client_for(personas["coordinator_a"])
    chem = Position.objects.get(name="Учитель химии")
    client.post(reverse("staffing:return_add_position", args=[ret_a.pk]), {"position": chem.pk})
    line = ret_a.lines.get(position=chem)
    client.post(reverse("staffing:return_remove_line", args=[ret_a.pk, line.pk]))
    assert not ret_a.lines.filter(position=chem).exists()


def test_campaign_twice_refused(campaign, personas, client_for):
    response = client_for(personas["committee"]).post(reverse("staffing:campaigns"),
                                                      {"year": YEAR, "deadline": "2027-07-14"})
    assert response.status_code == 422 and "уже открыт" in response.content.decode()
    assert StaffingCampaign.objects.count() == 1


def test_closing_the_campaign_closes_the_committee_task(campaign, personas, client_for, city):
    version = plan_services.version_create(actor=None, municipality=city, year=YEAR)
    plan_services.tasks_generate(actor=None, version=version)
    client = client_for(personas["committee"])
    assert client.post(reverse("staffing:campaign_close", args=[campaign.pk])).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    task = Task.objects.get(version=version, item__number="1.1", unit__short_name="ОЮКО")
    assert task.status == "done" and "consolidation" in task.evidence_url


def test_sending_back_reopens_the_organisation_task(campaign, ret_a, personas, city):
    version = plan_services.version_create(actor=None, municipality=city, year=YEAR)
    plan_services.tasks_generate(actor=None, version=version)
    line = ret_a.lines.first()
    services.return_save(actor=personas["coordinator_a"], ret=ret_a, rows={line.pk: _good_line()})
    services.return_submit(actor=personas["coordinator_a"], ret=ret_a)
    task = Task.objects.get(version=version, item__number="1.1", organisation=ret_a.organisation)
    assert task.status == "done"
    services.return_send_back(actor=personas["committee"], ret=ret_a, comment="Уточните вакансии")
    task.refresh_from_db()
    assert task.status == "in_progress"


def test_a_regional_administrator_opens_the_monitoring_of_the_chosen_municipality(city, other_city, client_for):
    from conftest import make_user
    from orientir.staffing.models import StaffingCampaign

    regional = make_user("region_admin", "admin")  # no municipality
    client = client_for(regional)
    assert client.post(reverse("staffing:campaigns"), {"year": 2026, "deadline": "2026-07-14"}).status_code == 422
    response = client.post(reverse("staffing:campaigns"), {"municipality": other_city.pk, "year": 2026,
                                                           "deadline": "2026-07-14"})
    assert response.status_code == 302
    assert StaffingCampaign.objects.get(year=2026).municipality == other_city


def test_a_position_named_like_markup_stays_text_on_the_consolidation_page(campaign, ret_a, personas, client_for):
    """A stored name that closes the chart data's <script> must not open markup of its own (stored XSS)."""
    hostile = "</script><img src=x onerror=alert(1)>"
    line = ret_a.lines.get(position__name="Учитель математики")
    Position.objects.filter(pk=line.position_id).update(name=hostile)
    services.return_save(actor=personas["coordinator_a"], ret=ret_a, rows={line.pk: _good_line()})
    services.return_submit(actor=personas["coordinator_a"], ret=ret_a)
    response = client_for(personas["committee"]).get(reverse("staffing:consolidation"),
                                                     {"year": YEAR, "group": "position"})
    body = response.content.decode()
    assert response.status_code == 200 and hostile in {r["label"] for r in response.context["rows"]}
    assert "<img src=x" not in body
    assert "\\u003C/script\\u003E\\u003Cimg src=x onerror=alert(1)\\u003E" in body  # the chart data, escaped



@pytest.mark.today("2027-12-05")
def test_a_return_not_submitted_after_the_deadline_says_overdue(campaign, ret_a, personas, client_for):
    page = client_for(personas["coordinator_a"]).get(reverse("staffing:return_detail", args=[ret_a.pk]))
    assert 'data-testid="return-overdue"' in page.content.decode() and "Просрочено" in page.content.decode()


@pytest.mark.today("2027-07-14")
def test_on_the_deadline_day_a_return_is_not_overdue(campaign, ret_a, personas, client_for):
    page = client_for(personas["coordinator_a"]).get(reverse("staffing:return_detail", args=[ret_a.pk]))
    assert "Просрочено" not in page.content.decode()


def test_a_save_writes_only_the_lines_and_fields_that_changed(campaign, ret_a, personas, client_for):
    """«Представить» took 2.7 s: every save rewrote every field of every line (a CASE per field and line). Now an
    unchanged form writes no line, and one changed number writes one line's changed fields; the queries of a
    submit are pinned."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas["coordinator_a"])
    lines = list(ret_a.lines.order_by("pk"))
    assert len(lines) > 1
    url = reverse("staffing:return_detail", args=[ret_a.pk])
    services.return_save(actor=personas["coordinator_a"], ret=ret_a, rows={ln.pk: _good_line() for ln in lines})
    ret_a.refresh_from_db()

    def post(data):
        with CaptureQueriesContext(connection) as ctx:
            assert client.post(url, data).status_code == 302
        ret_a.refresh_from_db()
        return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "staffing_returnline"')]

    def form(**changed):
        data = {}
        for ln in lines:
            data.update(_post_lines(ln, _good_line(**(changed if ln == lines[0] else {})), ret_a.version))
        return data

    assert post(form()) == []
    updates = post(form(leavers_moving="2"))
    assert len(updates) == 1 and '"leavers_moving"' in updates[0] and '"staff_units"' not in updates[0]
    lines[0].refresh_from_db()
    assert lines[0].leavers_moving == 2
    submit = form(leavers_moving="2")
    submit["submit"] = "1"
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(url, submit).status_code == 302
    ret_a.refresh_from_db()
    assert ret_a.status == "submitted"
    assert not [q for q in ctx.captured_queries if q["sql"].startswith('UPDATE "staffing_returnline"')]
    assert len(ctx.captured_queries) <= 26, len(ctx.captured_queries)  # pinned: no query per line


def test_a_refused_file_says_file_not_row_zero_and_the_address_returns_to_the_return(campaign, ret_a, personas,
                                                                                     client_for):
    client = client_for(personas["coordinator_a"])
    file = SimpleUploadedFile("svedeniya.xlsx", b"not a workbook at all")
    response = client.post(reverse("staffing:return_import", args=[ret_a.pk]), {"file": file})
    page = response.content.decode()
    assert "Файл не является книгой Excel" in page
    errors = page[page.index('data-testid="import-errors"'):]
    errors = errors[errors.index("<tbody>"):errors.index("</tbody>")]
    assert "<td>Файл</td>" in errors and "<td>0</td>" not in errors
    assert f'data-replace-url="{reverse("staffing:return_detail", args=[ret_a.pk])}"' in page
