"""Demo pupils of the city's schools: consents, representatives, tutors, profile classes, motivated pupils,
the targeted database and route sheets with completion marks. Generated names, fixed seed."""

import datetime

from django.utils import timezone

from orientir.accounts.models import User
from orientir.core.demo import DemoContext, demo_builder, person
from orientir.directory.models import Organisation, Specialty

from .models import (ClassActivity, Consent, EducationalRoute, MotivatedPupil, ProfileClass,
                     ProfileClassMember, Pupil, Representative, RouteSheet, RouteSheetItem, RouteSheetTemplate,
                     RouteStep, TargetedEntry, TutorAssignment)

ORIENTATIONS = ["pedagogical", "pedagogical", "medical", "sport", "engineering", "culture"]
SECTOR_SPECIALTIES = {"education": ["44.03.01", "44.03.05", "44.02.01", "44.02.02"],
                      "culture": ["51.03.03", "53.02.03"], "sport": ["49.03.01", "49.02.01"]}
DEFAULT_ITEMS = [("consultation", "Консультация по условиям целевого обучения", 1),
                 ("career_event", "Профориентационное мероприятие «Профессиональные субботы»", 2),
                 ("trial", "Профессиональная проба в организации-заказчике", 3),
                 ("prep_course", "Подготовительные курсы по профильным предметам", 4),
                 ("customer_meeting", "Встреча с руководителем организации-заказчика", 6),
                 ("practice_day", "День практики в организации-заказчике", 8)]


