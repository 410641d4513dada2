"""Demo people with cabinet accounts: a pupil and their parent, a parent who has not consented yet, a student and a
young specialist. Each is invited by the demo school's coordinator or the committee and joins with the demo password,
through the same services a real person goes through."""

from django.db.models import Count, Q
from django.utils import timezone

from orientir.accounts.models import User
from orientir.contracts.models import Contract, State
from orientir.core.dates import add_years
from orientir.core.demo import DEMO_PASSWORD, DemoContext, demo_builder, demo_logins
from orientir.pupils.models import Pupil

from . import services, services_inbox
from .models import Account, Document, Kind, Question

# login, kind, what the demo shows with it
DEMO_PEOPLE = [
    ("pupil1", Kind.PUPIL, "обучающийся старших классов: маршрутный лист, часы, план"),
    ("parent1", Kind.PARENT, "родитель того же обучающегося: согласие действует, вопросы тьютору"),
    ("parent2", Kind.PARENT, "родитель обучающегося без согласия: дать согласие"),
    ("pupil2", Kind.PUPIL, "обучающийся с тьютором: часы профориентации и уровень за учебный год"),
    ("parent3", Kind.PARENT, "родитель того же обучающегося: вопросы тьютору, один с ответом (тьютор — tutor1)"),
    ("student1", Kind.STUDENT, "студент по договору: обязательства, выплаты, справка об обучении на проверке"),
    ("specialist1", Kind.SPECIALIST, "молодой специалист: срок отработки, принятая выписка о трудоустройстве"),
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


def demo_pdf(title: str) -> bytes:
    """A one-page PDF with a line of text (Latin letters: the standard fonts have no Cyrillic), built by hand with
    a correct cross-reference table, so that a viewer opens the demo's documents."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@demo_builder(96, "Личный кабинет: документы студента на проверке, вопросы родителя тьютору")
def build_cabinet_inbox(ctx: DemoContext) -> None:
    if Document.objects.exists() or Question.objects.exists():
        return
    today = timezone.localdate()
    committee = User.objects.filter(username="oyuko").first()
    people = {u.username: u for u in User.objects.filter(username__in=["student1", "specialist1", "parent1"])
              .prefetch_related("cabinet_account__links")}

    def _record(login, field):
        user = people.get(login)
        link = user.cabinet_account.links.all()[0] if user and user.cabinet_account.links.all() else None
        return user, getattr(link, field) if link else None

    student, contract = _record("student1", "contract")
    if contract is not None:
        returned = services_inbox.document_upload(
            user=student, contract=contract, kind="study", note="Справка за 1-й семестр", today=today,
            data=demo_pdf("Spravka ob obuchenii (demo)"), filename="справка-1-семестр.pdf",
            content_type="application/pdf")
        if committee is not None:
            services_inbox.document_review(actor=committee, document=returned, accept=False,
                                           reason="На справке нет подписи и печати колледжа")
        services_inbox.document_upload(
            user=student, contract=contract, kind="study", note="Справка с печатью, взамен возвращённой", today=today,
            data=demo_pdf("Spravka ob obuchenii, s pechatyu (demo)"), filename="справка-с-печатью.pdf",
            content_type="application/pdf")
    specialist, work = _record("specialist1", "contract")
    if work is not None:
        accepted = services_inbox.document_upload(
            user=specialist, contract=work, kind="employment", note="Выписка из электронной трудовой книжки",
            today=today, data=demo_pdf("Svedeniya o trudovoi deyatelnosti (demo)"), filename="стд-р.pdf",
            content_type="application/pdf")
        if committee is not None:
            services_inbox.document_review(actor=committee, document=accepted, accept=True)
    parent, pupil = _record("parent1", "pupil")
    coordinator = User.objects.filter(username="school1").first()
    if pupil is not None:
        asked = services_inbox.question_ask(
            user=parent, pupil=pupil, today=today,
            text="Можно ли пройти профессиональную пробу в детском саду рядом с домом, а не в колледже?")
        if asked.tutor or coordinator:
            services_inbox.question_answer(
                actor=asked.tutor or coordinator, question=asked,
                answer="Да, проба засчитывается в любой организации из списка партнёров школы. Запишитесь до "
                       "пятницы: проба будет внесена в маршрутный лист.")
    # A pupil of the demo tutor with career-guidance hours this year, and their parent asking the tutor.
    tutor = User.objects.filter(username="tutor1").first()
    tutored = (Pupil.objects.filter(tutor_assignments__tutor=tutor, consents__withdrawn_on__isnull=True,
                                    birth_date__lte=add_years(today, -services.MIN_PUPIL_AGE))
               .annotate(hours=Count("career_runs__attendance", distinct=True)).order_by("-hours", "id").first()
               if tutor else None)
    if tutored is None or coordinator is None:
        return
    _, code = services.invitation_issue(actor=coordinator, kind=Kind.PUPIL, pupil=tutored, today=today)
    _join(code, "pupil2")
    _, code = services.invitation_issue(actor=coordinator, kind=Kind.PARENT, pupil=tutored, today=today)
    rep = tutored.representatives.first()
    _join(code, "parent3", tuple((rep.full_name.split() + ["", "", ""])[:3]) if rep
          else (tutored.last_name + "а", "Ирина", "Сергеевна"))
    parent3 = User.objects.get(username="parent3")
    answered = services_inbox.question_ask(
        user=parent3, pupil=tutored, today=today,
        text="Сколько часов профориентации нужно набрать до конца года для основного уровня?")
    services_inbox.question_answer(
        actor=tutor, question=answered,
        answer="Основной уровень — от 60 часов за учебный год. Запишитесь на «Профессиональную субботу» в "
               "колледже: это ещё 6 часов.")
    services_inbox.question_ask(user=parent3, pupil=tutored, today=today,
                                text="Можно ли перенести занятие программы с четверга на пятницу из-за секции?")


@demo_logins
def cabinet_logins():
    """The demo people who have accounts, for `make run` to print beside the staff's."""
    made = dict(User.objects.filter(username__in=[p[0] for p in DEMO_PEOPLE], cabinet_account__isnull=False)
                .values_list("username", "last_name"))
    rows = [(login, f"{label} — {made[login]}") for login, _kind, label in DEMO_PEOPLE if login in made]
    return "Личный кабинет — вход на странице /cabinet/login/", rows
