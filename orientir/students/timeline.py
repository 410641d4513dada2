"""The students part of a person's timeline: admission, study, support, practice, payments, employment."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.urls import reverse

from orientir.accounts import access
from orientir.core.text import rubles
from orientir.core.timeline import Event, Subject, timeline_provider

from .models import AdmissionRecord, Employment, Payment, Placement, StudyRecord, SupportActivity


@timeline_provider(40)
def students_events(user, subject: Subject):
    ids = [c.pk for c in subject.contracts]
    if not ids:
        return []
    # Only what the user may see: contracts of their scope, for a role holding students.view.
    ids = list(access.student_contracts_for(user).filter(pk__in=ids).values_list("pk", flat=True))
    if not ids:
        return []
    events = []
    for r in AdmissionRecord.objects.filter(contract_id__in=ids):
        events.append(Event(r.on, "Поступление", f"{r.get_status_display()}"
                            + (f": {r.education_organisation}" if r.education_organisation else ""),
                            url=reverse("students:student_detail", args=[r.contract_id]), icon="door-open"))
    for s in StudyRecord.objects.filter(contract_id__in=ids):
        on = datetime.date(s.academic_year + (1 if s.semester == 2 else 0), 1 if s.semester == 2 else 9, 1)
        events.append(Event(on, "Обучение", f"{s.course} курс, {s.get_semester_display()} семестр: "
                            f"{s.get_status_display().lower()}", detail=s.note, icon="mortarboard"))
    for a in SupportActivity.objects.filter(contract_id__in=ids, done_on__isnull=False):
        events.append(Event(a.done_on, "Сопровождение", f"{a.get_kind_display()}: {a.title}", detail=a.result,
                            icon="people"))
    for p in Placement.objects.filter(contract_id__in=ids).select_related("organisation"):
        events.append(Event(p.starts_on, "Практика", f"{p.get_practice_kind_display()} в {p.organisation.short_name}"
                            f" — {p.get_state_display().lower()}", detail=p.grade, icon="briefcase"))
    months: dict = defaultdict(Decimal)
    for pay in Payment.objects.filter(contract_id__in=ids).only("month", "amount"):
        months[pay.month] += pay.amount
    for month, total in sorted(months.items()):
        events.append(Event(month, "Меры поддержки", f"Выплачено за {month:%m.%Y}: {rubles(total)}", icon="cash-coin"))
    for e in Employment.objects.filter(contract_id__in=ids).select_related("organisation", "position"):
        events.append(Event(e.started_on, "Трудоустройство", f"Принят в {e.organisation.short_name}"
                            + (f" ({e.position.name.lower()})" if e.position_id else ""), icon="building-check"))
        if e.dismissed_on:
            events.append(Event(e.dismissed_on, "Трудоустройство", f"Уволен из {e.organisation.short_name}",
                                detail=e.dismissal_reason, icon="building-x"))
    return events
