"""The funnel: counts agree with the registries, a contract's state change moves its person at once, conversions,
reasons for leaving, retention that waits for time to pass, and the closed loop into the forecast."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from orientir.contracts import services as contract_services
from orientir.contracts.models import Contract, State
from orientir.directory.models import Specialty
from orientir.pupils.models import MotivatedPupil, RouteSheet, RouteSheetItem, TargetedEntry
from orientir.pupils.services import pupil_create
from orientir.reports import conversion, funnel

DAY = datetime.date(2026, 9, 10)


@pytest.fixture
def spo(db):
    return Specialty.objects.get(code="44.02.02")


def make_pupil(school, last_name):
    return pupil_create(actor=None, organisation=school, data={"last_name": last_name, "first_name": "Анна",
                                                                "grade": 11, "class_letter": "А"},
                        consent={"given_by_name": "Мать", "given_on": datetime.date(2025, 9, 1)})


def identify(pupil, spo, *, route_done=False, declined=False):
    MotivatedPupil.objects.create(pupil=pupil, start_year=2025, sector="education", specialty=spo)
    entry = TargetedEntry.objects.create(pupil=pupil, start_year=2025, specialty=spo, level="spo",
                                         status="declined" if declined else "in_work",
                                         note="выбрал другую профессию" if declined else "")
    sheet = RouteSheet.objects.create(entry=entry)
    for n in range(2):
        RouteSheetItem.objects.create(sheet=sheet, kind="consultation", title=f"Шаг {n}",
                                      planned_on=datetime.date(2025, 10, 1),
                                      done_on=datetime.date(2025, 10, 2) if route_done else None)
    return entry


def make_contract(city, spo, number, *, pupil=None, kind="graduate", school=None):
    return Contract.objects.create(municipality=city, number=number, kind=kind, last_name=pupil.last_name if pupil
                                   else "Петров", first_name="Анна", birth_date=datetime.date(2004, 5, 1),
                                   specialty=spo, level="spo", pupil=pupil, work_organisation=school,
                                   work_start_deadline=datetime.date(2030, 9, 1),
                                   course_at_signing=2 if kind == "student" else None)


def move(contract, *states, on=datetime.date(2026, 3, 1), reason="основание"):
    for state in states:
        contract = contract_services.transition(actor=None, contract=contract, to_state=state, on=on, reason=reason)
    return contract


@pytest.fixture
def city_funnel(city, school_a, school_b, spo):
    """Three pupils of school A (one declined, one done with a contract), a student's contract without a pupil."""
    done = make_pupil(school_a, "Готовая")
    identify(done, spo, route_done=True)
    identify(make_pupil(school_a, "Отказавшаяся"), spo, declined=True)
    identify(make_pupil(school_b, "Вбазе"), spo)
    graduate = move(make_contract(city, spo, "1-Ц", pupil=done, school=school_a), State.SIGNED,
                    on=datetime.date(2026, 6, 1))
    graduate = move(graduate, State.ADMITTED, on=datetime.date(2026, 7, 29))
    graduate = move(graduate, State.STUDYING, on=datetime.date(2026, 9, 1))
    student = move(make_contract(city, spo, "2-Ц", kind="student"), State.SIGNED, State.STUDYING,
                   on=datetime.date(2026, 2, 1))
    return {"done": done, "graduate": graduate, "student": student}


def _build(city, **filters):
    from orientir.contracts.models import Contract
    from orientir.pupils.models import Pupil

    return funnel.build(pupils=Pupil.objects.all(), contracts=Contract.objects.filter(municipality=city),
                        filters=funnel.Filters(**filters), as_of=DAY)


