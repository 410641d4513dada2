"""Pages of the plan: my tasks, task list and card, year grid, calendar, dashboard, plan editing, check."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.core import audit, deadlines
from orientir.core.errors import DomainError
from orientir.core.tables import pdf_response, xlsx_response
from orientir.core import editing
from orientir.core.editing import apply_errors
from orientir.core.views import paginate
from orientir.jobs.pages import to_jobs

from . import exports, ical, selectors, services
from .artifacts import artifact_link
from .forms import PlanItemForm, TaskCloseForm, TaskReopenForm, VersionCreateForm
from .models import CalendarFeed, PlanItem
from orientir.core.params import int_param, year_param


def _today():
    return timezone.localdate()


def _year_param(request) -> int | None:
    return year_param(request.GET.get("year"))


def _version_or_none(request):
    return selectors.version_for_year(request.user, _year_param(request), _today())


def _no_plan(request):
    return render(request, "plan/no_plan.html", {"can_edit": access.has_perm(request.user, "plan.edit")})


@login_required
def my_tasks(request):
    access.require(request.user, "plan.view")
    ctx = selectors.my_tasks(request.user, _today())
    ctx["today"] = _today()
    # Deadlines of contracts and students the user answers for, from the apps that keep them.
    ctx["other_deadlines"] = deadlines.sections(request.user, _today())
    return render(request, "plan/my_tasks.html", ctx)


@login_required
def task_list(request):
    access.require(request.user, "plan.view")
    version = _version_or_none(request)
    if version is None:
        return _no_plan(request)
    flt = selectors.TaskFilter.from_query(request.GET)
    page = paginate(request, selectors.task_list(request.user, flt, version, _today()))
    ctx = {"page": page, "flt": flt, "version": version, "versions": selectors.versions(request.user),
           "units": access.units_for(request.user).filter(municipality=version.municipality),
           "items": version.items.filter(is_retired=False).exclude(rule=None).order_by("sort_key"),
           "today": _today()}
    template = "plan/task_list_table.html" if request.htmx else "plan/task_list.html"
    return render(request, template, ctx)


@login_required
def task_export(request):
    access.require(request.user, "plan.view")
    version = _version_or_none(request)
    if version is None:
        raise Http404("План не найден")
    flt = selectors.TaskFilter.from_query(request.GET)
    return xlsx_response(exports.task_list_report(selectors.task_list(request.user, flt, version, _today()),
                                                  _today()))


def _may_work(user, task) -> bool:
    return access.has_perm(user, "plan.task.work") and (access.is_task_owner(user, task) or user.role == "admin")


@login_required
def task_detail(request, pk: int):
    task = access.task_for_view(request.user, pk)
    link = artifact_link(task.item.artifact, request.user)
    close_form = TaskCloseForm(initial={"evidence_url": link[1] if link else "", "version_no": task.version_no})
    ctx = {"task": task, "artifact": link, "close_form": close_form, "reopen_form": TaskReopenForm(),
           "may_work": _may_work(request.user, task), "history": audit.history_for(task)[:30], "today": _today()}
    return render(request, "plan/task_detail.html", ctx)


def _require_work(request, pk):
    task = access.task_for_view(request.user, pk, perm="plan.task.work")
    if not _may_work(request.user, task):
        raise PermissionDenied("Отметить выполнение может ответственный за задачу.")
    return task


@login_required
@require_POST
def task_start(request, pk: int):
    task = _require_work(request, pk)
    return editing.act(request, lambda: services.task_start(actor=request.user, task=task),
                       success="Задача отмечена как выполняемая.", redirect_to=reverse("plan:task_detail", args=[pk]))


def _task_page(request, task, *, close_form=None, reopen_form=None):
    """The task's card shown again with the form that was not accepted (only those who work on it post here)."""
    def page(status):
        ctx = {"task": task, "artifact": artifact_link(task.item.artifact, request.user),
               "close_form": close_form or TaskCloseForm(), "reopen_form": reopen_form or TaskReopenForm(),
               "may_work": True, "history": audit.history_for(task)[:30], "today": _today()}
        return render(request, "plan/task_detail.html", ctx, status=status)
    return page


@login_required
@require_POST
def task_close(request, pk: int):
    task = _require_work(request, pk)
    form = TaskCloseForm(request.POST, request.FILES)
    return editing.submit(
        request, form, lambda: services.task_close(
            actor=request.user, task=task, note=form.cleaned_data["note"],
            evidence_url=form.cleaned_data["evidence_url"], evidence_file=form.cleaned_data.get("evidence_file"),
            expected_version=form.cleaned_data.get("version_no")),
        success="Задача закрыта. Спасибо!", redirect_to=reverse("plan:task_detail", args=[pk]),
        page=_task_page(request, task, close_form=form))


