"""The plan as its people use it: a coordinator closes their school's task with evidence, another school's
coordinator cannot even see it, the committee watches the execution dashboard."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(city, personas):
    """This year's plan of the city, with its tasks generated (after the personas' organisations exist)."""
    from orientir.plan import services

    version = services.version_create(actor=None, municipality=city, year=timezone.localdate().year)
    services.tasks_generate(actor=None, version=version)
    return version


@pytest.fixture
def future_task(plan, school_a):
    """A task of school A due in ten days, not started: it shows in «Мои задачи» under «ближайшие 14 дней»."""
    from orientir.plan.models import Task

    tasks = Task.objects.filter(version=plan, organisation=school_a).select_related("item")
    task = tasks.filter(item__number="1.3").first() or tasks.order_by("item__sort_key").first()
    assert task is not None, "the plan gave school A no tasks"
    task.due_on = timezone.localdate() + datetime.timedelta(days=10)
    task.starts_on = None
    task.status = Task.Status.PLANNED
    task.save(update_fields=["due_on", "starts_on", "status"])
    return task


def test_coordinator_closes_own_task_with_evidence(personas, future_task, login, page, live_server, shot):
    from orientir.core.models import AuditEntry
    from orientir.plan.models import Task

    task = future_task
    login(personas["coordinator_a"])
    page.get_by_test_id("menu").get_by_role("link", name="Мои задачи").click()
    expect(page).to_have_url(f"{live_server.url}/plan/my/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои задачи")
    soon = page.get_by_test_id("soon")
    link = soon.locator(f'a[href="/plan/tasks/{task.pk}/"]')
    expect(link).to_be_visible()
    expect(soon).to_contain_text(task.due_on.strftime("%d.%m.%Y"))
    shot("plan-my-tasks-coordinator", full_page=True)

    link.click()
    expect(page).to_have_url(f"{live_server.url}/plan/tasks/{task.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(task.item.title)
    expect(page.get_by_test_id("due")).to_contain_text(task.due_on.strftime("%d.%m.%Y"))
    expect(page.locator("h1 + .badge")).to_have_text("Запланирована")

    # «Выполнено» with nothing filled in (the link may be prefilled from the plan item: clear it as a person would).
    form = page.get_by_test_id("close-form")
    form.get_by_label("Что сделано").fill("")
    form.get_by_label("Ссылка на результат в системе").fill("")
    form.get_by_role("button", name="Выполнено").click()
    expect(page.locator(".invalid-feedback[data-field=note]")).to_have_text(
        "Опишите, что сделано: комментарий обязателен.")
    expect(page.locator(".invalid-feedback[data-field=evidence_url]")).to_have_text(
        "Приложите подтверждение: ссылку на результат в системе или файл.")
    assert Task.objects.get(pk=task.pk).status == Task.Status.PLANNED
    shot("plan-task-close-errors", full_page=True)

    note = "Реестр организаций-заказчиков проверен и дополнен, сведения актуальны."
    form.get_by_label("Что сделано").fill(note)
    form.get_by_label("Ссылка на результат в системе").fill("/directory/organisations/")
    form.get_by_role("button", name="Выполнено").click()

    expect(page).to_have_url(f"{live_server.url}/plan/tasks/{task.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("Задача закрыта. Спасибо!")
    expect(page.locator("h1 + .badge")).to_have_text("Выполнена в срок")
    expect(page.get_by_test_id("note")).to_have_text(note)
    expect(page.locator("a[href='/directory/organisations/']").last).to_be_visible()
    expect(page.get_by_test_id("close-form")).to_have_count(0)
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Закрытие")
    expect(history).to_contain_text(note)
    shot("plan-task-done", full_page=True)

    task.refresh_from_db()
    assert (task.status, task.note, task.evidence_url, task.closed_by_id) == (
        Task.Status.DONE, note, "/directory/organisations/", personas["coordinator_a"].pk)
    assert AuditEntry.objects.filter(action="plan.task.closed", object_id=str(task.pk)).count() == 1

    # It no longer waits in «Мои задачи».
    page.get_by_role("link", name="Мои задачи").first.click()
    expect(page.get_by_test_id("soon").locator(f'a[href="/plan/tasks/{task.pk}/"]')).to_have_count(0)


def test_coordinator_of_another_school_cannot_open_the_task(personas, future_task, login, page):
    login(personas["coordinator_b"])
    response = page.goto(f"/plan/tasks/{future_task.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Страница не найдена")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(future_task.organisation.short_name)
    # Nor can it be closed by a forged POST (the form is not there; the address answers «not found»).
    status = page.evaluate("""async (url) => {
        const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
        const body = new URLSearchParams({note: 'x', evidence_url: '/'});
        const r = await fetch(url, {method: 'POST', body, headers: {'X-CSRFToken': token}});
        return r.status; }""", f"/plan/tasks/{future_task.pk}/close/")
    assert status == 404
    future_task.refresh_from_db()
    assert future_task.status == "planned"


def test_year_grid_and_calendar_as_coordinator(personas, plan, future_task, login, page, live_server, shot):
    login(personas["coordinator_a"])
    page.goto("/plan/year/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"План на {plan.year} год по месяцам")
    grid = page.get_by_test_id("year-grid")
    expect(grid.locator("tbody tr").first).to_be_visible()
    expect(grid).to_contain_text(future_task.item.number)
    shot("plan-year-grid", full_page=True)

    page.get_by_role("link", name="Мои задачи").first.click()
    page.get_by_role("main").get_by_role("link", name="Календарь").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/plan/calendar/")))
    due = future_task.due_on
    if due.month != timezone.localdate().month:  # ten days ahead may be next month
        page.goto(f"/plan/calendar/?year={due.year}&month={due.month}")
    day_link = page.locator(f'a[href="/plan/tasks/?year={due.year}&item={future_task.item.number}"]')
    expect(day_link).to_have_count(1)  # the item, on its (moved) day
    shot("plan-calendar", full_page=True)
    day_link.click()
    expect(page.locator(f'a[href="/plan/tasks/{future_task.pk}/"]')).to_be_visible()


def test_committee_dashboard_draws_its_charts(personas, plan, future_task, login, page, shot):
    from orientir.accounts import access
    from orientir.plan.models import Task

    # The dashboard counts the tasks in the specialist's scope: their unit's and the organisations' of its items.
    scope = access.tasks_for(personas["committee"]).filter(version=plan)
    # Some history to draw: the earliest task of the unit done on time.
    done = scope.filter(unit__isnull=False).order_by("due_on").first()
    done.status, done.done_at = Task.Status.DONE, timezone.make_aware(datetime.datetime.combine(done.due_on, datetime.time(12)))
    done.save(update_fields=["status", "done_at"])

    login(personas["committee"])
    page.goto(f"/plan/dashboard/?year={plan.year}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Исполнение плана на {plan.year} год")
    totals = page.get_by_test_id("totals")
    total = totals.locator(".stat-card", has_text="Всего задач").locator(".stat-value")
    expect(total).to_have_text(re.compile(r"\d"))
    assert re.sub(r"\D", "", total.inner_text()) == str(scope.count())
    expect(page.get_by_test_id("on-time")).to_have_text("1")
    expect(page.get_by_test_id("units-table").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("orgs-table")).to_contain_text(future_task.organisation.short_name)
    page.wait_for_load_state("load")
    drawn = page.evaluate("""() => ['unitsChart', 'totalChart'].map(id => {
        const el = document.getElementById(id);
        const chart = window.Chart && Chart.getChart(el);
        const ok = !!chart && el.width > 0 && el.height > 0 && chart.data.datasets.length > 0;
        if (chart) { chart.stop(); chart.options.animation = false; chart.update('none'); }  // the screenshot: final shapes
        return ok; })""")
    assert drawn == [True, True], drawn
    shot("plan-dashboard", full_page=True)
