"""The mentoring part of a person's timeline: pairs started and completed, meetings (pupil and contracts)."""

from django.db.models import Q
from django.urls import reverse

from orientir.accounts import access
from orientir.core.timeline import Event, Subject, timeline_provider


@timeline_provider(30)
def mentoring_events(user, subject: Subject):
    handle = Q()
    if subject.pupil is not None:
        handle |= Q(pupil=subject.pupil)
    contract_ids = [c.pk for c in subject.contracts]
    if contract_ids:
        handle |= Q(contract_id__in=contract_ids)
    if not handle:
        return []
    pairs = (access.mentoring_pairs_for(user).filter(handle).select_related("programme", "mentor")
             .prefetch_related("meetings"))
    events = []
    for pair in pairs:
        url = reverse("mentoring:pair_detail", args=[pair.pk])
        model = pair.programme.get_model_display()
        if pair.started_on:
            events.append(Event(pair.started_on, "Наставничество", f"Начата работа с наставником {pair.mentor.full_name}",
                                detail=f"{pair.programme.title}, {model}", url=url, icon="people"))
        for m in pair.meetings.all():
            events.append(Event(m.held_on, "Наставничество", f"Встреча с наставником: {m.topic}",
                                detail=f"{m.get_format_display()}, {m.hours} ч", url=url, icon="chat-dots"))
        if pair.completed_on:
            events.append(Event(pair.completed_on, "Наставничество", "Наставничество завершено",
                                detail=pair.outcome, url=url, icon="award"))
        if pair.cancelled_on:
            events.append(Event(pair.cancelled_on, "Наставничество", "Пара наставничества отменена",
                                detail=pair.cancel_reason, url=url, icon="x-circle"))
    return events
