"""Demo mentoring: «студент – школьник» programmes in schools (2.6), «работодатель – студент» and «работодатель –
молодой специалист» programmes at customer organisations (3.2.1, 3.2.2), mentors, pairs in every state with goals
and meetings. Runs after the pupils (pupils, 50) and after the contracts builder when there is one: 3.2 pairs are
made only for contracts that exist, so the builder works with or without them. Generated names, fixed seed."""

import datetime
import decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from orientir.accounts.models import User
from orientir.core.demo import DemoContext, demo_builder, person
from orientir.directory.models import Organisation, Specialty
from orientir.directory.services import academic_year_for

from .models import Goal, Meeting, Mentor, MentoringModel, Pair, PairEvent, PairState, Programme

COLLEGES = ["ОГБПОУ «Костромской педагогический колледж»", "ФГБОУ ВО «Костромской государственный университет»",
            "ОГБПОУ «Костромской колледж культуры»", "ОГБПОУ «Костромской областной колледж физической культуры»"]
SECTOR_CODES = {"education": ["44.02.02", "44.02.01", "44.03.05", "44.03.01"], "culture": ["51.03.03", "53.02.03"],
                "sport": ["49.02.01", "49.03.01"]}
TOPICS = ["Знакомство, ожидания от наставничества", "Экскурсия в колледж", "Профессиональная проба: урок в начальной "
          "школе", "Разбор вариантов поступления", "Подготовка проекта", "Встреча со студентами 1 курса",
          "Практика на рабочем месте", "Разбор трудного случая", "Подготовка открытого занятия"]
GOALS = ["Определиться со специальностью", "Пройти профессиональную пробу", "Подготовить проект",
         "Составить план подготовки к экзаменам", "Провести открытое занятие"]
OUTCOMES = ["Определился со специальностью, подал заявление в базу для целевого обучения",
            "Прошёл две профессиональные пробы, выбрал педагогический колледж",
            "Освоил ведение документации, провёл самостоятельно 10 занятий"]
# State of the n-th pair of a programme: most run, some finished, a few proposed or cancelled.
STATE_CYCLE = [PairState.ACTIVE, PairState.ACTIVE, PairState.COMPLETED, PairState.PROPOSED, PairState.ACTIVE,
               PairState.CANCELLED, PairState.COMPLETED]


def _specialties() -> dict[str, Specialty]:
    codes = [c for codes in SECTOR_CODES.values() for c in codes]
    return {s.code: s for s in Specialty.objects.filter(code__in=codes).order_by("code", "valid_from")}


def _mentor(ctx, org, kind, specs, user=None) -> Mentor:
    rng = ctx.rng
    last, first, middle = person(rng)
    sector = org.sector if org.sector in SECTOR_CODES else "education"
    code = rng.choice(SECTOR_CODES[sector])
    m = Mentor(organisation=org, municipality_id=org.municipality_id, kind=kind, last_name=last, first_name=first,
               middle_name=middle, sector=sector, specialty=specs.get(code), capacity=rng.choice([2, 3, 3, 4]),
               phone=f"+7 (910) {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}", user=user)
    if kind == Mentor.Kind.STUDENT:
        m.education_organisation = COLLEGES[0] if sector == "education" else rng.choice(COLLEGES)
        m.course = rng.randint(2, 4)
    else:
        m.position = {"education": "Учитель", "culture": "Библиотекарь", "sport": "Тренер-преподаватель"}[sector]
    m.save()
    return m