@login_required
@require_POST
def task_reopen(request, pk: int):
    task = _require_work(request, pk)
    form = TaskReopenForm(request.POST)
    return editing.submit(
        request, form, lambda: services.task_reopen(actor=request.user, task=task, reason=form.cleaned_data["reason"]),
        success="Задача возобновлена.", redirect_to=reverse("plan:task_detail", args=[pk]),
        page=_task_page(request, task, reopen_form=form))


@login_required
def task_evidence(request, pk: int):
    """The uploaded evidence file, served only to those who may see the task."""
    task = access.task_for_view(request.user, pk)
    if not task.evidence_file:
        raise Http404("Файл не приложен")
    from django.http import FileResponse

    return FileResponse(task.evidence_file.open("rb"), as_attachment=True,
                        filename=task.evidence_file.name.rsplit("/", 1)[-1])


@login_required
def year_grid(request):
    access.require(request.user, "plan.view")
    version = _version_or_none(request)
    if version is None:
        return _no_plan(request)
    rows = selectors.year_grid(request.user, version, _today())
    return render(request, "plan/year_grid.html", {"version": version, "rows": rows, "months": selectors.MONTHS,
                                                   "versions": selectors.versions(request.user),
                                                   "today": _today()})


@login_required
def month_calendar(request):
    access.require(request.user, "plan.view")
    today = _today()
    year = year_param(request.GET.get("year")) or today.year
    month = int_param(request.GET.get("month"), high=12) or today.month
    weeks = selectors.month_calendar(request.user, year, month, today)
    prev = datetime.date(year, month, 1) - datetime.timedelta(days=1)
    nxt = datetime.date(year, month, 28) + datetime.timedelta(days=5)
    return render(request, "plan/calendar.html", {
        "weeks": weeks, "year": year, "month": month, "month_name": selectors.MONTHS[month - 1],
        "prev": prev, "next": nxt, "today": today,
        "weekdays": ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]})


@login_required
def dashboard(request):
    access.require(request.user, "plan.dashboard")
    version = _version_or_none(request)
    if version is None:
        return _no_plan(request)
    data = selectors.execution_dashboard(request.user, version, _today())
    chart = {"labels": [u.short_name for u, _ in data["units"]],
             "on_time": [c["done_on_time"] for _, c in data["units"]],
             "late": [c["done_late"] for _, c in data["units"]],
             "overdue": [c["overdue"] for _, c in data["units"]],
             "open": [c["open"] for _, c in data["units"]],
             "totals": data["totals"]}
    orgs_page = paginate(request, data["organisations"], per_page=30)
    return render(request, "plan/dashboard.html", {"version": version, "data": data, "chart": chart,
                                                   "orgs_page": orgs_page, "page": orgs_page,
                                                   "versions": selectors.versions(request.user),
                                                   "today": _today()})


@login_required
def export(request, kind: str, fmt: str):
    """The year plan or the execution report, as Excel or PDF."""
    if kind not in ("plan", "execution") or fmt not in ("xlsx", "pdf"):
        raise Http404("Отчёт не найден")
    access.require(request.user, "plan.view" if kind == "plan" else "plan.dashboard")
    version = _version_or_none(request)
    if version is None:
        raise Http404("План не найден")
    if kind == "plan":
        report = exports.year_plan_report(version)
    else:
        report = exports.execution_report(request.user, version, _today())
    audit.record(actor=request.user, action=f"plan.{kind}.exported", instance=version,
                 changes={"format": [None, fmt]})
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)


@login_required
def calendar_feed_settings(request):
    """The user's personal iCalendar address; POST issues a new one (the old stops working)."""
    access.require(request.user, "plan.view")
    feed, _ = CalendarFeed.objects.get_or_create(user=request.user)
    if request.method == "POST":
        feed.delete()
        feed = CalendarFeed.objects.create(user=request.user)
        audit.record(actor=request.user, action="plan.calendar_feed.renewed", instance=feed)
        messages.success(request, "Выдан новый адрес календаря; прежний больше не действует.")
        return redirect("plan:calendar_feed")
    url = request.build_absolute_uri(f"/plan/ical/{feed.token}.ics")
    return render(request, "plan/calendar_feed.html", {"url": url})