def _school_year(today: datetime.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


@demo_builder(50, "Обучающиеся 8–11 классов, согласия, профильные классы, база данных и маршрутные листы")
def build_pupils(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    year = _school_year(today)
    schools = list(Organisation.objects.filter(municipality=ctx.made["municipalities"][0], kind="school",
                                               status="active").order_by("sort_name"))
    if Pupil.objects.filter(organisation__in=schools).exists():
        return
    pupils = []
    for school in schools:
        for grade in (8, 9, 10, 11):
            for letter in "АБ":
                for _ in range(rng.randint(9, 13)):
                    last, first, middle = person(rng, female=rng.random() < 0.5)
                    born = datetime.date(year - grade - 6, rng.randint(1, 12), rng.randint(1, 28))
                    p = Pupil(organisation=school, last_name=last, first_name=first, middle_name=middle,
                              birth_date=born, grade=grade, class_letter=letter,
                              interest_sector=rng.choice(["education", "education", "culture", "sport", ""]))
                    p.refresh_derived()
                    pupils.append(p)
    Pupil.objects.bulk_create(pupils, batch_size=2000)
    pupils = list(Pupil.objects.filter(organisation__in=schools).select_related("organisation"))
    consents, reps, no_consent = [], [], []
    for p in pupils:
        if rng.random() < 0.08:
            no_consent.append(p.pk)
            continue
        parent = f"{p.last_name if p.last_name.endswith('а') else p.last_name + 'а'} {person(rng, female=True)[1]} " \
                 f"{person(rng, female=True)[2]}"
        consents.append(Consent(pupil=p, given_by_name=parent,
                                given_on=min(datetime.date(year, 9, rng.randint(1, 20)), today),
                                document_ref=f"заявление № {rng.randint(1, 400)}"))
        reps.append(Representative(pupil=p, full_name=parent, relation="mother",
                                   phone=f"+7 (910) {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"))
    Consent.objects.bulk_create(consents, batch_size=2000)
    Representative.objects.bulk_create(reps, batch_size=2000)
    # Without consent only the name and the school stay.
    Pupil.objects.filter(pk__in=no_consent).update(birth_date=None, grade=None, class_letter="", interest_sector="")
    consented = [p for p in pupils if p.pk not in set(no_consent)]

    specialties = {s.code: s for s in Specialty.objects.filter(
        code__in=[c for codes in SECTOR_SPECIALTIES.values() for c in codes])}
    templates = {t.sector: t for t in RouteSheetTemplate.objects.filter(is_active=True).prefetch_related("items")}
    motivated, entries = [], []
    for p in consented:
        if p.grade in (9, 11) and rng.random() < 0.18:
            sector = p.interest_sector or "education"
            codes = [c for c in SECTOR_SPECIALTIES[sector] if c in specialties]
            spec = specialties[rng.choice(codes)] if codes else None
            motivated.append(MotivatedPupil(pupil=p, start_year=year, sector=sector, specialty=spec))
            if spec and rng.random() < 0.6:
                level = "spo" if spec.code[3:5] == "02" else ("specialist" if spec.code[3:5] == "05" else "bachelor")
                entries.append(TargetedEntry(pupil=p, start_year=year, specialty=spec, level=level,
                                             desired_institution="КГУ" if level != "spo" else
                                             "Костромской педагогический колледж",
                                             status=rng.choice(["declared", "in_work", "in_work"])))
    MotivatedPupil.objects.bulk_create(motivated, batch_size=2000)
    TargetedEntry.objects.bulk_create(entries, batch_size=2000)
    sheets, items = [], []
    for entry in TargetedEntry.objects.filter(start_year=year, pupil__organisation__in=schools).select_related("pupil"):
        sector = entry.pupil.interest_sector or "education"
        template = templates.get(sector)
        sheet = RouteSheet(entry=entry, template=template)
        sheets.append(sheet)
    RouteSheet.objects.bulk_create(sheets, batch_size=2000)
    for sheet in RouteSheet.objects.filter(entry__start_year=year).select_related("template"):
        plan = ([(i.kind, i.title, i.month) for i in sheet.template.items.all()] if sheet.template else DEFAULT_ITEMS)
        for kind, title, month in plan:
            planned = datetime.date(year if month <= 4 else year + 1, (month + 7) % 12 + 1, 15)
            done = planned <= today and rng.random() < 0.8
            items.append(RouteSheetItem(sheet=sheet, kind=kind, title=title, planned_on=planned,
                                        done_on=planned if done else None, note="проведено" if done else ""))
    RouteSheetItem.objects.bulk_create(items, batch_size=2000)

    classes, members, activities = [], [], []
    for school in schools:
        classes.append(ProfileClass(organisation=school, start_year=year, name="10 «П»",
                                    orientation=rng.choice(ORIENTATIONS), grade=10,
                                    planned_headcount=rng.randint(20, 26),
                                    partners="Костромской государственный университет; педагогический колледж"))
    ProfileClass.objects.bulk_create(classes)
    by_school = {}
    for p in consented:
        if p.grade == 10:
            by_school.setdefault(p.organisation_id, []).append(p)
    for pc in ProfileClass.objects.filter(start_year=year, organisation__in=schools):
        for p in by_school.get(pc.organisation_id, [])[: pc.planned_headcount - rng.randint(0, 4)]:
            members.append(ProfileClassMember(profile_class=pc, pupil=p, joined_on=datetime.date(year, 9, 1)))
        for n in range(rng.randint(1, 4)):
            if datetime.date(year, 9, 20) + datetime.timedelta(days=25 * n) > today:
                break  # activities are logged after they happen
            activities.append(ClassActivity(profile_class=pc, held_on=datetime.date(year, 9, 20) +
                                            datetime.timedelta(days=25 * n), kind=rng.choice(
                                                ["meeting", "briefing", "excursion", "master_class"]),
                                            title="Встреча с преподавателями вуза" if n % 2 == 0 else
                                            "Экскурсия в организацию социальной сферы",
                                            partner="КГУ", participants=rng.randint(12, 25)))
    ProfileClassMember.objects.bulk_create(members, batch_size=2000)
    ClassActivity.objects.bulk_create(activities)

    tutor = User.objects.filter(username="tutor1").first()
    if tutor and tutor.organisation_id:
        own = [p for p in consented if p.organisation_id == tutor.organisation_id and p.grade in (9, 11)][:12]
        TutorAssignment.objects.bulk_create([TutorAssignment(pupil=p, tutor=tutor, start_year=year) for p in own])
        for p in own[:4]:
            route = EducationalRoute.objects.create(pupil=p, start_year=year,
                                                    goals="Подготовиться к поступлению по целевому договору")
            RouteStep.objects.create(route=route, title="Консультация по выбору специальности",
                                     due_on=datetime.date(year, 10, 15), status="done",
                                     done_on=datetime.date(year, 10, 14))
            RouteStep.objects.create(route=route, title="Профессиональная проба", due_on=datetime.date(year, 12, 10))




@demo_builder(51, "Выпускники прошлых лет: у части истёк срок хранения персональных данных")
def build_past_graduates(ctx: DemoContext) -> None:
    """Graduates of the last six years without a contract, name and school only (their consents ran out with
    school): those who left more than 3 years ago are on the page «Сроки хранения персональных данных»."""
    rng = ctx.rng
    today = timezone.localdate()
    schools = list(Organisation.objects.filter(municipality=ctx.made["municipalities"][0], kind="school",
                                               status="active").order_by("sort_name")[:3])
    if not schools or Pupil.objects.filter(organisation__in=schools, status=Pupil.Status.GRADUATED,
                                           left_on__lt=datetime.date(today.year - 1, 1, 1)).exists():
        return
    graduates = []
    for school in schools:
        for years_ago in range(1, 7):
            for _ in range(rng.randint(2, 4)):
                last, first, middle = person(rng, female=rng.random() < 0.5)
                p = Pupil(organisation=school, last_name=last, first_name=first, middle_name=middle,
                          status=Pupil.Status.GRADUATED, left_on=datetime.date(today.year - years_ago, 6, 25))
                p.refresh_derived()
                graduates.append(p)
    Pupil.objects.bulk_create(graduates, batch_size=2000)
