"""The gate's rules one by one, as DOMAIN.md states them: who may fill a return, tutor a pupil, own a task, count a
contract in a report, see a programme of the bank. Expected answers come from the roles' descriptions, not from
running the gate; dates are fixed (nothing here depends on today)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import make_user
from orientir.accounts import access
from orientir.accounts.models import User

SCHOOL, OTHER_SCHOOL = 5, 6
DAY = datetime.date(2025, 10, 10)


def person(role, **fields):
    """An account not saved anywhere: the rules below read only its role and scope."""
    return User(role=role, username=f"{role}-{len(fields)}", **fields)


# --- Permissions ---------------------------------------------------------------------------------------------------

def test_has_perm_needs_an_active_signed_in_user_whose_role_grants_it():
    assert access.has_perm(person("coordinator"), "staffing.fill")
    assert not access.has_perm(person("committee"), "staffing.fill")
    assert not access.has_perm(person("coordinator", is_active=False), "staffing.fill")
    assert not access.has_perm(AnonymousUser(), "dashboard.view")
    assert not access.has_perm(None, "dashboard.view")


def test_require_refuses_in_words():
    access.require(person("admin"), "accounts.users.manage")
    with pytest.raises(PermissionDenied, match=r"^Недостаточно прав для этого действия\.$"):
        access.require(person("observer"), "contracts.view")


def test_only_the_committee_side_adds_organisations():
    assert access.may_create_organisation(person("committee"))
    assert access.may_create_organisation(person("directorate"))
    # a coordinator edits the own card (directory.org.change) but adds nothing to the registry
    assert access.has_perm(person("coordinator"), "directory.org.change")
    assert not access.may_create_organisation(person("coordinator"))
    assert not access.may_create_organisation(person("observer"))
    access.require_organisation_create(person("admin"))
    with pytest.raises(PermissionDenied,
                       match=r"^Добавлять организации в реестр может только специалист Комитета\.$"):
        access.require_organisation_create(person("coordinator"))


def test_sectors_an_organisation_may_be_given():
    assert access.sectors_for(person("directorate", sector="culture")) == [("culture", "Культура")]
    assert access.sectors_for(person("directorate", sector="")) == []
    assert access.sectors_for(person("methodologist")) == [("education", "Образование")]
    everything = access.sectors_for(person("committee"))
    assert ("culture", "Культура") in everything and ("education", "Образование") in everything
    assert ("sport", "Спорт и молодёжная политика") in everything


def test_route_templates_are_kept_by_the_admin_and_the_methodologist():
    assert access.may_edit_route_templates(person("admin"))
    assert access.may_edit_route_templates(person("methodologist"))
    assert not access.may_edit_route_templates(person("coordinator"))
    assert not access.may_edit_route_templates(person("methodologist", is_active=False))
    assert not access.may_edit_route_templates(AnonymousUser())
    assert not access.may_edit_route_templates(None)


# --- Staffing returns and plan tasks -------------------------------------------------------------------------------

def test_a_return_is_filled_by_its_own_coordinator_or_an_administrator():
    own = SimpleNamespace(organisation_id=SCHOOL)
    assert access.may_fill_return(person("coordinator", organisation_id=SCHOOL), own)
    assert not access.may_fill_return(person("coordinator", organisation_id=OTHER_SCHOOL), own)
    assert access.may_fill_return(person("admin"), own)
    # the school's tutor holds no staffing.fill; the committee runs the campaign but does not fill returns
    assert not access.may_fill_return(person("tutor", organisation_id=SCHOOL), own)
    assert not access.may_fill_return(person("committee", organisation_id=SCHOOL), own)
    assert not access.may_fill_return(person("coordinator", organisation_id=SCHOOL, is_active=False), own)


def test_the_owner_of_a_task_is_its_organisations_coordinator_or_a_member_of_its_unit():
    school_task = SimpleNamespace(organisation_id=SCHOOL, unit_id=None)
    unit_task = SimpleNamespace(organisation_id=None, unit_id=3)
    assert access.is_task_owner(person("coordinator", organisation_id=SCHOOL), school_task)
    assert not access.is_task_owner(person("coordinator", organisation_id=OTHER_SCHOOL), school_task)
    assert not access.is_task_owner(person("tutor", organisation_id=SCHOOL), school_task)
    assert access.is_task_owner(person("directorate", unit_id=3), unit_task)
    assert not access.is_task_owner(person("directorate", unit_id=4), unit_task)
    assert not access.is_task_owner(person("committee"), SimpleNamespace(organisation_id=None, unit_id=None))


@pytest.fixture
def tasks(city, school_a):
    from orientir.plan.models import PlanItem, PlanVersion, Task

    units = {u.short_name: u for u in city.units.all()}
    version = PlanVersion.objects.create(municipality=city, year=2027, title="План на 2027 год")
    item = PlanItem.objects.create(version=version, number="2.1.4", title="Мероприятие")
    item.units.add(units["УО"])
    other = PlanItem.objects.create(version=version, number="1.1", title="Другое мероприятие")
    return {
        "unit": Task.objects.create(version=version, item=item, unit=units["УО"], due_on=datetime.date(2027, 3, 31)),
        "school": Task.objects.create(version=version, item=item, organisation=school_a,
                                      due_on=datetime.date(2027, 3, 31)),
        "other_item": Task.objects.create(version=version, item=other, organisation=school_a,
                                          due_on=datetime.date(2027, 7, 14)),
    }


def test_tasks_a_user_sees(personas, tasks, city, other_city):
    seen = set(access.tasks_for(personas["coordinator_a"]))
    assert seen == {tasks["school"], tasks["other_item"]}
    # a coordinator account not yet tied to an organisation sees no task at all, not the units' ones
    assert not access.tasks_for(make_user("coord_none", "coordinator", city)).exists()
    # the education directorate: its unit's task and the school tasks of the items its unit answers for
    assert set(access.tasks_for(personas["directorate"])) == {tasks["unit"], tasks["school"]}
    assert set(access.tasks_for(personas["observer"])) == set(tasks.values())
    assert not access.tasks_for(make_user("far", "observer", other_city)).exists()  # another municipality's plan


# --- Pupils --------------------------------------------------------------------------------------------------------

def _pupil(school, last_name):
    from orientir.pupils import services as pupils

    return pupils.pupil_create(actor=None, organisation=school, data={"last_name": last_name, "first_name": "Анна",
                                                                      "grade": 9, "class_letter": "А"},
                               consent={"given_by_name": f"{last_name} Ольга Петровна",
                                        "given_on": datetime.date(2025, 9, 1)})


def test_routes_are_kept_by_the_schools_coordinator_and_the_pupils_own_tutor(personas, school_a, school_b, city):
    from orientir.pupils.models import TutorAssignment

    pupil = _pupil(school_a, "Берёзкина")
    tutor = personas["tutor"]
    assert access.may_tutor(personas["admin"], pupil)
    assert access.may_tutor(personas["coordinator_a"], pupil)
    assert not access.may_tutor(personas["coordinator_b"], pupil)
    # of the same school, but without pupils.change and not assigned
    assert not access.may_tutor(tutor, pupil)
    assert not access.may_tutor(personas["directorate"], pupil)
    TutorAssignment.objects.create(pupil=pupil, tutor=tutor, start_year=2025)
    assert access.may_tutor(tutor, pupil)
    # an assignment counts for tutors only
    stranger = make_user("coord_far", "coordinator", city, organisation=school_b)
    TutorAssignment.objects.create(pupil=pupil, tutor=stranger, start_year=2025)
    assert not access.may_tutor(stranger, pupil)


def test_funnel_counts_pupils_of_the_scope_for_roles_with_the_report(personas, school_a, library):
    pupil = _pupil(school_a, "Берёзкина")
    pupils, _ = access.funnel_scope(personas["observer"])
    assert list(pupils) == [pupil]
    pupils, _ = access.funnel_scope(personas["culture_directorate"])
    assert not pupils.exists()  # the library's sector has no pupils
    pupils, contracts = access.funnel_scope(personas["tutor"])  # no reports.view
    assert not pupils.exists() and not contracts.exists()


# --- Contracts in aggregated reports -------------------------------------------------------------------------------

@pytest.fixture
def contracts(city, other_city, school_a, library):
    from orientir.contracts import services
    from orientir.directory.models import Specialty

    specialty = Specialty.objects.get(code="44.02.02")
    made = {}

    def make(name, municipality, **parties):
        made[name] = services.contract_create(actor=None, municipality=municipality, data={
            "number": f"ЦО-{len(made) + 1}", "last_name": "Соколова", "first_name": "Анна", "middle_name": "Сергеевна",
            "birth_date": datetime.date(1999, 1, 15), "specialty": specialty, "level": specialty.level,
            "work_years": 3, **parties})

    make("school", city, customer=school_a)
    make("library_employs", city, customer=school_a, employer=library)
    make("library_works", city, customer=school_a, work_organisation=library)
    make("committee", city)  # the Committee itself is the customer
    make("far", other_city)  # the other municipality's Committee
    return made


def test_contracts_counted_in_reports(personas, contracts, city):
    c = contracts
    # municipality-wide roles: every contract of the municipality, whoever the parties
    assert set(access.contracts_counted_for(personas["observer"], "reports.view")) == {
        c["school"], c["library_employs"], c["library_works"], c["committee"]}
    # a sector: contracts where one of its organisations is a party, as employer or place of work too
    assert set(access.contracts_counted_for(personas["culture_directorate"], "reports.view")) == {
        c["library_employs"], c["library_works"]}
    assert not access.contracts_counted_for(personas["tutor"], "reports.view").exists()
    _, counted = access.funnel_scope(personas["culture_directorate"])
    assert set(counted) == {c["library_employs"], c["library_works"]}
    _, counted = access.funnel_scope(personas["observer"])
    assert counted.count() == 4
    # students' reports: the directorate's sector through its contracts
    assert set(access.student_report_contracts_for(personas["culture_directorate"])) == {
        c["library_employs"], c["library_works"]}
    assert access.student_report_contracts_for(personas["observer"]).count() == 4
    assert not access.student_report_contracts_for(personas["tutor"]).exists()


def test_users_an_administrator_manages(personas, city, other_city):
    far = make_user("far_coord", "coordinator", other_city)
    city_admin = make_user("city_admin", "admin", city)
    managed = set(access.users_for(city_admin))
    assert personas["coordinator_a"] in managed and far not in managed
    assert far in set(access.users_for(personas["admin"]))  # the regional administrator: every municipality
    assert not access.users_for(personas["committee"]).exists()


# --- The programme bank and career guidance ------------------------------------------------------------------------

def _programme(school, status, title):
    from orientir.careers import services
    from orientir.careers.models import Programme

    p = services.programme_create(actor=None, organisation=school, data={
        "start_year": 2025, "title": title, "kind": "trials", "sector": "education", "authors": "Иванова И. И.",
        "grade_from": 8, "grade_to": 11, "hours": Decimal(36), "description": "Пробы в школе"})
    Programme.objects.filter(pk=p.pk).update(status=status)
    p.refresh_from_db()
    return p


def test_the_bank_as_each_role_sees_it(personas, library, school_b):
    approved = _programme(library, "approved", "Одобренная")
    draft = _programme(library, "draft", "Черновик")
    submitted = _programme(library, "submitted", "На рассмотрении")
    returned = _programme(library, "returned", "Возвращена")
    # a school sees another organisation's approved programme only
    assert set(access.programmes_for(personas["coordinator_b"])) == {approved}
    # the library's own sector sees all of them
    assert set(access.programmes_for(personas["culture_directorate"])) == {approved, draft, submitted, returned}
    # the quality centre (education only) approves: it sees the submitted and returned ones too, not the draft
    assert set(access.programmes_for(personas["methodologist"])) == {approved, submitted, returned}
    assert access.programme_for_view(personas["coordinator_b"], approved.pk) == approved
    with pytest.raises(Http404):
        access.programme_for_view(personas["coordinator_b"], draft.pk)
    for outsider in (AnonymousUser(), make_user("gone", "coordinator", school_b.municipality, organisation=school_b,
                                                is_active=False)):
        with pytest.raises(Http404):
            access.programme_for_view(outsider, approved.pk)


def test_career_lists_follow_the_permission_they_are_asked_with(personas, school_a):
    from orientir.careers import services, services_activities

    programme = _programme(school_a, "approved", "Одобренная")
    services.run_create(actor=None, programme=programme, organisation=school_a, start_year=2025)
    services_activities.event_create(actor=None, organisation=school_a, data={
        "held_on": DAY, "title": "Профессиональная суббота", "kind": "saturday", "place": "Колледж",
        "organiser": "Педагогический колледж", "hours": Decimal(4)})
    services_activities.consultation_create(actor=None, organisation=school_a, data={
        "held_on": DAY, "consultant": "Петрова А. А.", "topic": "targeted", "form": "group", "participants": 5})
    services_activities.course_create(actor=None, organisation=school_a, data={
        "start_year": 2025, "subject": "math", "teacher": "Сидоров С. С."})
    observer = personas["observer"]  # careers.report only
    for scope in (access.career_runs_for, access.career_events_for, access.parent_consultations_for,
                  access.prep_courses_for):
        assert not scope(observer).exists(), scope.__name__
        assert scope(observer, perm="careers.report").count() == 1, scope.__name__
        assert scope(personas["coordinator_a"]).count() == 1, scope.__name__
