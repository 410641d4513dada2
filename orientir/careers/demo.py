"""Demo career guidance of the city: a programme bank (approved, under review, returned, drafts), runs in a few
schools with weekly sessions and attendance so that demo pupils reach every level, career events including the
«Профессиональные субботы», parents' consultations and an exam-prep course with results. Runs after the demo
pupils (pupils, order 50); dates are never in the future."""

import datetime
from decimal import Decimal

from django.utils import timezone

from orientir.core.demo import DemoContext, demo_builder, person
from orientir.directory.models import Organisation
from orientir.directory.services import academic_year_for
from orientir.pupils.models import Consent, Pupil

from .models import (CareerEvent, EventParticipant, ExamResult, ParentConsultation, PrepAttendance, PrepCourse,
                     PrepEnrolment, PrepSession, Programme, ProgrammeRun, RunParticipant, RunSession,
                     SessionAttendance)

PROGRAMMES = [
    ("Профессиональные пробы «Я — учитель начальных классов»", "trials", "education", 8, 11, 36),
    ("Мастер-классы «Один день в детском саду»", "master_classes", "education", 8, 10, 24),
    ("Проектная лаборатория «Школа будущего»", "project", "education", 9, 11, 40),
    ("Конкурс педагогических проектов «Первые шаги»", "contests", "education", 9, 11, 18),
    ("Встречи с профессионалами «Люди культуры»", "meetings", "culture", 8, 11, 16),
    ("Экскурсии в учреждения культуры города", "excursions", "culture", 6, 9, 12),
    ("Профессиональные пробы «Тренер-преподаватель»", "trials", "sport", 8, 11, 30),
    ("Мастер-классы «Библиотекарь XXI века»", "master_classes", "culture", 7, 10, 20),
    ("Проектная деятельность «Вожатый»", "project", "education", 8, 11, 36),
    ("Экскурсии в спортивные школы олимпийского резерва", "excursions", "sport", 5, 9, 10),
    ("Профессиональные пробы «Педагог дополнительного образования»", "trials", "education", 8, 11, 32),
    ("Встречи с выпускниками педагогического колледжа", "meetings", "education", 9, 11, 12),
]
STATUSES = ["approved"] * 8 + ["submitted", "submitted", "returned", "draft"]
EVENTS = [
    ("«Профессиональная суббота» в педагогическом колледже", "saturday", "Костромской педагогический колледж", 4),
    ("Сезонная профориентационная школа «Педагогический старт»", "seasonal_school", "КГУ", 6),
    ("Встреча с участниками регионального чемпионата «Профессионалы»", "championship", "Региональный центр", 3),
    ("Экскурсия в детскую библиотеку", "excursion", "Централизованная библиотечная система", 2),
]
# Target hours a school year for the tiers of demo participants: below basic, basic, main, advanced.
TIERS = [(20, 0.4), (42, 0.25), (62, 0.2), (84, 0.15)]


def _weekly(start: datetime.date, until: datetime.date, weekday: int) -> list[datetime.date]:
    day = start + datetime.timedelta(days=(weekday - start.weekday()) % 7)
    days = []
    while day <= until:
        days.append(day)
        day += datetime.timedelta(days=7)
    return days


