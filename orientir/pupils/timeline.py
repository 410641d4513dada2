"""The pupils part of a person's timeline: classes, motivation, tutors, route, targeted database, route sheet.

A timestamp becomes a day in Moscow time (`localdate`): an action at 00:30 on 05.12 belongs to 05.12, not to the
UTC day before."""

from django.urls import reverse
from django.utils.timezone import localdate

from orientir.accounts import access
from orientir.core.timeline import Event, Subject, subject_part, timeline_provider


@subject_part("pupil")
def visible_pupil(user, pupil_id):
    """The person's pupil record, if the user may open the card."""
    return access.pupils_for(user).filter(pk=pupil_id).first()


@timeline_provider(10)
def guidance_events(user, subject: Subject):
    pupil = subject.pupil
    if pupil is None:
        return []
    events = [Event(localdate(pupil.created_at), "Обучающийся", f"Внесён в реестр: {pupil.organisation.short_name}",
                    icon="person-plus")]
    for m in pupil.class_memberships.select_related("profile_class"):
        pc = m.profile_class
        events.append(Event(m.joined_on, "Профильный класс", f"Зачислен в {pc.name} ({pc.get_orientation_display()})",
                            url=reverse("pupils:class_detail", args=[pc.pk]), icon="easel"))
        if m.left_on:
            events.append(Event(m.left_on, "Профильный класс", f"Выбыл из {pc.name}", icon="easel"))
    for mark in pupil.motivations.all():
        events.append(Event(localdate(mark.marked_at), "Мотивированный",
                            f"Отмечен мотивированным ({mark.start_year}/{mark.start_year + 1})", icon="person-check"))
    for a in pupil.tutor_assignments.select_related("tutor"):
        events.append(Event(localdate(a.created_at), "Тьютор", f"Закреплён тьютор: {a.tutor.get_full_name()}",
                            icon="person-badge"))
    for route in pupil.routes.prefetch_related("steps"):
        for step in route.steps.all():
            if step.done_on:
                events.append(Event(step.done_on, "Маршрут", f"Выполнен шаг: {step.title}",
                                    url=reverse("pupils:tutoring", args=[pupil.pk]), icon="signpost-split"))
    for entry in pupil.targeted_entries.select_related("specialty"):
        events.append(Event(localdate(entry.updated_at), "Целевая база",
                            f"База для целевого обучения: {entry.specialty.code} {entry.specialty.name} — "
                            f"{entry.get_status_display().lower()}",
                            url=reverse("pupils:targeted_list"), icon="bullseye"))
        sheet = getattr(entry, "route_sheet", None)
        if sheet is not None:
            items = list(sheet.items.all())
            done = sum(1 for i in items if i.done_on)
            events.append(Event(localdate(sheet.created_at), "Маршрутный лист",
                                f"Маршрутный лист: выполнено {done} из {len(items)}",
                                url=reverse("pupils:route_sheet", args=[entry.pk]), icon="signpost-2"))
            for item in items:
                if item.done_on:
                    events.append(Event(item.done_on, "Маршрутный лист", f"{item.get_kind_display()}: {item.title}",
                                        detail=item.note, icon="check2"))
    return events