def ical_feed(request, token: str):
    """The feed itself: no login (calendar programs cannot log in), the secret token is the key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404("Календарь не найден")
    today = _today()
    tasks = (selectors.my_tasks_queryset(feed.user)
             .filter(due_on__gte=today - datetime.timedelta(days=90), due_on__lte=today + datetime.timedelta(days=400))
             .select_related("item", "unit", "organisation")[:2000])
    body = ical.build_feed(tasks, host=request.get_host(), name=f"Ориентир — {feed.user.get_short_name()}")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- Plan editing (administrator) -------------------------------------------------------------------

@login_required
def plan_items(request):
    access.require(request.user, "plan.view")
    version = _version_or_none(request)
    if version is None:
        return _no_plan(request)
    items = version.items.prefetch_related("units").order_by("sort_key")
    return render(request, "plan/plan_items.html", {"version": version, "items": items,
                                                    "versions": selectors.versions(request.user),
                                                    "can_edit": access.has_perm(request.user, "plan.edit")})


@login_required
def versions(request):
    access.require(request.user, "plan.edit")
    form = VersionCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data["municipality"]
        try:
            version = services.version_create(actor=request.user, municipality=municipality,
                                              year=form.cleaned_data["year"], based_on=form.cleaned_data["based_on"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            return _generate(request, version, lambda summary: f"План на {version.year} год создан, задач "
                                                               f"сформировано: {summary['added']}.")
    status = 422 if request.method == "POST" else 200
    return render(request, "plan/versions.html", {"form": form, "versions": selectors.versions(request.user)},
                  status=status)


@login_required
@require_POST
def version_generate(request, pk: int):
    access.require(request.user, "plan.edit")
    version = get_object_or_404(access.plan_versions_for(request.user), pk=pk)
    return _generate(request, version, services.tasks_generated_message)


def _generate(request, version, message):
    """The year's tasks made in the request, or by a task worker for a municipality of more than JOBS_PLAN_THRESHOLD
    organisations (decision 66): the page answers at once with «Мои задания»."""
    size = selectors.organisations_to_plan(version)
    if size > settings.JOBS_PLAN_THRESHOLD:
        services.tasks_generate_later(actor=request.user, version=version)
        return to_jobs(request, f"Задачи плана на {version.year} год ({version.municipality}, организаций: {size}) "
                                "формируются в фоне: ход и итог — на этой странице.")
    summary = services.tasks_generate(actor=request.user, version=version)
    messages.success(request, message(summary))
    return redirect(f"/plan/items/?year={version.year}")


def _item_for_edit(request, pk):
    access.require(request.user, "plan.edit")
    item = PlanItem.objects.filter(pk=pk, version__in=access.plan_versions_for(request.user)).select_related(
        "version").first()
    if item is None:
        raise Http404("Пункт плана не найден")
    return item


@login_required
def item_edit(request, pk: int | None = None, version_pk: int | None = None):
    if pk:
        item = _item_for_edit(request, pk)
        version = item.version
    else:
        access.require(request.user, "plan.edit")
        version = get_object_or_404(access.plan_versions_for(request.user), pk=version_pk)
        item = PlanItem(version=version)
    form = PlanItemForm(request.POST or None, instance=item, version=version, user=request.user)
    return editing.submit(
        request, form, lambda: services.item_save(actor=request.user, item=item, data=form.domain_data(),
                                                  units=list(form.cleaned_data["units"])),
        success=lambda _: (f"Пункт {item.number} сохранён. Чтобы изменения попали в задачи, "
                           "нажмите «Обновить задачи по плану»."),
        redirect_to=lambda _: f"/plan/items/?year={version.year}#item-{item.pk}",
        page="plan/item_form.html", context={"item": item if pk else None, "version": version,
                                             "history": audit.history_for(item)[:20] if pk else []})


@login_required
@require_POST
def item_retire(request, pk: int):
    item = _item_for_edit(request, pk)
    retired = request.POST.get("retired") == "1"
    services.item_set_retired(actor=request.user, item=item, retired=retired)
    messages.success(request, f"Пункт {item.number} {'исключён из плана' if retired else 'возвращён в план'}.")
    return redirect(f"/plan/items/?year={item.version.year}#item-{item.pk}")


@login_required
def plan_check(request):
    access.require(request.user, "plan.edit")
    version = _version_or_none(request)
    if version is None:
        return _no_plan(request)
    issues = selectors.plan_check(version)
    return render(request, "plan/plan_check.html", {"version": version, "issues": issues,
                                                    "versions": selectors.versions(request.user)})