def _pairs(ctx, programme, mentors, mentees, field, today, events, goals, meetings) -> list[Pair]:
    rng = ctx.rng
    made = []
    for i, mentee in enumerate(mentees):
        mentor = mentors[i % len(mentors)]
        state = STATE_CYCLE[i % len(STATE_CYCLE)]
        # Within the programme's period and never in the future, whatever day the demo is built on.
        first = programme.starts_on or datetime.date(programme.start_year, 9, 1)
        window = max((today - first).days, 0)
        proposed = min(today, first + datetime.timedelta(days=rng.randint(0, window // 2)))
        started = (min(today, proposed + datetime.timedelta(days=rng.randint(3, 14)))
                   if state != PairState.PROPOSED else None)
        if state == PairState.CANCELLED and i % 2:
            started = None
        pair = Pair(programme=programme, mentor=mentor, state=state, proposed_on=proposed, started_on=started,
                    match_score=rng.randint(3, 10), match_reasons=["+3: та же отрасль"], **{field: mentee})
        end = min(today, (started or proposed) + datetime.timedelta(days=rng.randint(30, 120)))
        if state == PairState.COMPLETED:
            pair.completed_on, pair.outcome = end, rng.choice(OUTCOMES)
        elif state == PairState.CANCELLED:
            pair.cancelled_on, pair.cancel_reason = end, rng.choice(["Переезд в другой город", "Смена интересов",
                                                                     "Наставник завершил обучение"])
        pair.save()
        made.append(pair)
        events.append(PairEvent(pair=pair, to_state=PairState.PROPOSED, on=proposed))
        if started:
            events.append(PairEvent(pair=pair, from_state=PairState.PROPOSED, to_state=PairState.ACTIVE, on=started))
        if state in (PairState.COMPLETED, PairState.CANCELLED):
            events.append(PairEvent(pair=pair, from_state=PairState.ACTIVE if started else PairState.PROPOSED,
                                    to_state=state, on=end, reason=pair.cancel_reason))
        for g in rng.sample(GOALS, 2):
            achieved = state == PairState.COMPLETED or (state == PairState.ACTIVE and rng.random() < 0.4)
            goals.append(Goal(pair=pair, text=g, due_on=proposed + datetime.timedelta(days=120), achieved=achieved,
                              achieved_on=end if achieved else None))
        if started:
            last = pair.completed_on or pair.cancelled_on or today
            for _ in range(rng.randint(1, 5)):
                span = max((last - started).days, 0)
                meetings.append(Meeting(pair=pair, held_on=started + datetime.timedelta(days=rng.randint(0, span)),
                                        format=rng.choice(Meeting.Format.values),
                                        hours=decimal.Decimal(rng.choice(["1", "1.5", "2", "3"])),
                                        topic=rng.choice(TOPICS)))
    return made


@demo_builder(80, "Наставничество: программы, наставники, пары, цели и встречи (пп. 2.6, 3.2)")
def build_mentoring(ctx: DemoContext) -> None:
    from orientir.pupils.models import Consent, Pupil

    city = ctx.made["municipalities"][0]
    if Programme.objects.filter(municipality=city).exists():
        return
    rng = ctx.rng
    today = timezone.localdate()
    year = academic_year_for(today)
    specs = _specialties()
    events, goals, meetings = [], [], []
    consent = Consent.objects.filter(pupil=OuterRef("pk"), withdrawn_on__isnull=True)
    schools = list(Organisation.objects.filter(municipality=city, kind="school", status="active")
                   .order_by("sort_name")[:10])
    tutors = {u.organisation_id: u for u in User.objects.filter(role="tutor", organisation__in=schools)
              .order_by("id")}
    for school in schools:
        pupils = list(Pupil.objects.filter(organisation=school, status="studying", grade__in=[8, 9, 10])
                      .filter(Exists(consent)).order_by("id")[:rng.randint(5, 8)])
        if not pupils:
            continue
        programme = Programme.objects.create(
            municipality=city, organisation=school, model=MentoringModel.STUDENT_PUPIL, start_year=year,
            title=f"«Студент – школьник»: {school.short_name}", coordinator=" ".join(person(rng)) + ", заместитель директора",
            goals="Профессиональная ориентация обучающихся на педагогические профессии; знакомство с обучением в "
                  "колледже и вузе; подготовка к участию в целевом обучении",
            description="Встречи, экскурсии в колледж, профессиональные пробы, совместные проекты",
            starts_on=datetime.date(year, 9, 1), ends_on=datetime.date(year + 1, 5, 31))
        mentors = [_mentor(ctx, school, Mentor.Kind.STUDENT, specs, user=tutors.pop(school.pk, None) if i == 0 else None)
                   for i in range(rng.randint(2, 4))]
        _pairs(ctx, programme, mentors, pupils, "pupil", today, events, goals, meetings)
    customers = list(Organisation.objects.filter(municipality=city, is_customer=True, status="active")
                     .order_by("sort_name")[:3])
    try:
        from orientir.contracts.models import Contract
    except ImportError:  # pragma: no cover - the contracts app is part of the project
        Contract = None
    # Workplace mentoring (3.2.2) runs where young specialists actually work.
    workplaces = [] if Contract is None else list(Organisation.objects.filter(
        pk__in=Contract.objects.filter(municipality=city, state__in=["graduated", "employed"])
        .values("work_organisation"), is_customer=True).order_by("sort_name")[:3])
    plan = [(org, MentoringModel.EMPLOYER_STUDENT) for org in customers] + \
        [(org, MentoringModel.EMPLOYER_YOUNG_SPECIALIST) for org in (workplaces or customers)]
    for org, model in plan:
        programme = Programme.objects.create(
            municipality=city, organisation=org, model=model,
            start_year=year if model == MentoringModel.EMPLOYER_STUDENT else today.year,
            starts_on=datetime.date(year, 9, 1) if model == MentoringModel.EMPLOYER_STUDENT
            else datetime.date(today.year, 1, 1),
            title=("Наставничество над студентами-целевиками" if model == MentoringModel.EMPLOYER_STUDENT
                   else "Адаптация молодого специалиста на рабочем месте") + f": {org.short_name}",
            coordinator=" ".join(person(rng)) + ", заместитель руководителя",
            goals="Сопровождение практики, включение в коллектив, профессиональное становление")
        mentors = [_mentor(ctx, org, Mentor.Kind.STAFF, specs) for _ in range(2)]
        if Contract is None:
            continue
        states = (["signed", "admitted", "studying"] if model == MentoringModel.EMPLOYER_STUDENT
                  else ["graduated", "employed"])
        party = Q(customer=org) if model == MentoringModel.EMPLOYER_STUDENT else Q(work_organisation=org)
        contracts = list(Contract.objects.filter(party, state__in=states).order_by("id")[:4])
        if contracts:
            _pairs(ctx, programme, mentors, contracts, "contract", today, events, goals, meetings)
    PairEvent.objects.bulk_create(events)
    Goal.objects.bulk_create(goals)
    Meeting.objects.bulk_create(meetings)
    ctx.stdout(f"    программ: {Programme.objects.filter(municipality=city).count()}, "
               f"пар: {Pair.objects.filter(programme__municipality=city).count()}, встреч: {len(meetings)}")
