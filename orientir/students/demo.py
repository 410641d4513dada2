"""Demo records of contracted students and graduates, built on whatever target contracts earlier builders made:
weekly admission statuses, study records, support plans and log, placements, payments, employment.
Creates no contracts and moves none: the records follow each contract's current state. Generated, fixed seed."""

import datetime
from decimal import Decimal

from django.utils import timezone

from orientir.contracts.models import Contract, State
from orientir.core.demo import DemoContext, demo_builder
from orientir.directory.services import academic_year_for

from .models import (AdmissionRecord, AdmissionStatus, Employment, Payment, PaymentPlan, Placement, StudyRecord,
                     SupportActivity, week_monday)

PLAN = [("meeting", "Встреча с руководителем организации-заказчика", 10, 15),
        ("holiday", "Участие в летнем лагере организации в каникулы", 6, 20),
        ("coursework", "Курсовая работа по заказу организации", 3, 1),
        ("control", "Контроль исполнения обязательств сторонами", 12, 20)]
UNIVERSITIES = ["КГУ им. Н. А. Некрасова", "Костромской педагогический колледж", "ЯГПУ им. К. Д. Ушинского",
                "Костромской областной медицинский колледж"]


def _month_add(day: datetime.date, n: int) -> datetime.date:
    y, m = divmod(day.month - 1 + n, 12)
    return datetime.date(day.year + y, m + 1, 1)


@demo_builder(65, "Сопровождение студентов: поступление, обучение, планы, практика, выплаты, трудоустройство")
def build_students(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    year = academic_year_for(today)
    contracts = list(Contract.objects.filter(municipality__in=ctx.made.get("municipalities", [])[:1])
                     .select_related("customer", "work_organisation").order_by("id")[:2000])
    if not contracts or StudyRecord.objects.filter(contract__in=contracts).exists():
        return
    admissions, studies, activities, placements, plans, payments, jobs = [], [], [], [], [], [], []
    for c in contracts:
        if c.kind == "graduate" and c.state in (State.SIGNED, State.ADMITTED, State.NOT_ADMITTED):
            start = week_monday(datetime.date(today.year if today.month >= 7 else today.year - 1, 7, 1))
            final = {State.ADMITTED: AdmissionStatus.ADMITTED_QUOTA,
                     State.NOT_ADMITTED: AdmissionStatus.NOT_ADMITTED}.get(c.state)
            uni = rng.choice(UNIVERSITIES)
            for w in range(rng.randint(2, 7)):
                week = start + datetime.timedelta(weeks=w)
                status = AdmissionStatus.APPLIED if w < 2 else AdmissionStatus.RANKED
                admissions.append(AdmissionRecord(contract=c, week=week, status=status, education_organisation=uni,
                                                  specialty_id=c.specialty_id, on=week + datetime.timedelta(days=2)))
            if final:
                week = start + datetime.timedelta(weeks=8)
                admissions.append(AdmissionRecord(contract=c, week=week, status=final, on=week,
                                                  education_organisation=uni, specialty_id=c.specialty_id))
        if c.state in (State.ADMITTED, State.STUDYING, State.SUSPENDED, State.GRADUATED, State.EMPLOYED):
            course = rng.randint(1, 4)
            for back in range(min(course, 3)):
                y = year - back
                for sem in (1, 2):
                    if y == year and sem == 2 and today.month >= 9:
                        continue
                    status = rng.choices(["good", "debt", "leave"], [88, 10, 2])[0]
                    studies.append(StudyRecord(contract=c, academic_year=y, semester=sem, course=max(course - back, 1),
                                               status=status, average_mark=Decimal(rng.randint(350, 500)) / 100))
            if c.state != State.EMPLOYED and rng.random() < 0.85:
                for kind, title, month, day in PLAN:
                    y = year if month >= 9 else year + 1
                    planned = datetime.date(y, month, day)
                    done = planned if planned <= today else None
                    activities.append(SupportActivity(
                        contract=c, academic_year=year, kind=kind, title=title, in_plan=True, planned_on=planned,
                        responsible="Специалист ОЮКО", done_on=done, result="Проведено" if done else "",
                        semester=1 if month >= 9 else 2,
                        citizen_fulfils=True if kind == "control" and done else None,
                        customer_fulfils=True if kind == "control" and done else None))
            if c.customer_id and rng.random() < 0.5:
                starts = datetime.date(year, 10, 1) + datetime.timedelta(days=rng.randint(0, 120))
                state = "done" if starts + datetime.timedelta(days=21) < today else rng.choice(["requested", "agreed"])
                placements.append(Placement(contract=c, requested_on=starts - datetime.timedelta(days=30),
                                            practice_kind="industrial", organisation_id=c.customer_id,
                                            supervisor="Наставник организации", starts_on=starts,
                                            ends_on=starts + datetime.timedelta(days=20), state=state,
                                            grade="отлично" if state == "done" else ""))
            amount = Decimal(rng.choice([3000, 5000, 7500, 10000]))
            first = datetime.date(year, 9, 1)
            for n in range(10):
                month = _month_add(first, n)
                plans.append(PaymentPlan(contract=c, month=month, amount=amount))
                if month < today.replace(day=1) or (month == today.replace(day=1) and today.day > 25):
                    payments.append(Payment(contract=c, month=month, paid_on=month.replace(day=25), amount=amount,
                                            document=f"ПП-{c.pk}-{month:%m%y}"))
        if c.state in (State.EMPLOYED, State.FULFILLED) and (c.work_organisation_id or c.customer_id):
            deadline = c.work_start_deadline or today - datetime.timedelta(days=200)
            started = deadline - datetime.timedelta(days=rng.randint(-20, 40))
            jobs.append(Employment(contract=c, organisation_id=c.work_organisation_id or c.customer_id,
                                   position_id=c.work_position_id, started_on=min(started, today),
                                   order_number=f"{rng.randint(10, 99)}-к"))
    AdmissionRecord.objects.bulk_create(admissions, batch_size=2000)
    StudyRecord.objects.bulk_create(studies, batch_size=2000)
    SupportActivity.objects.bulk_create(activities, batch_size=2000)
    Placement.objects.bulk_create(placements, batch_size=2000)
    PaymentPlan.objects.bulk_create(plans, batch_size=2000)
    Payment.objects.bulk_create(payments, batch_size=2000)
    Employment.objects.bulk_create(jobs, batch_size=2000)
    ctx.stdout(f"    договоров: {len(contracts)}, статусов поступления: {len(admissions)}, "
               f"выплат: {len(payments)}, трудоустройств: {len(jobs)}")
