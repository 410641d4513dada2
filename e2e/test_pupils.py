"""Issue 5 «Done when», as a school coordinator walks it: a pupil is added only with a consent, a profile class is
staffed, the pupil is marked motivated, gets a tutor, enters the targeted database with a route sheet whose two
activities are marked done, and the 2.8.5 monitoring counts them. The tutor sees only their pupil; the coordinator
of another school gets «not found» for the pupil's address."""

import datetime
import importlib
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PUPIL = ("Смирнова", "Дарья", "Игоревна")
PUPIL_NAME = " ".join(PUPIL)
CLASSMATE_NAME = "Кузнецов Павел Андреевич"
SPECIALTY = "44.02.02 Преподавание в начальных классах (СПО)"
ADDED_ITEM = "Встреча с выпускником педагогического колледжа"
RESCHEDULED_ITEM = "Индивидуальная консультация: выбор специальности"


@pytest.fixture
def route_templates(transactional_db):
    """The typical route sheets a data migration seeds: a transactional test's flush empties them."""
    from django.apps import apps

    importlib.import_module("orientir.pupils.migrations.0003_route_sheet_templates").forwards(apps, None)


@pytest.fixture
def classmate(school_a):
    """A 10th-grader of school A with a consent: the profile class is staffed with him."""
    from orientir.pupils.services import pupil_create

    today = timezone.localdate()
    return pupil_create(actor=None, organisation=school_a,
                        data={"last_name": "Кузнецов", "first_name": "Павел", "middle_name": "Андреевич",
                              "grade": 10, "class_letter": "П"},
                        consent={"given_by_name": "Кузнецова Ольга Петровна", "given_on": today})