def test_counts_equal_the_registries(city, city_funnel):
    result = _build(city)
    assert result.count("identified") == MotivatedPupil.objects.values("pupil").distinct().count() == 3
    assert result.count("targeted") == TargetedEntry.objects.count() == 3
    assert result.count("route_done") == 1
    assert result.count("signed") == Contract.objects.exclude(state="draft").count() == 2
    assert result.count("admitted") == 2  # the 2.11 student is admitted by being a student
    assert result.count("studying") == 2
    assert result.count("graduated") == 0
    # conversions: 1 of 3 in the database finished the route sheet; that one signed a contract
    assert result.rate("route_done") == pytest.approx(1 / 3)
    assert result.rate("signed") == 1.0
    row = next(r for r in result.rows if r["key"] == "targeted")
    # aggregated tables give the general reason; the recorded ground is for the drill-down only
    assert row["lost"] == 1 and dict(row["reasons"]) == {"Отказался от целевого обучения": 1}
    declined = funnel.people(result, "targeted", left=True)
    assert [p.left_reason for p in declined] == ["Отказался от целевого обучения: выбрал другую профессию"]


@pytest.mark.today("2028-07-10")  # the СПО graduate admitted on 29.07.2026 graduates two years later
def test_a_state_change_moves_the_person_at_once(city, city_funnel, client_for, personas):
    client = client_for(personas["committee"])
    page = client.get(reverse("reports:funnel"))
    assert page.status_code == 200
    assert 'data-testid="count-graduated">0<' in page.content.decode()
    move(city_funnel["graduate"], State.GRADUATED, on=datetime.date(2028, 7, 1))
    page = client.get(reverse("reports:funnel"))
    assert 'data-testid="count-graduated">1<' in page.content.decode()
    people = client.get(reverse("reports:funnel_people", args=["graduated"]))
    assert "Готовая Анна" in people.content.decode()


def test_leaving_is_counted_at_the_stage_it_happened(city, city_funnel):
    move(city_funnel["student"], State.TERMINATED, on=datetime.date(2026, 4, 1), reason="отчислен за неуспеваемость")
    result = _build(city)
    studying = next(r for r in result.rows if r["key"] == "studying")
    assert studying["lost"] == 1
    assert dict(studying["reasons"]) == {"Расторгнут": 1}
    assert funnel.people(result, "studying", left=True)[0].left_reason == "Расторгнут: отчислен за неуспеваемость"


def test_retention_waits_until_the_years_have_passed(city, spo, school_a):
    c = make_contract(city, spo, "3-Ц", kind="student", school=school_a)
    move(c, State.SIGNED, State.STUDYING, State.GRADUATED, on=datetime.date(2024, 6, 1))
    move(c, State.EMPLOYED, on=datetime.date(2025, 8, 20))
    result = _build(city)
    assert result.count("retained_1") == 1 and result.count("retained_2") == 0  # two years are not over yet
    assert result.rate("retained_1") == 1.0 and result.rate("retained_2") is None


def test_filters_by_school_and_cohort(city, city_funnel, school_b):
    assert _build(city, school_id=school_b.pk).count("identified") == 1
    assert _build(city, school_id=school_b.pk).count("signed") == 0
    # contracts signed in 2026-02 and 2026-06 belong to the 2025/2026 school year
    assert _build(city, cohort=2025).count("signed") == 2
    assert _build(city, cohort=2026).count("signed") == 0


def test_drill_down_hides_names_outside_personal_scope(city, city_funnel, client_for, personas):
    assert client_for(personas["observer"]).get(reverse("reports:funnel")).status_code == 200
    assert client_for(personas["observer"]).get(reverse("reports:funnel_people", args=["signed"])).status_code == 403
    school_b_coordinator = client_for(personas["coordinator_b"]).get(
        reverse("reports:funnel_people", args=["identified"]))
    body = school_b_coordinator.content.decode()
    assert "Вбазе" in body and "Готовая" not in body