@demo_builder(60, "Профориентация: банк программ, реализация, мероприятия, работа с родителями, курсы к ЕГЭ")
def build_careers(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    year = academic_year_for(today)
    city = ctx.made["municipalities"][0]
    if Programme.objects.filter(municipality=city).exists():
        return
    schools = list(Organisation.objects.filter(municipality=city, kind="school", status="active")
                   .order_by("sort_name"))
    if not schools:
        return
    # The bank: programmes of several schools, most approved by the quality centre.
    programmes = []
    for i, (title, kind, sector, g_from, g_to, hours) in enumerate(PROGRAMMES):
        author = person(rng, female=True)
        status = STATUSES[i % len(STATUSES)]
        programmes.append(Programme(
            municipality=city, organisation=schools[i % min(len(schools), 6)], start_year=year, title=title, kind=kind,
            sector=sector, authors=f"{author[0]} {author[1][0]}. {author[2][0]}.", grade_from=g_from, grade_to=g_to,
            hours=Decimal(hours), partners_text="Костромской педагогический колледж\nКГУ",
            description="Сетевая практикоориентированная программа: пробы, встречи с профессионалами, рефлексия.",
            status=status, review_comment="Уточните план занятий и критерии оценки" if status == "returned" else "",
            reviewed_at=timezone.now() if status in ("approved", "returned") else None,
            submitted_at=timezone.now() if status != "draft" else None))
    Programme.objects.bulk_create(programmes)
    approved = list(Programme.objects.filter(municipality=city, status="approved").order_by("id"))

    consented = set(Consent.objects.filter(withdrawn_on__isnull=True, pupil__organisation__in=schools[:4])
                    .values_list("pupil_id", flat=True))
    start = datetime.date(year, 9, 8)
    for s_index, school in enumerate(schools[:4]):
        pupils = [p for p in Pupil.objects.filter(organisation=school, status="studying", grade__in=(8, 9, 10))
                  .order_by("sort_name", "id") if p.pk in consented][:16]
        if not pupils:
            continue
        runs = [ProgrammeRun.objects.create(programme=approved[(s_index + k) % len(approved)], organisation=school,
                                            start_year=year, leader=" ".join(person(rng, female=True)))
                for k in range(2)]
        run_sessions = {}
        for k, run in enumerate(runs):
            RunSession.objects.bulk_create([RunSession(run=run, held_on=day, topic=f"Занятие {n}: профессиональная проба",
                                                       hours=Decimal(3))
                                            for n, day in enumerate(_weekly(start, today, 1 + 2 * k), start=1)])
            run_sessions[run.pk] = list(run.sessions.order_by("held_on"))
        participants = []
        for run in runs:
            participants += [RunParticipant(run=run, pupil=p, enrolled_on=start) for p in pupils]
        RunParticipant.objects.bulk_create(participants)
        links = {(rp.run_id, rp.pupil_id): rp for rp in RunParticipant.objects.filter(run__in=runs)}
        marks = []
        for p in pupils:
            roll = rng.random()
            target = next((h for h, share in TIERS if (roll := roll - share) < 0), TIERS[0][0])
            got = 0
            # Attend sessions alternately in both runs until the tier's hours are reached (or sessions run out).
            queue = [s for pair in zip(*run_sessions.values(), strict=False) for s in pair]
            for session in queue:
                if got >= target:
                    break
                marks.append(SessionAttendance(session=session, participant=links[(session.run_id, p.pk)]))
                got += 3
        SessionAttendance.objects.bulk_create(marks, batch_size=2000)

        # Career events: the Days of professional education (October–December) and an excursion.
        for e_index, (title, kind, organiser, hours) in enumerate(EVENTS):
            held_on = datetime.date(year, 10, 3) + datetime.timedelta(days=14 * e_index + s_index)
            if held_on > today:
                continue
            event = CareerEvent.objects.create(
                organisation=school, held_on=held_on, start_year=year, title=title, kind=kind,
                pro_days=kind in CareerEvent.PRO_DAYS_KINDS, place=organiser, organiser=organiser, hours=hours)
            EventParticipant.objects.bulk_create([EventParticipant(event=event, pupil=p, attended=rng.random() < 0.8)
                                                  for p in rng.sample(pupils, min(len(pupils), 8))])

    # Parents: consultations on target contracts, October–December.
    consultations = []
    for school in schools[:10]:
        for _ in range(rng.randint(2, 5)):
            held_on = datetime.date(year, 10, 1) + datetime.timedelta(days=rng.randint(0, 80))
            if held_on > today:
                continue
            form = rng.choice(["individual", "individual", "group", "meeting"])
            consultations.append(ParentConsultation(
                organisation=school, held_on=held_on, start_year=year,
                consultant=f"{' '.join(person(rng, female=True))}, заместитель директора",
                parent_name=" ".join(person(rng, female=True)) if form == "individual" else "",
                topic=rng.choice(["targeted", "targeted", "choice", "admission", "exams"]), form=form,
                participants=1 if form == "individual" else rng.randint(8, 30),
                outcome="Разъяснены условия договора о целевом обучении и меры поддержки"))
    ParentConsultation.objects.bulk_create(consultations)

    # A prep course in profile mathematics with mock results; final results of the previous year for comparison.
    school = schools[0]
    grade11 = [p for p in Pupil.objects.filter(organisation=school, grade=11, status="studying").order_by("sort_name")
               if Consent.objects.filter(pupil=p, withdrawn_on__isnull=True).exists()]
    course = PrepCourse.objects.create(organisation=school, start_year=year, subject="math",
                                       teacher=" ".join(person(rng, female=False)),
                                       title="Профильная математика: подготовка к ЕГЭ", schedule="по субботам, 10:00")
    sessions = [PrepSession.objects.create(course=course, held_on=day, topic=f"Занятие {n}", hours=Decimal(2))
                for n, day in enumerate(_weekly(datetime.date(year, 10, 1), today, 5), start=1)]
    enrolled = grade11[: len(grade11) // 2]
    PrepEnrolment.objects.bulk_create([PrepEnrolment(course=course, pupil=p, enrolled_on=datetime.date(year, 10, 1))
                                       for p in enrolled])
    enrolments = list(course.enrolments.all())
    PrepAttendance.objects.bulk_create([PrepAttendance(session=s, enrolment=e) for s in sessions for e in enrolments
                                        if rng.random() < 0.85])
    ExamResult.objects.bulk_create([ExamResult(pupil=e.pupil, subject="math", start_year=year, kind="mock",
                                               score=rng.randint(45, 85))
                                    for e in course.enrolments.select_related("pupil")])
    _last_year_course(rng, school, year - 1)


def _last_year_course(rng, school, year: int) -> None:
    """Last year's course and its graduates' final ЕГЭ scores: what the comparison report is about."""
    graduates = []
    for _ in range(14):
        last, first, middle = person(rng, female=rng.random() < 0.5)
        p = Pupil(organisation=school, last_name=last, first_name=first, middle_name=middle, grade=11,
                  class_letter="А", status=Pupil.Status.GRADUATED, left_on=datetime.date(year + 1, 6, 30))
        p.refresh_derived()
        graduates.append(p)
    Pupil.objects.bulk_create(graduates)
    graduates = list(Pupil.objects.filter(organisation=school, status=Pupil.Status.GRADUATED,
                                          left_on=datetime.date(year + 1, 6, 30)))
    Consent.objects.bulk_create([Consent(pupil=p, given_by_name=f"Законный представитель: {p.last_name}",
                                         given_on=datetime.date(year, 9, 5)) for p in graduates])
    course = PrepCourse.objects.create(organisation=school, start_year=year, subject="math",
                                       teacher=" ".join(person(rng, female=True)),
                                       title="Профильная математика: подготовка к ЕГЭ", schedule="по субботам")
    for n, day in enumerate(_weekly(datetime.date(year, 10, 1), datetime.date(year + 1, 5, 20), 5), start=1):
        PrepSession.objects.create(course=course, held_on=day, topic=f"Занятие {n}", hours=Decimal(2))
    listeners = graduates[:7]
    PrepEnrolment.objects.bulk_create([PrepEnrolment(course=course, pupil=p, enrolled_on=datetime.date(year, 10, 1))
                                       for p in listeners])
    ExamResult.objects.bulk_create(
        [ExamResult(pupil=p, subject="math", start_year=year, kind="final",
                    score=min(100, rng.randint(48, 78) + (9 if p in listeners else 0))) for p in graduates]
        + [ExamResult(pupil=p, subject="math", start_year=year, kind="mock", score=rng.randint(40, 75))
           for p in listeners])
