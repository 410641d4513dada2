"""Demo people with cabinet accounts: a pupil and their parent, a parent who has not consented yet, a student and a
young specialist. Each is invited by the demo school's coordinator or the committee and joins with the demo password,
through the same services a real person goes through."""

from django.db.models import Count, Q
from django.utils import timezone

from orientir.accounts.models import User
from orientir.contracts.models import Contract, State
from orientir.core.demo import DEMO_PASSWORD, DemoContext, demo_builder, demo_logins
from orientir.pupils.models import Pupil

from . import services
from .models import Account, Kind

# login, kind, what the demo shows with it
DEMO_PEOPLE = [
    ("pupil1", Kind.PUPIL, "обучающийся старших классов: маршрутный лист, часы, план"),
    ("parent1", Kind.PARENT, "родитель того же обучающегося: согласие действует, отозвать можно"),
    ("parent2", Kind.PARENT, "родитель обучающегося без согласия: дать согласие"),
    ("student1", Kind.STUDENT, "студент по договору: обязательства, выплаты"),
    ("specialist1", Kind.SPECIALIST, "молодой специалист: срок отработки"),
]


def _join(code: str, login: str, name: tuple[str, str, str] = ("", "", "")) -> None:
    services.join(code=code, username=login, password=DEMO_PASSWORD, last_name=name[0], first_name=name[1],
                  middle_name=name[2], email=f"{login}@example.ru")


@demo_builder(95, "Личный кабинет: приглашённые обучающийся, родители, студент и молодой специалист")
def build_cabinet(ctx: DemoContext) -> None:
    if Account.objects.exists():
        return
    today = timezone.localdate()
    coordinator = User.objects.filter(username="school1").first()
    committee = User.objects.filter(username="oyuko").first()
    if coordinator is None or committee is None:
        return
    school = coordinator.organisation
    with_sheet = (Pupil.objects.filter(organisation=school, grade__in=[10, 11], consents__withdrawn_on__isnull=True,
                                       birth_date__isnull=False)
                  .annotate(items=Count("targeted_entries__route_sheet__items"))
                  .filter(items__gt=0).order_by("-items", "id"))
    pupil = with_sheet.first() or Pupil.objects.filter(
        organisation=school, grade=10, consents__withdrawn_on__isnull=True, birth_date__isnull=False).first()
    if pupil is not None:
        _, code = services.invitation_issue(actor=coordinator, kind=Kind.PUPIL, pupil=pupil, today=today)
        _join(code, "pupil1")
        rep = pupil.representatives.first()
        parts = (rep.full_name.split() + ["", "", ""])[:3] if rep else [pupil.last_name + "а", "Мария", ""]
        _, code = services.invitation_issue(actor=coordinator, kind=Kind.PARENT, pupil=pupil, today=today)
        _join(code, "parent1", tuple(parts))
    unconsented = Pupil.objects.filter(organisation=school).exclude(consents__isnull=False).order_by("id").first()
    if unconsented is not None:
        _, code = services.invitation_issue(actor=coordinator, kind=Kind.PARENT, pupil=unconsented, today=today)
        _join(code, "parent2", (unconsented.last_name + ("" if unconsented.last_name.endswith("а") else "а"),
                                "Ольга", "Петровна"))
    city = committee.municipality
    student = (Contract.objects.filter(municipality=city, state=State.STUDYING)
               .annotate(n=Count("payments")).order_by("-n", "id").first())
    if student is not None:
        _, code = services.invitation_issue(actor=committee, kind="", contract=student, today=today)
        _join(code, "student1")
    specialist = (Contract.objects.filter(municipality=city, state=State.EMPLOYED)
                  .filter(~Q(work_started_on=None)).order_by("work_started_on", "id").first())
    if specialist is not None:
        _, code = services.invitation_issue(actor=committee, kind="", contract=specialist, today=today)
        _join(code, "specialist1")


@demo_logins
def cabinet_logins():
    """The demo people who have accounts, for `make run` to print beside the staff's."""
    made = dict(User.objects.filter(username__in=[p[0] for p in DEMO_PEOPLE], cabinet_account__isnull=False)
                .values_list("username", "last_name"))
    rows = [(login, f"{label} — {made[login]}") for login, _kind, label in DEMO_PEOPLE if login in made]
    return "Личный кабинет — вход на странице /cabinet/login/", rows
