"""The contracts part of a person's timeline: every step of their target contracts the user may see."""

from django.urls import reverse

from orientir.accounts import access
from orientir.core.timeline import Event, Subject, subject_part, timeline_provider

from .models import ContractEvent, State

ICONS = {State.SIGNED: "pen", State.ADMITTED: "door-open", State.STUDYING: "book", State.GRADUATED: "mortarboard",
         State.EMPLOYED: "briefcase", State.FULFILLED: "check2-circle", State.SUSPENDED: "pause-circle",
         State.RELEASED: "shield-check", State.TERMINATED: "x-circle", State.BREACHED: "exclamation-octagon",
         State.NOT_ADMITTED: "x-circle"}


@subject_part("contracts")
def visible_contracts(user, pupil_id):
    """Every contract of the person the user may see."""
    return list(access.contracts_for(user).filter(pupil_id=pupil_id))


@timeline_provider(40)
def contract_events(user, subject: Subject):
    ids = {c.pk for c in subject.contracts}
    if subject.pupil is not None:
        ids |= set(access.contracts_for(user).filter(pupil=subject.pupil).values_list("pk", flat=True))
    if not ids:
        return []
    visible = access.contracts_for(user).filter(pk__in=ids).values("pk")
    events = []
    for e in ContractEvent.objects.filter(contract_id__in=visible).select_related("contract"):
        c = e.contract
        url = reverse("contracts:contract_detail", args=[c.pk])
        if e.to_state:
            title = f"Договор № {c.number}: {State(e.to_state).label.lower()}"
            events.append(Event(e.on, "Целевой договор", title, detail=e.reason, url=url,
                                icon=ICONS.get(e.to_state, "file-earmark-text")))
        else:
            events.append(Event(e.on, "Целевой договор", f"Договор № {c.number}: дополнительное соглашение",
                                detail=e.reason, url=url, icon="file-earmark-plus"))
    return events
