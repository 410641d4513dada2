"""A school coordinator runs the «студент – школьник» model (plan item 2.6) in the browser: creates the programme,
adds a student mentor, opens «Подбор наставника» for a pupil, proposes the pair in one click, starts it, logs a
meeting, tries to complete it without an outcome (refused), completes it with one, and finds the pair on the pupil's
timeline."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PUPIL_NAME = "Смирнова Дарья Игоревна"
MENTOR_NAME = "Лебедева Ксения Павловна"
SPECIALTY = "44.02.02 Преподавание в начальных классах"
PROGRAMME = "Наставник рядом: студенты педколледжа — девятиклассникам"


def _label(text: str):
    return re.compile(rf"^{re.escape(text)}( \*)?$")


@pytest.fixture
def pupil(school_a, classifier):
    from orientir.directory.models import Specialty
    from orientir.pupils.services import pupil_create

    today = timezone.localdate()
    p = pupil_create(actor=None, organisation=school_a,
                     data={"last_name": "Смирнова", "first_name": "Дарья", "middle_name": "Игоревна", "grade": 9,
                           "class_letter": "А", "interest_sector": "education"},
                     consent={"given_by_name": "Смирнова Елена Викторовна", "given_on": today})
    p.interest_specialties.add(Specialty.objects.filter(code="44.02.02").first())
    return p


def test_coordinator_runs_a_student_pupil_pair(personas, school_a, pupil, login, page, live_server, shot):
    from orientir.mentoring.models import Meeting, Mentor, Pair, Programme

    today = timezone.localdate()
    login(personas["coordinator_a"])
    menu = page.get_by_test_id("menu")

    # 1. The programme of the school for this school year.
    menu.get_by_role("link", name="Программы наставничества").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Программы наставничества")
    page.get_by_role("link", name="Добавить программу").click()
    form = page.get_by_test_id("programme-form")
    form.get_by_label(_label("Модель наставничества")).select_option(label="«Студент – школьник» (п. 2.6)")
    form.get_by_label(_label("Наименование программы")).fill(PROGRAMME)
    form.get_by_label(_label("Куратор программы (ФИО, должность)")).fill("Новикова М. О., заместитель директора")
    form.get_by_label(_label("Цели и задачи программы")).fill("Профориентация на педагогические профессии")
    form.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Программа «{PROGRAMME}» сохранена.")
    expect(page.get_by_role("heading", level=1)).to_have_text(PROGRAMME)
    programme = Programme.objects.get()
    assert programme.organisation == school_a and programme.model == "student_pupil"

    # 2. A student of the pedagogical college as a mentor; back to the programme.
    page.get_by_role("link", name="Добавить наставника").click()
    form = page.get_by_test_id("mentor-form")
    form.get_by_label(_label("Категория наставника")).select_option(label="Студент колледжа (вуза)")
    for label, value in zip(("Фамилия", "Имя", "Отчество"), MENTOR_NAME.split(), strict=True):
        form.get_by_label(_label(label)).fill(value)
    form.get_by_label(_label("Колледж (вуз)")).fill("Костромской педагогический колледж")
    form.get_by_label(_label("Курс")).select_option("3")
    form.get_by_label(_label("Специальность (направление подготовки)")).select_option(label=SPECIALTY)
    form.get_by_label(_label("Отрасль")).select_option(label="Образование")
    form.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Наставник {MENTOR_NAME} сохранён.")
    expect(page).to_have_url(f"{live_server.url}/mentoring/programmes/{programme.pk}/")
    assert Mentor.objects.get().specialty.code == "44.02.02"

    # 3. «Подбор наставника» for the pupil: the mentor ranks with the reasons of the score; one click proposes.
    page.locator(f'a[href="/mentoring/match/?programme={programme.pk}"]').click()
    match = page.get_by_test_id("match-form")
    expect(match.get_by_label("Программа")).to_have_value(str(programme.pk))
    match.get_by_label("Обучающийся (с действующим согласием)").select_option(label=f"{PUPIL_NAME}, 9 «А» класс")
    match.get_by_role("button", name="Подобрать").click()
    row = page.get_by_test_id("suggestion").filter(has_text=MENTOR_NAME)
    expect(row).to_contain_text("та же специальность (44.02.02)")
    expect(row).to_contain_text("та же отрасль")
    shot("mentoring-match", full_page=True)
    row.get_by_role("button", name="Предложить пару").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Пара предложена: {MENTOR_NAME} — {PUPIL_NAME}.")
    expect(page.get_by_test_id("pair-state").first).to_have_text("Предложена")
    pair = Pair.objects.get()

    # 4. The pair starts; a meeting goes into the log.
    page.get_by_role("button", name="Начать работу пары").click()
    expect(page.get_by_test_id("pair-state").first).to_have_text("Действует")
    meeting = page.get_by_test_id("meeting-form")
    expect(meeting.get_by_label(_label("Дата"))).to_have_value(today.isoformat())
    meeting.get_by_label(_label("Формат")).select_option(label="Совместное мероприятие")
    meeting.get_by_label(_label("Часов")).fill("2")
    meeting.get_by_label(_label("Тема")).fill("Экскурсия в педагогический колледж")
    meeting.get_by_role("button", name="Внести в журнал").click()
    expect(page.get_by_role("alert")).to_contain_text("Встреча внесена в журнал.")
    expect(page.get_by_test_id("meetings")).to_contain_text("Экскурсия в педагогический колледж")
    assert Meeting.objects.get(pair=pair).hours == 2

    # 5. Completing without an outcome is refused with the reason; with the outcome it is done.
    page.get_by_role("button", name="Завершить пару").click()
    expect(page.locator(".invalid-feedback[data-field=outcome]")).to_contain_text("Опишите результат наставничества")
    pair.refresh_from_db()
    assert pair.state == "active"
    page.get_by_label("Результат (для завершения)").fill("Определилась со специальностью, подала заявление")
    page.get_by_role("button", name="Завершить пару").click()
    expect(page.get_by_test_id("pair-state").first).to_have_text("Завершена")
    expect(page.get_by_test_id("outcome")).to_have_text("Определилась со специальностью, подала заявление")
    shot("mentoring-pair-completed", full_page=True)
    pair.refresh_from_db()
    assert pair.state == "completed" and pair.completed_on == today

    # 6. The pair on the pupil's card: started, the meeting, completed.
    page.get_by_role("link", name=PUPIL_NAME).click()
    expect(page).to_have_url(f"{live_server.url}/guidance/pupils/{pupil.pk}/")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text(f"Начата работа с наставником {MENTOR_NAME}")
    expect(timeline).to_contain_text("Встреча с наставником: Экскурсия в педагогический колледж")
    expect(timeline).to_contain_text("Наставничество завершено")
    shot("mentoring-pupil-timeline", full_page=True)


@pytest.mark.today("2026-10-15")
def test_workplace_match_offers_colleagues_first_and_warns(personas, city, school_a, classifier, login, page,
                                                           live_server, shot):
    """3.2.2 at a school: the school's own staff come first, a kindergarten's mentor is marked and, once paired,
    warned about; the proposal is dated the day the pair really formed, and the pair starts after it."""
    import datetime

    from conftest import make_org
    from orientir.contracts.models import Contract
    from orientir.mentoring.models import Pair
    from orientir.mentoring.tests.conftest import make_contract, make_mentor, make_programme

    kindergarten = make_org(city, short_name="МБДОУ Детский сад № 5", kind="kindergarten")
    programme = make_programme(school_a, "employer_young_specialist", "Адаптация молодого учителя")
    contract = make_contract(city, school_a, state="employed", last_name="Орлова")
    Contract.objects.filter(pk=contract.pk).update(work_organisation=school_a)
    make_mentor(school_a, "Школьная", kind="staff", code="49.02.01")
    outsider = make_mentor(kindergarten, "Садова", kind="staff", code="44.02.02")
    login(personas["committee"])

    page.goto(f"/mentoring/match/?programme={programme.pk}&contract={contract.pk}")
    expect(page.get_by_test_id("workplace-note")).to_contain_text("«МБОУ СОШ № 1»")
    rows = page.get_by_test_id("suggestion")
    expect(rows.first).to_contain_text("Школьная Мария")
    expect(rows.nth(1)).to_contain_text("другая организация")
    shot("mentoring-match-workplace", full_page=True)

    row = rows.filter(has_text="Садова Мария")
    row.get_by_label("Дата предложения пары: Садова Мария").fill("2026-10-01")
    row.get_by_role("button", name="Предложить пару").click()
    expect(page.get_by_role("alert").first).to_contain_text("Дата предложения — 01.10.2026.")
    expect(page.get_by_test_id("mentor-elsewhere")).to_contain_text(
        "работает в «МБДОУ Детский сад № 5», а не по месту работы наставляемого («МБОУ СОШ № 1»)")
    shot("mentoring-pair-elsewhere")
    pair = Pair.objects.get()
    assert pair.mentor == outsider and pair.proposed_on == datetime.date(2026, 10, 1)

    # The pair began on 05.10, before the day it was entered.
    page.get_by_test_id("transition-form").get_by_label("Дата").fill("2026-10-05")
    page.get_by_role("button", name="Начать работу пары").click()
    expect(page.get_by_test_id("pair-state").first).to_have_text("Действует")
    pair.refresh_from_db()
    assert pair.started_on == datetime.date(2026, 10, 5)
