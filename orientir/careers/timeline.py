"""The careers part of a person's timeline: programme participation with hours, career events, prep courses,
and each school year's hours with the level reached."""

from django.urls import reverse
from django.utils import timezone

from orientir.accounts import access
from orientir.core.timeline import Event, Subject, timeline_provider

from .levels import level_label
from .models import SessionAttendance
from .selectors import ZERO, pupil_hours
from .services import school_year_bounds


@timeline_provider(20)
def careers_events(user, subject: Subject):
    pupil = subject.pupil
    if pupil is None or not access.has_perm(user, "careers.view"):
        return []
    events, years, attended = [], set(), {}
    # A link appears only where the user may open it: another organisation's run, event or course answers 404.
    may_open = set(access.career_runs_for(user).filter(participants__pupil=pupil).values_list("pk", flat=True))
    may_open_events = set(access.career_events_for(user).filter(participants__pupil=pupil)
                          .values_list("pk", flat=True))
    may_open_courses = set(access.prep_courses_for(user).filter(enrolments__pupil=pupil)
                           .values_list("pk", flat=True))
    for mark in SessionAttendance.objects.filter(participant__pupil=pupil).select_related("session"):
        attended.setdefault(mark.session.run_id, []).append(mark.session)
    for link in pupil.career_runs.select_related("run__programme", "run__organisation"):
        run = link.run
        years.add(run.start_year)
        sessions = attended.get(run.pk, [])
        hours = sum((s.hours for s in sessions), ZERO)
        events.append(Event(link.enrolled_on, "Профориентация",
                            f"Программа «{run.programme.title}»: посещено занятий — {len(sessions)}, {hours} ч",
                            detail=f"{run.organisation.short_name}, {run.start_year}/{run.start_year + 1}",
                            url=reverse("careers:run_detail", args=[run.pk]) if run.pk in may_open else "",
                            icon="compass"))
    for link in pupil.career_events.filter(attended=True).select_related("event"):
        ev = link.event
        years.add(ev.start_year)
        events.append(Event(ev.held_on, "Профориентация", f"{ev.get_kind_display()}: {ev.title} ({ev.hours} ч)",
                            detail=f"{ev.place}; организатор: {ev.organiser}"
                                   + ("; Дни профессионального образования" if ev.pro_days else ""),
                            url=reverse("careers:event_detail", args=[ev.pk]) if ev.pk in may_open_events else "",
                            icon="stars"))
    today = timezone.localdate()
    for year in sorted(years):
        total = pupil_hours(year, pupil_ids=[pupil.pk]).get(pupil.pk, {}).get("total", ZERO)
        events.append(Event(min(school_year_bounds(year)[1], today), "Профориентация",
                            f"Профориентация за {year}/{year + 1} учебный год: {total} ч — "
                            f"уровень «{level_label(total)}»", icon="bar-chart-steps"))
    for enrolment in pupil.prep_enrolments.select_related("course"):
        course = enrolment.course
        events.append(Event(enrolment.enrolled_on, "Подготовительные курсы",
                            f"Зачислен(а) на курс подготовки к ЕГЭ: {course.get_subject_display()} ({course.teacher})",
                            url=reverse("careers:course_detail", args=[course.pk])
                            if course.pk in may_open_courses else "", icon="journal-check"))
    return events
