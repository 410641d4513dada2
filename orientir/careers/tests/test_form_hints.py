"""The career-guidance forms say before sending what the service would refuse or fill in: a pupil without consent is
marked in the parents' consultation form, and choosing a kind of event that is a Day of vocational education ticks
the box (the browser test of behaviours.js clicks it)."""

import re

from django.urls import reverse

from orientir.careers.models import CareerEvent
from orientir.pupils import services as pupil_services


def test_the_consultation_form_marks_a_pupil_without_consent(personas, client_for, school_a):
    pupil_services.pupil_create(actor=None, organisation=school_a, data={"last_name": "Безсогласова", "first_name": "Ия"})
    page = client_for(personas["coordinator_a"]).get(reverse("careers:parent_create")).content.decode()
    assert re.search(r"Безсогласова Ия — нет согласия</option>", page)


def test_the_event_kinds_of_the_days_tick_the_box(personas, client_for):
    page = client_for(personas["coordinator_a"]).get(reverse("careers:event_create")).content.decode()
    ticks = re.search(r'data-ticks="id_pro_days" data-ticks-when="([^"]+)"', page)
    assert ticks, "the kind select does not tick the box"
    assert set(ticks.group(1).split()) == {"saturday", "seasonal_school", "championship"}
    assert set(ticks.group(1).split()) == {str(k) for k in CareerEvent.PRO_DAYS_KINDS}
