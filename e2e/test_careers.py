"""Plan items 2.4.1–2.4.3 as people walk them: the quality centre's methodologist adds a programme to the municipal
bank and approves it; school A's coordinator runs it, adds a session with its hours and marks a pupil present; the
hours show on the pupil's timeline and in the 2.4.3 monitoring report."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Сетевая программа «Я — педагог»"
PUPIL_NAME = "Смирнова Дарья Игоревна"


def _label(text: str):
    """A form label as rendered: required fields end with « *»."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


@pytest.fixture
def pupil(school_a):
    from orientir.pupils.services import pupil_create

    return pupil_create(actor=None, organisation=school_a,
                        data={"last_name": "Смирнова", "first_name": "Дарья", "middle_name": "Игоревна", "grade": 9,
                              "class_letter": "А"},
                        consent={"given_by_name": "Смирнова Елена Викторовна", "given_on": timezone.localdate()})


def test_programme_from_the_bank_to_the_pupils_hours(personas, school_a, pupil, login, page, live_server, shot):
    from orientir.careers.models import Programme, ProgrammeRun, SessionAttendance

    # 1. The methodologist adds a programme of school A to the bank, submits it and approves it.
    login(personas["methodologist"])
    menu = page.get_by_test_id("menu")
    menu.get_by_role("link", name="Банк программ (п. 2.4.1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Муниципальный банк профориентационных программ")
    page.get_by_test_id("programme-add").click()
    form = page.get_by_test_id("programme-form")
    form.get_by_label(_label("Организация-разработчик")).select_option(label=school_a.short_name)
    form.get_by_label(_label("Название программы")).fill(TITLE)
    form.get_by_label(_label("Вид")).select_option(label="Профессиональные пробы")
    form.get_by_label(_label("Отрасль социальной сферы")).select_option(label="Образование")
    form.get_by_label(_label("Авторы (составители)")).fill("Иванова Ирина Ивановна")
    form.get_by_label(_label("Классы: с")).select_option("8")
    form.get_by_label(_label("Классы: по")).select_option("11")
    form.get_by_label(_label("Объём, часов")).fill("36")
    form.get_by_label(_label("Описание")).fill("Профессиональные пробы в роли помощника учителя начальных классов")
    form.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Программа «{TITLE}» сохранена.")
    expect(page.get_by_test_id("programme-title")).to_have_text(TITLE)
    page.get_by_test_id("programme-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("представлена на рассмотрение")
    review = page.get_by_test_id("review-card")
    review.get_by_label(_label("Решение")).select_option(label="Одобрить и включить в банк")
    review.get_by_test_id("review-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("Программа одобрена и включена в банк.")
    expect(page.get_by_test_id("status")).to_have_text("Одобрена")
    shot("careers-programme-approved", full_page=True)
    programme = Programme.objects.get(title=TITLE)
    assert programme.status == "approved" and programme.reviewed_by == personas["methodologist"]

    # 2. School A's coordinator runs it, enrols the pupil, adds a session and marks her present.
    page.context.clear_cookies()
    login(personas["coordinator_a"])
    page.get_by_test_id("menu").get_by_role("link", name="Банк программ (п. 2.4.1)").click()
    page.get_by_test_id("programme-table").get_by_role("link", name=TITLE).click()
    page.get_by_test_id("programme-run").click()
    form = page.get_by_test_id("run-form")
    expect(form.get_by_label(_label("Программа из банка (одобренная)"))).to_have_value(str(programme.pk))
    form.get_by_label(_label("Руководитель (ФИО)")).fill("Петрова Анна Сергеевна")
    form.get_by_role("button", name="Начать").click()
    expect(page.get_by_role("alert")).to_contain_text("Реализация программы начата")
    run = ProgrammeRun.objects.get(programme=programme, organisation=school_a)
    participant_form = page.get_by_test_id("participant-form")
    participant_form.get_by_label(_label("Обучающийся")).select_option(label=PUPIL_NAME)
    participant_form.get_by_role("button", name="Зачислить").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{PUPIL_NAME} зачислен(а) в программу.")
    session_form = page.get_by_test_id("session-form")
    session_form.get_by_label(_label("Тема занятия")).fill("Проба: урок в начальной школе")
    session_form.get_by_label(_label("Часов")).fill("3")
    session_form.get_by_role("button", name="Добавить занятие").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Посещаемость занятия")
    attendance = page.get_by_test_id("attendance-form")
    attendance.get_by_role("checkbox").check()
    attendance.get_by_role("button", name="Сохранить посещаемость").click()
    expect(page.get_by_role("alert")).to_contain_text("присутствовали 1 из 1")
    row = page.get_by_test_id("participants").locator("tbody tr").filter(has_text=PUPIL_NAME)
    expect(row.get_by_test_id("year-hours")).to_have_text("3")
    expect(row.get_by_test_id("level")).to_have_text("Ниже базового")
    shot("careers-run-attendance", full_page=True)
    assert SessionAttendance.objects.filter(session__run=run, participant__pupil=pupil).count() == 1

    # 3. The hours show on the pupil's timeline.
    row.get_by_role("link", name=PUPIL_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PUPIL_NAME)
    body = page.locator("body")
    expect(body).to_contain_text(f"Программа «{TITLE}»: посещено занятий — 1, 3")
    expect(body).to_contain_text("Профориентация за")
    expect(body).to_contain_text("уровень «Ниже базового»")
    shot("careers-pupil-timeline", full_page=True)

    # 4. …and in the 2.4.3 monitoring the methodologist sends to the regional bodies.
    page.context.clear_cookies()
    login(personas["methodologist"])
    page.get_by_test_id("menu").get_by_role("link", name="Мониторинг программ (п. 2.4.3)").click()
    expect(page.get_by_test_id("total-hours")).to_have_text("3")
    school_row = page.get_by_test_id("by-org").locator("tbody tr").filter(has_text=school_a.short_name)
    expect(school_row).to_contain_text("1 (1)")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename.startswith("careers-monitoring")
    shot("careers-monitoring", full_page=True)
