"""A timestamp becomes a day in Moscow time everywhere a day is shown: an action at 00:30 on 5 December is on
05.12, not on the UTC day before, and it sorts with that day's events."""

import datetime

import time_machine
from django.urls import reverse

from orientir.core import timeline
from orientir.pupils import services

HALF_PAST_MIDNIGHT_MOSCOW = datetime.datetime(2026, 12, 4, 21, 30, tzinfo=datetime.UTC)  # 05.12 00:30 MSK


def test_a_pupil_added_at_half_past_midnight_is_added_on_that_day(school_a, personas, client_for):
    with time_machine.travel(HALF_PAST_MIDNIGHT_MOSCOW, tick=False):
        pupil = services.pupil_create(actor=personas["coordinator_a"], organisation=school_a,
                                      data={"last_name": "Полуночная", "first_name": "Ася"})
        events = timeline.build(personas["coordinator_a"],
                                timeline.person_subject(personas["coordinator_a"], pupil=pupil))
        added = [e for e in events if "Внесён в реестр" in e.title]
        assert [e.on for e in added] == [datetime.date(2026, 12, 5)]
        card = client_for(personas["coordinator_a"]).get(reverse("pupils:pupil_detail", args=[pupil.pk]))
        assert "05.12.2026" in card.content.decode()
        assert "04.12.2026" not in card.content.decode()