def test_funnel_exports_open(city, city_funnel, client_for, personas):
    client = client_for(personas["committee"])
    xlsx = client.get(reverse("reports:funnel_export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(reverse("reports:funnel_export", args=["pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:4] == b"%PDF"


def test_conversion_rates_fall_back_to_defaults_when_history_is_thin(city, spo):
    rates = {r.key: r for r in conversion.measured_rates(Contract.objects.filter(municipality=city))}
    assert rates["completion_rate"].source == "по умолчанию"
    assert rates["completion_rate"].value == pytest.approx(0.80)


def test_conversion_rates_come_from_history(city, spo, school_a):
    for n in range(8):
        c = make_contract(city, spo, f"H-{n}", kind="student")
        c.regime = "pp1681"  # signed before 01.05.2024
        c.save()
        c = move(c, State.SIGNED, State.STUDYING,
                 on=datetime.date(2022, 9, 1))
        if n < 4:
            move(c, State.GRADUATED, on=datetime.date(2024, 6, 28))
            move(c, State.EMPLOYED, on=datetime.date(2024, 7, 1))
        else:
            move(c, State.TERMINATED, on=datetime.date(2023, 1, 10), reason="отчислен")
    rates = {r.key: r for r in conversion.measured_rates(Contract.objects.filter(municipality=city),
                                                         as_of=DAY)}
    completion = rates["completion_rate"]
    assert (completion.successes, completion.trials, completion.source) == (4, 8, "история договоров")
    # shrunk towards 0.80 with a prior worth 20 contracts: (4 + 20·0.8) / (8 + 20)
    assert completion.value == pytest.approx((4 + 16) / 28)
    assert rates["employment_rate"].successes == 4


def test_home_page_shows_the_pipeline_to_those_who_may_see_it(city, city_funnel, client_for, personas):
    page = client_for(personas["committee"]).get(reverse("core:home"))
    assert page.status_code == 200
    panel = next(p for p in page.context["panels"] if p["template"] == "reports/_home_pipeline.html")
    assert dict((key, n) for key, _, n in panel["stages"])["signed"] == 2
    assert 'data-testid="home-pipeline"' in page.content.decode()
    tutor_home = client_for(personas["tutor"]).get(reverse("core:home"))
    assert 'data-testid="home-pipeline"' not in tutor_home.content.decode()


def test_more_contracts_than_route_sheets_say_where_the_others_came_from(city, school_a, spo, client_for, personas):
    """2 route sheets done, 5 contracts: the conversion stays a real share (1 of 2 went on to a contract), and the
    5 are explained — 1 from the route, 1 from the database, 1 pupil outside it, 1 student, 1 never in the system."""
    done, unfinished, other = (make_pupil(school_a, n) for n in ("Готова", "Вбазе", "Внебазы"))
    identify(done, spo, route_done=True)
    identify(make_pupil(school_a, "Безгоговора"), spo, route_done=True)
    identify(unfinished, spo)
    for number, kwargs in enumerate([{"pupil": done}, {"pupil": unfinished}, {"pupil": other},
                                     {"kind": "student"}, {}], start=1):
        move(make_contract(city, spo, f"{number}-Ц", school=school_a, **kwargs), State.SIGNED,
             on=datetime.date(2026, 6, 1))
    result = _build(city)
    signed = next(r for r in result.rows if r["key"] == "signed")
    assert (result.count("route_done"), signed["count"], signed["conversion"]) == (2, 5, 0.5)
    assert [(key, n) for key, _, n in signed["sources"]] == [
        ("route_done", 1), ("targeted", 1), ("pupil", 1), ("student", 1), ("outside", 1)]
    page = re.sub(r"<[^>]+>", "", client_for(personas["committee"]).get(reverse("reports:funnel")).content.decode())
    assert "Откуда договоры: 1 — из выполнивших маршрутный лист" in page
    assert "1 — студенты 2-го курса и старше (п. 2.11)" in page


# --- The offers' applications between the pupil stages and the contract (ПП РФ № 555) --------------------------

def _applicant_pupil(school, last_name, spo, *, route_done=False):
    pupil = pupil_create(actor=None, organisation=school, data={
        "last_name": last_name, "first_name": "Анна", "grade": 11, "class_letter": "А",
        "birth_date": datetime.date(2009, 4, 1)},
        consent={"given_by_name": "Мать", "given_on": datetime.date(2025, 9, 1)})
    identify(pupil, spo, route_done=route_done)
    return pupil


@pytest.fixture
def offers_funnel(city, school_a, spo):
    """Six people apply (eight applications): Готовая (route done) to two offers, admitted within the quota to one
    and contracted; Вбазе withdraws; Смирнов and Кузнецов, not in the database, are admitted within the quota and
    Кузнецов is contracted from his application; Белова is admitted outside the quota; Орлов applies twice, typed
    differently."""
    from orientir.offers.tests.kit import make_application, make_campaign, make_offer

    school_a.is_customer = True
    school_a.save()
    campaign = make_campaign(city)
    quota = make_offer(campaign, school_a, status="approved")
    second = make_offer(campaign, school_a, status="placed")
    outside = make_offer(campaign, school_a, status="approved", is_quota=False)
    ready = _applicant_pupil(school_a, "Готовая", spo, route_done=True)
    _applicant_pupil(school_a, "Вбазе", spo)
    pupil_born = datetime.date(2009, 4, 1)
    apps = {
        "ready": make_application(quota, "Готовая", "Анна", "", pupil_born, status="enrolled"),
        "ready_2": make_application(second, "Готовая", "Анна", "", pupil_born, status="not_enrolled"),
        "withdrawn": make_application(quota, "Вбазе", "Анна", "", pupil_born, status="withdrawn"),
        "smirnov": make_application(quota, "Смирнов", "Олег", "", datetime.date(2009, 1, 2), status="enrolled"),
        "kuznetsov": make_application(quota, "Кузнецов", "Иван", "", datetime.date(2009, 2, 3), status="enrolled"),
        "belova": make_application(outside, "Белова", "Ольга", "", datetime.date(2009, 3, 4), status="enrolled"),
        "orlov": make_application(quota, "Орлов", "Пётр", "", datetime.date(2009, 5, 6)),
        "orlov_2": make_application(second, "орлов ", "Петр", "", datetime.date(2009, 5, 6)),
    }
    assert (apps["ready"].pupil, apps["ready"].match) == (ready, "found")
    for key, pupil in (("ready", ready), ("kuznetsov", None)):
        contract = make_contract(city, spo, f"{key}-Ц", pupil=pupil, school=school_a)
        contract.application = apps[key]
        contract.save()
        move(contract, State.SIGNED, on=datetime.date(2027, 8, 10))
    return apps


def _build_with_applications(city, **filters):
    from orientir.contracts.models import Contract
    from orientir.offers.models import Application
    from orientir.pupils.models import Pupil

    return funnel.build(pupils=Pupil.objects.all(), contracts=Contract.objects.filter(municipality=city),
                        applications=Application.objects.all(), filters=funnel.Filters(**filters),
                        as_of=datetime.date(2027, 9, 10))


@pytest.mark.today("2027-09-10")  # after the admission: the contracts are signed in August
def test_applicants_and_quota_admissions_sit_between_the_route_and_the_contract(city, offers_funnel):
    result = _build_with_applications(city)
    keys = [r["key"] for r in result.rows]
    assert keys[keys.index("route_done") + 1:keys.index("signed")] == ["applied", "quota_enrolled"]
    # people, not applications: Готовая and Орлов applied twice each
    assert result.count("applied") == 6
    assert result.count("quota_enrolled") == 3  # Готовая, Смирнов, Кузнецов; Белова was admitted outside it
    assert result.count("signed") == 2
    assert result.rate("applied") == 1.0  # the one who finished the route sheet applied
    assert result.rate("quota_enrolled") == pytest.approx(3 / 6)
    # of the route's one and the quota's three (Готовая on both roads: three people), two contracted
    assert result.rate("signed") == pytest.approx(2 / 3)
    applied = next(r for r in result.rows if r["key"] == "applied")
    assert (applied["lost"], dict(applied["reasons"])) == (1, {"Отозвал заявку": 1})
    signed = next(r for r in result.rows if r["key"] == "signed")
    assert signed["base"] == ("route_done", "quota_enrolled")
    assert [(key, n) for key, _, n in signed["sources"]] == [("route_done", 1), ("applicant", 1)]
    # the matched applicant is the pupil's own record: she is at every stage from the database to the contract
    ready = next(r for r in result.records if r.key[0] == "p" and "Готовая" in r.name)
    assert {"targeted", "route_done", "applied", "quota_enrolled"} <= ready.stages


@pytest.mark.today("2027-09-10")  # after the admission: the contracts are signed in August
def test_without_quota_admissions_the_contract_is_measured_from_the_route(city, city_funnel):
    result = _build_with_applications(city)
    assert (result.count("applied"), result.count("quota_enrolled")) == (0, 0)
    assert result.rate("signed") == 1.0  # the one who finished the route sheet signed, as before the offers


@pytest.mark.today("2027-09-10")
def test_a_route_and_a_quota_admission_without_contract_lower_the_rate(city, offers_funnel, school_b, spo):
    # one more pupil finished the route sheet and did not apply: 2 contracted of 4 (Готовая, Смирнов, Кузнецов, her)
    _applicant_pupil(school_b, "Беззаявки", spo, route_done=True)
    result = _build_with_applications(city)
    assert result.rate("signed") == pytest.approx(2 / 4)
    assert result.rate("applied") == pytest.approx(1 / 2)


@pytest.mark.today("2027-09-10")  # after the admission: the contracts are signed in August
def test_funnel_page_counts_applicants_in_scope_and_names_them_to_the_committee(city, offers_funnel, client_for,
                                                                                personas):
    page = client_for(personas["committee"]).get(reverse("reports:funnel")).content.decode()
    assert 'data-testid="count-applied">6<' in page and 'data-testid="count-quota_enrolled">3<' in page
    observer = client_for(personas["observer"]).get(reverse("reports:funnel")).content.decode()
    assert 'data-testid="count-applied">6<' in observer
    # school B's coordinator: neither the customer of these offers nor the school of these pupils
    other = client_for(personas["coordinator_b"]).get(reverse("reports:funnel")).content.decode()
    assert 'data-testid="count-applied">0<' in other
    people = client_for(personas["committee"]).get(reverse("reports:funnel_people", args=["quota_enrolled"]))
    names = [p.name for p in people.context["people"]]
    assert names == ["Готовая Анна", "Кузнецов Иван (заявка на предложение)", "Смирнов Олег (заявка на предложение)"]
    assert reverse("offers:application_edit", args=[offers_funnel["kuznetsov"].pk]) in people.content.decode()
    # the applicants' names are the committee's: a school coordinator reads the numbers only
    assert client_for(personas["coordinator_a"]).get(
        reverse("reports:funnel_people", args=["applied"])).status_code == 403
    xlsx = client_for(personas["committee"]).get(reverse("reports:funnel_export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = {row[1]: row[2] for row in sheet.iter_rows(values_only=True) if row and len(row) > 2}
    assert values["Подали заявку на предложение о целевом обучении"] == 6
    assert values["Зачислены по квоте целевого приёма"] == 3


@pytest.mark.today("2027-09-10")
def test_applications_counted_for_a_school_are_its_pupils_and_its_offers(city, offers_funnel, school_b, spo,
                                                                         personas):
    from orientir.accounts import access
    from orientir.offers.tests.kit import make_application

    pupil = _applicant_pupil(school_b, "Изшколыб", spo)
    own = make_application(offers_funnel["ready"].offer, "Изшколыб", "Анна", "", pupil.birth_date)
    assert own.pupil == pupil
    # school B: not the customer of school A's offer, but the school of the pupil who applied to it
    assert list(access.offer_applications_counted_for(personas["coordinator_b"])) == [own]
    # school A: the customer of every offer here
    assert access.offer_applications_counted_for(personas["coordinator_a"]).count() == 9
    # the committee: the municipality's; a tutor holds no reports.view
    assert access.offer_applications_counted_for(personas["committee"]).count() == 9
    assert not access.offer_applications_counted_for(personas["tutor"]).exists()
