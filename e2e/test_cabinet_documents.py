"""Issue 18 «Done when», the student's journey and the pupil's hours: on a phone-width screen a student sees the
payments and the work clock, uploads a certificate of study, and it appears as a task in the committee's «Мои задачи»;
the committee returns it with a reason, which the student reads. A pupil sees their hours level change once the school
marks them present at an event. No horizontal scrolling on the phone."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.today("2027-03-15")]

PHONE = {"width": 375, "height": 800}
PASSWORD = "Надёжный-пароль-2027"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def _person_login(page, username):
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto("/cabinet/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()


def test_a_students_certificate_reaches_the_committee_and_comes_back_with_a_reason(
        personas, school_a, classifier, login, page, shot, live_server):
    from orientir.cabinet import services
    from orientir.cabinet.tests.helpers import contract
    from orientir.students.models import PaymentPlan

    mine = contract(school_a, "К-30", "Студентова")
    PaymentPlan.objects.create(contract=mine, month=datetime.date(2027, 2, 1), amount=Decimal("5000"))
    _, code = services.invitation_issue(actor=personas["committee"], kind="", contract=mine)
    services.join(code=code, username="studentova", password=PASSWORD)

    _person_login(page, "studentova")
    page.get_by_role("link", name="Договор № К-30").click()
    expect(page.locator("#payments")).to_contain_text("Запланировано 5")
    expect(page.locator("#clock")).to_contain_text("трудоустроиться нужно не позднее 01.09.2027")
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Документы: справка об обучении, трудоустройство").click()
    page.get_by_label("Какой это документ").select_option("study")
    page.get_by_label("Файл").set_input_files({"name": "справка.pdf", "mimeType": "application/pdf",
                                               "buffer": PDF})
    page.get_by_label("Комментарий (необязательно)").fill("1-й семестр 2026/2027")
    page.get_by_role("button", name="Отправить").click()
    expect(page.get_by_text("Документ отправлен на проверку.")).to_be_visible()
    expect(page.locator("#sent")).to_contain_text("на проверке, проверят до 22.03.2027")
    _no_sideways_scroll(page)
    shot("cabinet-document-sent-phone", full_page=True)

    # The committee: a task in «Мои задачи», the document returned with a reason.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(personas["committee"])
    page.goto("/plan/my/")
    section = page.get_by_test_id("other-deadlines").filter(has_text="Документы из личного кабинета на проверке")
    expect(section).to_contain_text("Проверить: Справка об обучении (за семестр)")
    section.get_by_role("link", name="Студентова Анна").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="справка.pdf").click()
    assert open(download.value.path(), "rb").read() == PDF
    page.get_by_label("Вернуть").check()
    page.get_by_label("Причина возврата").fill("Нет печати колледжа")
    page.get_by_role("button", name="Сохранить решение").click()
    expect(page.get_by_text("Документ возвращён")).to_be_visible()
    shot("inbox-documents")

    _person_login(page, "studentova")
    page.goto(f"/cabinet/contracts/{mine.pk}/documents/")
    expect(page.locator("#sent")).to_contain_text("Причина возврата: Нет печати колледжа")
    _no_sideways_scroll(page)


def test_a_pupil_sees_the_hours_level_change_after_attending_an_event(personas, school_a, page, live_server):
    from orientir.cabinet import services
    from orientir.cabinet.tests.helpers import pupil
    from orientir.careers import services_activities as careers

    p = pupil(school_a, "Часов", born=datetime.date(2011, 1, 10))
    coordinator = personas["coordinator_a"]
    event = careers.event_create(actor=coordinator, organisation=school_a, data={
        "held_on": datetime.date(2026, 11, 5), "title": "Мастер-класс", "kind": "master_class", "place": "Колледж",
        "organiser": "Колледж", "hours": Decimal(24)})
    careers.event_participant_add(actor=coordinator, event=event, pupil=p)
    second = careers.event_create(actor=coordinator, organisation=school_a, data={
        "held_on": datetime.date(2027, 3, 12), "title": "Проба", "kind": "trial", "place": "Детский сад № 5",
        "organiser": "Колледж", "hours": Decimal(20)})
    careers.event_participant_add(actor=coordinator, event=second, pupil=p, attended=False)
    _, code = services.invitation_issue(actor=coordinator, kind="pupil", pupil=p)
    services.join(code=code, username="chasov", password=PASSWORD)

    _person_login(page, "chasov")
    page.get_by_role("link", name="Часов Иван").click()
    expect(page.get_by_test_id("level")).to_have_text("Ниже базового")
    expect(page.locator("#hours")).to_contain_text("До уровня «Базовый» — ещё 16 ч.")
    _no_sideways_scroll(page)
    careers.event_attendance_save(actor=coordinator, event=second,
                                  present_ids=list(second.participants.values_list("id", flat=True)))
    page.reload()
    expect(page.get_by_test_id("level")).to_have_text("Базовый")  # 24 + 20 = 44 hours
    expect(page.locator("#hours")).to_contain_text("До уровня «Основной» — ещё 16 ч.")
