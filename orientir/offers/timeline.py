"""The offers part of a person's timeline: the applications of the pupil (or of the contracts' citizen) to offers."""

from django.db.models import Q
from django.urls import reverse

from orientir.accounts import access
from orientir.core.timeline import Event, Subject, timeline_provider


@timeline_provider(35)
def application_events(user, subject: Subject):
    application_ids = [c.application_id for c in subject.contracts if getattr(c, "application_id", None)]
    if subject.pupil is None and not application_ids:
        return []
    match = Q(pk__in=application_ids)
    if subject.pupil is not None:
        match |= Q(pupil=subject.pupil)
    events = []
    for a in access.offer_applications_for(user).filter(match).select_related("offer__specialty",
                                                                              "offer__customer"):
        title = f"Заявка на предложение № {a.offer.number}: {a.get_status_display().lower()}"
        detail = f"{a.offer.specialty.code} {a.offer.specialty.name}, {a.offer.customer.short_name}, " \
                 f"{a.offer.education_organisation}"
        events.append(Event(a.applied_on, "Предложение о целевом обучении", title, detail=detail,
                            url=reverse("offers:application_edit", args=[a.pk]), icon="send"))
    return events