def _label(text: str):
    """A form label as rendered: required fields end with « *»."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def _school_year(day: datetime.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def test_coordinator_walks_a_pupil_from_consent_to_route_monitoring(
        personas, school_a, classifier, route_templates, classmate, login, page, live_server, shot):
    from orientir.pupils.models import (MotivatedPupil, ProfileClassMember, Pupil, RouteSheetItem, TargetedEntry,
                                          TutorAssignment)

    today = timezone.localdate()
    year = _school_year(today)
    coordinator, tutor = personas["coordinator_a"], personas["tutor"]
    login(coordinator)
    menu = page.get_by_test_id("menu")

    # 1. A 9th-grader with a class but no consent: refused, the reason in Russian, nothing saved.
    menu.locator('a[href="/guidance/pupils/"]').click()  # the icon's glyph is a part of the link's name
    expect(page.get_by_role("heading", level=1)).to_have_text("Обучающиеся")
    page.get_by_role("link", name="Добавить обучающегося").click()
    expect(page).to_have_url(f"{live_server.url}/guidance/pupils/new/")
    form = page.get_by_test_id("pupil-form")
    for label, value in zip(("Фамилия", "Имя", "Отчество"), PUPIL, strict=True):
        form.get_by_label(_label(label)).fill(value)
    form.get_by_label(_label("Класс")).select_option("9")
    form.get_by_label(_label("Литера класса")).fill("а")
    form.get_by_role("button", name="Сохранить").click()
    error = page.locator(".invalid-feedback[data-field=consent_given_by_name]")
    expect(error).to_contain_text("Нет согласия на обработку персональных данных")
    expect(error).to_contain_text("Класс")
    expect(form.get_by_label(_label("Фамилия"))).to_have_value(PUPIL[0])
    shot("pupils-create-no-consent", full_page=True)
    assert not Pupil.objects.filter(last_name=PUPIL[0]).exists()

    # …with the consent of her mother: saved, the card shows the consent.
    form.get_by_label(_label("Согласие дал(а): ФИО")).fill("Смирнова Елена Викторовна")
    form.get_by_label(_label("Дата согласия")).fill(today.isoformat())
    form.get_by_label(_label("Реквизиты документа согласия")).fill("Заявление № 17")
    form.get_by_label(_label("Дата рождения")).fill(datetime.date(today.year - 15, 3, 14).isoformat())
    form.get_by_label(_label("Интерес: отрасль")).select_option(label="Образование")
    form.get_by_role("button", name="Сохранить").click()
    pupil = Pupil.objects.get(last_name=PUPIL[0])
    expect(page).to_have_url(f"{live_server.url}/guidance/pupils/{pupil.pk}/")
    expect(page.get_by_role("alert")).to_contain_text(f"Сведения об обучающемся {PUPIL_NAME} сохранены.")
    expect(page.get_by_role("heading", level=1)).to_have_text(PUPIL_NAME)
    expect(page.get_by_test_id("no-consent")).to_have_count(0)
    expect(page.locator("body")).to_contain_text("Смирнова Елена Викторовна")
    assert (pupil.grade, pupil.class_letter) == (9, "А")
    assert pupil.consents.filter(withdrawn_on__isnull=True).count() == 1

    # 2. A profile class of this school year, staffed with the 10th-grader.
    menu.get_by_role("link", name="Профильные классы (п. 2.1)").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/guidance/classes/")))
    page.get_by_role("link", name="Добавить класс (группу)").click()
    form = page.get_by_test_id("class-form")
    form.get_by_label(_label("Учебный год")).select_option(label=f"{year}/{year + 1}")
    form.get_by_label(_label("Наименование")).fill("10 «П»")
    form.get_by_label(_label("Вид")).select_option(label="Профильный класс")
    form.get_by_label(_label("Направленность")).select_option(label="Педагогический")
    form.get_by_label(_label("Класс (параллель)")).select_option("10")
    form.get_by_label(_label("Планируемая численность")).fill("25")
    form.get_by_label(_label("Партнёры (колледжи, вузы, организации социальной сферы)")).fill(
        "Костромской педагогический колледж")
    form.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("alert")).to_contain_text("Класс (группа) «10 «П»» сохранён.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("10 «П»")
    expect(page.get_by_test_id("actual")).to_have_text("0")
    member_form = page.get_by_test_id("member-form")
    member_form.get_by_label("Зачислить обучающегося школы").select_option(label=CLASSMATE_NAME)
    member_form.get_by_role("button", name="Зачислить").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{CLASSMATE_NAME} зачислен(а) в класс.")
    expect(page.get_by_test_id("roster")).to_contain_text(CLASSMATE_NAME)
    expect(page.get_by_test_id("actual")).to_have_text("1")
    shot("pupils-profile-class-staffed", full_page=True)
    assert ProfileClassMember.objects.filter(pupil=classmate, profile_class__organisation=school_a,
                                             left_on__isnull=True).count() == 1

    # 3. The 9th-grader marked as motivated for the education sector.
    menu.get_by_role("link", name="Мотивированные (п. 2.2)").click()
    page.get_by_role("link", name="Отметить обучающегося").click()
    form = page.get_by_test_id("motivated-form")
    form.get_by_label(_label("Обучающийся")).select_option(label=PUPIL_NAME)
    form.get_by_label(_label("Отрасль")).select_option(label="Образование")
    form.get_by_role("button", name="Сохранить", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(f"{PUPIL_NAME}: отметка о мотивированности сохранена.")
    row = page.get_by_test_id("motivated-table").locator("tbody tr").filter(has_text=PUPIL_NAME)
    expect(row).to_contain_text("Образование")
    expect(row).to_contain_text("9 «А»")
    shot("pupils-motivated-list", full_page=True)
    assert MotivatedPupil.objects.filter(pupil=pupil, start_year=year).count() == 1

    # 4. The tutor assigned on the card.
    row.get_by_role("link", name=PUPIL_NAME).click()
    expect(page).to_have_url(f"{live_server.url}/guidance/pupils/{pupil.pk}/")
    page.get_by_label("Тьютор", exact=True).select_option(label=tutor.get_full_name())
    page.get_by_role("button", name="Закрепить").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Тьютор {tutor.get_full_name()} закреплён.")
    expect(page.locator("dd").filter(has_text=f"{year}/{year + 1}")).to_contain_text(tutor.get_full_name())
    shot("pupils-card-with-tutor", full_page=True)
    assert TutorAssignment.objects.filter(pupil=pupil, tutor=tutor).count() == 1

    # 5. Into the targeted database; a route sheet from the typical template of education.
    menu.get_by_role("link", name="Целевая база (п. 2.8.1)").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/guidance/targeted/")))
    page.get_by_test_id("targeted-add").click()
    form = page.get_by_test_id("targeted-form")
    form.get_by_label(_label("Обучающийся")).select_option(label=PUPIL_NAME)
    expect(form.get_by_label(_label("Учебный год"))).to_have_value(str(year))
    form.get_by_label(_label("Специальность")).select_option(label=SPECIALTY)
    form.get_by_label(_label("Желаемая образовательная организация")).fill("Костромской педагогический колледж")
    form.get_by_label(_label("Организация-заказчик")).select_option(label=school_a.short_name)
    form.get_by_role("button", name="Сохранить").click()
    entry = TargetedEntry.objects.get(pupil=pupil, start_year=year)
    expect(page).to_have_url(f"{live_server.url}/guidance/route-sheets/{entry.pk}/")
    expect(page.get_by_role("alert")).to_contain_text(f"{PUPIL_NAME} внесён(а) в базу данных для целевого обучения.")
    create = page.get_by_test_id("sheet-create")
    expect(create.get_by_label(_label("Типовой маршрутный лист"))).to_contain_text("образование")
    # the template's dates are kept (whatever the day, every item is on the sheet; the past ones would be marked)
    expect(create.get_by_label(re.compile("Перенести на ближайшее 15-е число"))).to_be_checked()
    create.get_by_label(re.compile("Оставить даты типового листа")).check()
    shot("route-sheet-create-choice")
    create.get_by_role("button", name="Составить маршрутный лист").click()
    expect(page.get_by_role("alert")).to_contain_text("Маршрутный лист составлен: мероприятий — 8.")
    items = page.get_by_test_id("sheet-items").locator("tbody tr")
    expect(items).to_have_count(8)
    expect(page.get_by_test_id("sheet-done")).to_have_text("0")

    # The first consultation moved to today (planned dates of the template may all be ahead), one activity added
    # for today: both are due by the report date whatever day the test runs on.
    items.filter(has_text=RESCHEDULED_ITEM).get_by_role("link", name="Изменить").click()
    form = page.get_by_test_id("item-form")
    form.get_by_label(_label("Планируемая дата")).fill(today.isoformat())
    form.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("alert")).to_contain_text("Мероприятие сохранено.")
    add = page.get_by_test_id("add-item-form")
    add.get_by_label(_label("Вид")).select_option(label="Профориентационное мероприятие")
    add.get_by_label(_label("Мероприятие")).fill(ADDED_ITEM)
    expect(add.get_by_label(_label("Планируемая дата"))).to_have_value(today.isoformat())
    add.get_by_role("button", name="Добавить").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Мероприятие «{ADDED_ITEM}» добавлено.")
    expect(items).to_have_count(9)

    for n, (title, note) in enumerate([(RESCHEDULED_ITEM, "Консультация проведена с мамой"), (ADDED_ITEM, "")], 1):
        row = items.filter(has_text=title)
        mark = row.get_by_test_id("mark-form")
        expect(mark.get_by_label("Дата выполнения")).to_have_value(today.isoformat())
        if note:
            mark.get_by_label("Отметка").fill(note)
        mark.get_by_role("button", name="Выполнено").click()
        expect(page.get_by_role("alert")).to_contain_text("отмечено как выполненное.")
        expect(page.get_by_test_id("sheet-done")).to_have_text(str(n))
        expect(items.filter(has_text=title)).to_contain_text(today.strftime("%d.%m.%Y"))
    expect(items.filter(has_text=RESCHEDULED_ITEM)).to_contain_text("Консультация проведена с мамой")
    shot("pupils-route-sheet-marked", full_page=True)
    done = RouteSheetItem.objects.filter(sheet__entry=entry, done_on=today, done_by=coordinator)
    assert done.count() == 2

    # 6. The 2.8.5 monitoring on today's date counts both marks for school A.
    menu.get_by_role("link", name="Мониторинг маршрутов (п. 2.8.5)").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/guidance/route-monitoring/")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Мониторинг выполнения маршрутных листов")
    expect(page.get_by_test_id("total-pupils")).to_have_text("1")
    expect(page.get_by_test_id("total-done")).to_have_text("2")
    due = RouteSheetItem.objects.filter(sheet__entry=entry, planned_on__lte=today).count()
    expect(page.get_by_test_id("total-due")).to_have_text(str(due))
    school_row = page.get_by_test_id("schools-table").locator("tbody tr").first
    cells = school_row.locator("td")
    expect(cells.nth(0)).to_have_text(school_a.short_name.replace("№ ", "№\u00a0"))
    expect(cells.nth(2)).to_have_text("9")
    expect(cells.nth(3)).to_have_text(str(due))
    expect(cells.nth(4)).to_have_text("2")
    shot("pupils-route-monitoring", full_page=True)

    # The tutor sees only their pupil, and not the classmate.
    page.context.clear_cookies()
    login(tutor)
    page.get_by_test_id("menu").locator('a[href="/guidance/pupils/"]').click()
    table = page.get_by_test_id("pupil-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text(PUPIL_NAME)
    expect(table).not_to_contain_text(CLASSMATE_NAME)
    shot("pupils-tutor-list")
    table.get_by_role("link", name=PUPIL_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PUPIL_NAME)
    assert page.goto(f"/guidance/pupils/{classmate.pk}/").status == 404

    # The coordinator of school B: «not found» for the pupil and her route sheet.
    page.context.clear_cookies()
    login(personas["coordinator_b"])
    response = page.goto(f"/guidance/pupils/{pupil.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Страница не найдена")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(PUPIL[0])
    shot("pupils-404-other-school")
    assert page.goto(f"/guidance/route-sheets/{entry.pk}/").status == 404
