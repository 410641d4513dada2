"""Withdrawing a pupil's consent erases everything processed under it, for that pupil only, and the log and the
pages no longer show it: route and its steps, professional plan, profile-class membership, interest specialties,
motivation marks, tutor assignments, representatives (152-ФЗ)."""

import datetime

import pytest
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.directory.models import Specialty
from orientir.pupils import services, services_classes, services_tutoring
from orientir.pupils.models import (EducationalRoute, MotivatedPupil, ProfessionalPlan, ProfileClassMember,
                                      Pupil, Representative, RouteStep, TutorAssignment)

GOALS = "Поступить в КГУ на учителя истории и вернуться в свою школу"
PLAN_STEPS = "Подготовка к ЕГЭ по истории с репетитором по вторникам"


def _pupil_with_everything(school, personas, last_name, profile_class):
    coordinator = personas["coordinator_a"]
    pupil = services.pupil_create(actor=coordinator, organisation=school,
                                  data={"last_name": last_name, "first_name": "Мария", "grade": 9,
                                        "class_letter": "А", "birth_date": datetime.date(2011, 5, 4)},
                                  consent={"given_by_name": f"{last_name} Ольга Петровна",
                                           "given_on": datetime.date(2026, 9, 2)},
                                  representatives=[{"full_name": f"{last_name} Ольга Петровна", "relation": "mother",
                                                    "phone": "", "email": ""}])
    pupil.interest_specialties.set(Specialty.objects.filter(code__in=["44.03.01", "44.02.02"]))
    route = services_tutoring.route_save(actor=coordinator, pupil=pupil, start_year=2026, goals=GOALS)
    services_tutoring.route_step_add(actor=coordinator, route=route, title="Олимпиада по истории",
                                     due_on=datetime.date(2026, 12, 1))
    services_tutoring.plan_save(actor=coordinator, pupil=pupil, start_year=2026,
                                data={"institution": "Костромской государственный университет", "steps": PLAN_STEPS})
    services_classes.member_add(actor=coordinator, profile_class=profile_class, pupil=pupil,
                                joined_on=datetime.date(2026, 9, 3))
    services_classes.motivated_mark(actor=coordinator, pupil=pupil, start_year=2026, sector="education")
    services.tutor_assign(actor=coordinator, pupil=pupil, tutor=personas["tutor"], start_year=2026)
    return pupil


def _kept(pupil):
    return {
        "interest specialties": pupil.interest_specialties.count(),
        "routes": EducationalRoute.objects.filter(pupil=pupil).count(),
        "route steps": RouteStep.objects.filter(route__pupil=pupil).count(),
        "plans": ProfessionalPlan.objects.filter(pupil=pupil).count(),
        "class memberships": ProfileClassMember.objects.filter(pupil=pupil).count(),
        "motivation marks": MotivatedPupil.objects.filter(pupil=pupil).count(),
        "tutors": TutorAssignment.objects.filter(pupil=pupil).count(),
        "representatives": Representative.objects.filter(pupil=pupil).count(),
    }


EVERYTHING = {"interest specialties": 2, "routes": 1, "route steps": 1, "plans": 1, "class memberships": 1,
              "motivation marks": 1, "tutors": 1, "representatives": 1}
NOTHING = dict.fromkeys(EVERYTHING, 0)


@pytest.mark.today("2026-11-20")
def test_withdrawal_erases_what_was_processed_under_the_consent(personas, client_for, school_a):
    profile_class = services_classes.profile_class_create(actor=None, organisation=school_a, data={
        "start_year": 2026, "name": "9 «П»", "kind": "class", "orientation": "pedagogical", "grade": 9})
    withdrawn = _pupil_with_everything(school_a, personas, "Ёлкина", profile_class)
    classmate = _pupil_with_everything(school_a, personas, "Сосновая", profile_class)
    assert _kept(withdrawn) == EVERYTHING

    coordinator = client_for(personas["coordinator_a"])
    response = coordinator.post(reverse("pupils:consent_withdraw", args=[withdrawn.pk]),
                                {"reason": "заявление родителя"})
    assert response.status_code == 302

    assert _kept(withdrawn) == NOTHING
    assert _kept(classmate) == EVERYTHING  # the classmate's consent stands: nothing of theirs goes
    withdrawn = Pupil.objects.get(pk=withdrawn.pk)
    assert (withdrawn.last_name, withdrawn.first_name, withdrawn.organisation_id) == ("Ёлкина", "Мария", school_a.pk)
    assert (withdrawn.grade, withdrawn.birth_date, withdrawn.class_letter) == (None, None, "")

    # Neither the pupil's card nor the log shows the route goals or the plan any more.
    card = coordinator.get(reverse("pupils:pupil_detail", args=[withdrawn.pk])).content.decode()
    assert "Ёлкина" in card and GOALS not in card and PLAN_STEPS not in card
    for entry in AuditEntry.objects.filter(action__in=["guidance.route.created", "guidance.professional_plan.created",
                                                       "guidance.pupil.created"], object_id=str(withdrawn.pk)):
        text = str(entry.changes)
        assert GOALS not in text and PLAN_STEPS not in text and "2011-05-04" not in text, entry.action
    log = client_for(personas["committee"]).get(reverse("core:audit_log")).content.decode()
    assert log.count(GOALS) == 1  # the classmate's route only
    classmate_entry = AuditEntry.objects.get(action="guidance.route.created", object_id=str(classmate.pk))
    assert classmate_entry.changes["goals"] == [None, GOALS]
