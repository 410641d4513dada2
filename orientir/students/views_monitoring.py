"""Registers and reports across students: admission monitoring (2.10), support plans and log (3.1.1, 3.1.2),
placements (3.1.3), the payments ledger and the accounting export (3.1.4), employment monitoring (3.3) and the
deadline control page. Aggregated reports (numbers only) are open to students.report, observers included; exports
with citizens' names need the export permission (contracts.export) and are logged."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from orientir.accounts import access
from orientir.core import audit
from orientir.core.listing import exported
from orientir.core.errors import DomainError
from orientir.core.tables import Column, Report, iter_rows, pdf_response, xlsx_response
from orientir.core.views import paginate
from orientir.plan.selectors import item_date

from . import selectors, services
from .forms import AdmissionBulkForm
from .models import ActivityKind, AdmissionStatus, PlacementState
from orientir.core.params import year_param

VIEW, SUPPORT, PAYMENTS, REPORT, EXPORT = (selectors.VIEW, selectors.SUPPORT, selectors.PAYMENTS, selectors.REPORT,
                                          selectors.EXPORT)


def _require_named_export(user) -> None:
    """An export with citizens' names: students.view for the scope and the export permission."""
    access.require(user, VIEW)
    access.require(user, EXPORT)


def _render_report(report: Report, fmt: str):
    if fmt == "pdf":
        return pdf_response(report)
    if fmt == "xlsx":
        return xlsx_response(report)
    raise Http404("Нет такого формата")


def _as_of(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def _year(request, default=None):
    raw = request.GET.get("year", "")
    if raw == "all":
        return None
    year = year_param(raw)
    return default if year is None else year


# --- Admission monitoring (2.10) -------------------------------------------------------------------

@login_required
def admission(request):
    access.require(request.user, VIEW)
    week = selectors.parse_week(request.GET.get("week"))
    q = request.GET.get("q", "").strip()
    stale_only = request.GET.get("stale") == "1"
    rows = selectors.admission_week(request.user, week, q=q)
    counts = selectors.admission_counts(rows)
    if stale_only:
        rows = [r for r in rows if r.stale]
    ctx = {"week": week, "week_end": week + datetime.timedelta(days=6), "iso": selectors.iso_week(week),
           "prev": selectors.iso_week(week - datetime.timedelta(days=7)),
           "next": selectors.iso_week(week + datetime.timedelta(days=7)), "page": paginate(request, rows, 100),
           "counts": counts, "q": q, "stale_only": stale_only, "can_edit": access.has_perm(request.user, SUPPORT),
           "can_report": access.has_perm(request.user, REPORT), "can_export": access.has_perm(request.user, EXPORT)}
    return render(request, "students/admission.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def admission_edit(request):
    access.require(request.user, SUPPORT)
    week = selectors.parse_week(request.GET.get("week") or request.POST.get("week"))
    rows = selectors.admission_week(request.user, week)
    form = AdmissionBulkForm(request.POST or None, rows=rows, week=week)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not form.errors:
            try:
                records = services.admission_bulk(actor=request.user, rows=changes)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Статусы поступления внесены: {len(records)}.")
                elsewhere = [r for r in records if r.week != week]
                if elsewhere:
                    messages.info(request, "По дате статуса внесены в другую неделю: " + "; ".join(
                        f"{r.contract.citizen_name} — неделя {r.week:%d.%m.%Y} – "
                        f"{r.week + datetime.timedelta(days=6):%d.%m.%Y}" for r in elsewhere) + ".")
                return redirect(reverse("students:admission") + f"?week={selectors.iso_week(week)}")
    status = 422 if request.method == "POST" else 200
    return render(request, "students/admission_edit.html",
                  {"form": form, "week": week, "iso": selectors.iso_week(week),
                   "week_end": week + datetime.timedelta(days=6)}, status=status)


@login_required
def admission_report(request, fmt: str):
    """The weekly report with names: every contracted graduate and this week's status."""
    _require_named_export(request.user)
    week = selectors.parse_week(request.GET.get("week"))
    rows = selectors.admission_week(request.user, week)
    counts = selectors.admission_counts(rows)
    report = Report(
        title="Мониторинг подачи заявлений и поступления выпускников, заключивших договоры о целевом обучении",
        subtitle=f"Неделя {week:%d.%m.%Y} – {week + datetime.timedelta(days=6):%d.%m.%Y}; "
                 f"выпускников: {counts['total']}, не обновлено на этой неделе: {counts['stale']}",
        filename=f"admission-{selectors.iso_week(week)}",
        columns=[Column("№", 5, "number"), Column("Номер договора", 14), Column("ФИО", 32), Column("Заказчик", 28),
                 Column("Образовательная организация", 34), Column("Специальность", 34), Column("Статус", 24),
                 Column("Дата", 12, "date"), Column("Обновлено на неделе", 12)],
        rows=[(i, r.contract.number, r.contract.citizen_name, r.contract.customer_name,
               (r.record or r.last).education_organisation if (r.record or r.last) else "",
               str((r.record.specialty if r.record and r.record.specialty else r.contract.specialty)),
               r.record.get_status_display() if r.record else
               (f"не обновлено (ранее: {r.last.get_status_display().lower()})" if r.last else "нет сведений"),
               r.record.on if r.record else None, not r.stale) for i, r in enumerate(rows, start=1)],
        notes=[f"{label}: {n}" for label, n in counts["by_status"]] + [f"Не обновлено: {counts['stale']}"])
    audit.record(actor=request.user, action="students.admission.exported", object_repr=report.title,
                 changes={"Неделя": [None, f"{week:%d.%m.%Y}"], "Формат": [None, fmt]})
    return _render_report(report, fmt)


@login_required
def admission_summary(request, fmt: str):
    """Numbers only: per education organisation, how many graduates are in each status this week."""
    access.require(request.user, REPORT)
    week = selectors.parse_week(request.GET.get("week"))
    rows = selectors.admission_summary(request.user, week)
    total = ("Итого", *[sum(r[i] for r in rows) for i in range(1, len(AdmissionStatus.choices) + 3)])
    report = Report(
        title="Поступление выпускников по договорам о целевом обучении: сводные данные",
        subtitle=f"Неделя {week:%d.%m.%Y} – {week + datetime.timedelta(days=6):%d.%m.%Y}",
        filename=f"admission-summary-{selectors.iso_week(week)}",
        columns=[Column("Образовательная организация", 40), Column("Всего", 8, "number"),
                 *[Column(label, 14, "number") for _, label in AdmissionStatus.choices],
                 Column("Не обновлено", 12, "number")],
        rows=rows + [total])
    return _render_report(report, fmt)


# --- Support plans (3.1.1) and the support log (3.1.2) ----------------------------------------------

@login_required
def plans(request):
    access.require(request.user, VIEW)
    year = _year(request, selectors.current_year()) or selectors.current_year()
    q = request.GET.get("q", "").strip()
    qs = selectors.plan_status(request.user, year, q)
    due = item_date(request.user.municipality_id, year, "3.1.1", "10-01")
    missing = qs.filter(n_planned=0).count()
    return render(request, "students/plans.html",
                  {"page": paginate(request, qs, 50), "year": year, "q": q, "due": due, "missing": missing,
                   "years": range(selectors.current_year() - 2, selectors.current_year() + 2),
                   "can_export": access.has_perm(request.user, EXPORT)})


@login_required
def plans_export(request):
    _require_named_export(request.user)
    year = _year(request, selectors.current_year()) or selectors.current_year()
    qs = selectors.plan_status(request.user, year, request.GET.get("q", "").strip())
    report = Report(title=f"Индивидуальные планы сопровождения студентов на {year}/{year + 1} учебный год",
                    filename="support-plans",
                    columns=[Column("Номер договора", 14), Column("ФИО", 32), Column("Заказчик", 30),
                             Column("Мероприятий в плане", 12, "number"), Column("Выполнено", 12, "number"),
                             Column("План разработан", 12)],
                    rows=iter_rows(qs, lambda c: (c.number, c.citizen_name, c.customer_name, c.n_planned, c.n_done,
                                                  c.n_planned > 0)))
    return exported(request, report, "students.plans.exported")


@login_required
def support_log(request):
    access.require(request.user, VIEW)
    flt = selectors.LogFilter.from_query(request.GET, selectors.current_year())
    qs = selectors.support_log(request.user, flt)
    return render(request, "students/support_log.html",
                  {"page": paginate(request, qs, 50), "flt": flt, "kinds": ActivityKind.choices,
                   "years": range(selectors.current_year() - 2, selectors.current_year() + 2),
                   "can_export": access.has_perm(request.user, EXPORT)})


def _fulfils(value) -> str:
    return "" if value is None else ("исполняет" if value else "не исполняет")


@login_required
def support_log_export(request):
    _require_named_export(request.user)
    flt = selectors.LogFilter.from_query(request.GET, selectors.current_year())
    qs = selectors.support_log(request.user, flt)
    report = Report(title="Журнал сопровождения студентов, обучающихся по договорам о целевом обучении",
                    filename="support-log",
                    columns=[Column("Дата", 12, "date"), Column("Номер договора", 14), Column("ФИО", 32),
                             Column("Вид", 26), Column("Содержание", 40), Column("По плану", 8),
                             Column("Ответственный", 24), Column("Результат", 40), Column("Гражданин", 14),
                             Column("Заказчик", 14)],
                    rows=iter_rows(qs, lambda a: (a.done_on, a.contract.number, a.contract.citizen_name,
                                                  a.get_kind_display(), a.title, a.in_plan, a.responsible, a.result,
                                                  _fulfils(a.citizen_fulfils), _fulfils(a.customer_fulfils))))
    return exported(request, report, "students.support_log.exported")


# --- Placements (3.1.3) ----------------------------------------------------------------------------

@login_required
def placement_list(request):
    access.require(request.user, VIEW)
    state, q = request.GET.get("state", ""), request.GET.get("q", "").strip()
    qs = selectors.placement_list(request.user, state, q)
    return render(request, "students/placement_list.html",
                  {"page": paginate(request, qs, 50), "state": state, "q": q, "states": PlacementState.choices,
                   "can_export": access.has_perm(request.user, EXPORT)})


@login_required
def placement_export(request):
    _require_named_export(request.user)
    qs = selectors.placement_list(request.user, request.GET.get("state", ""), request.GET.get("q", "").strip())
    report = Report(title="Практика студентов в организациях — заказчиках целевого обучения", filename="placements",
                    columns=[Column("Номер договора", 14), Column("ФИО", 32), Column("Вид практики", 22),
                             Column("Место практики", 32), Column("Руководитель", 24), Column("Начало", 12, "date"),
                             Column("Окончание", 12, "date"), Column("Состояние", 14), Column("Оценка", 12),
                             Column("Причина отмены", 24)],
                    rows=iter_rows(qs, lambda p: (p.contract.number, p.contract.citizen_name,
                                                  p.get_practice_kind_display(), p.organisation.short_name,
                                                  p.supervisor, p.starts_on, p.ends_on, p.get_state_display(),
                                                  p.grade, p.cancel_reason)))
    return exported(request, report, "students.placements.exported")


# --- Payments (3.1.4) ------------------------------------------------------------------------------

@login_required
def payments(request):
    access.require(request.user, PAYMENTS)
    year = _year(request, timezone.localdate().year)
    q = request.GET.get("q", "").strip()
    today = timezone.localdate()
    qs = selectors.payment_contracts(request.user, year, q, today)
    by_customer = selectors.payment_totals_by_customer(request.user, year, today)
    totals = tuple(sum((r[i] for r in by_customer), selectors.ZERO) for i in (1, 2, 3))
    this = today.year
    return render(request, "students/payments.html",
                  {"page": paginate(request, qs, 50), "year": year, "q": q, "by_customer": by_customer,
                   "totals": totals, "years": range(this - 5, this + 2), "today": today,
                   "due_through": selectors.last_due_month(today)})


@login_required
def payment_export(request):
    """The export for accounting: one row per payment."""
    access.require(request.user, PAYMENTS)
    year = _year(request, timezone.localdate().year)
    qs = selectors.accounting_payments(request.user, year)
    report = Report(
        title="Выплаты мер поддержки гражданам по договорам о целевом обучении",
        subtitle=f"{year} год" if year else "За всё время", filename="support-payments",
        columns=[Column("Дата выплаты", 12, "date"), Column("Номер договора", 14), Column("Гражданин", 32),
                 Column("Заказчик", 30), Column("ИНН заказчика", 13), Column("За месяц", 10),
                 Column("Сумма, ₽", 14, "money"), Column("Платёжный документ", 18)],
        rows=iter_rows(qs, lambda p: (p.paid_on, p.contract.number, p.contract.citizen_name,
                                      p.contract.customer_name,
                                      p.contract.customer.inn if p.contract.customer_id else "",
                                      f"{p.month:%m.%Y}", p.amount, p.document)))
    audit.record(actor=request.user, action="students.payments.exported", object_repr=report.title,
                 changes={"Год": [None, str(year or "все")]})
    return xlsx_response(report)


# --- Employment (3.3) ------------------------------------------------------------------------------

def _monitoring_report(user, as_of, by) -> Report:
    rows, total = selectors.employment_monitoring(user, as_of, by)
    return Report(
        title="Мониторинг трудоустройства выпускников, обучавшихся по договорам о целевом обучении",
        subtitle=f"По состоянию на {as_of:%d.%m.%Y}; группировка: {selectors.MONITORING_GROUPS[by].lower()}",
        filename=f"employment-monitoring-{by}",
        columns=[Column(selectors.MONITORING_GROUPS[by], 40),
                 *[Column(t, 13, "number") for t in selectors.MONITORING_COLUMNS]],
        rows=rows + [total])


def _by(request) -> str:
    by = request.GET.get("by", "organisation")
    return by if by in selectors.MONITORING_GROUPS else "organisation"


@login_required
def employment(request):
    access.require(request.user, REPORT)
    as_of, by = _as_of(request), _by(request)
    rows, total = selectors.employment_monitoring(request.user, as_of, by)
    ctx = {"rows": rows, "total": total, "as_of": as_of, "by": by, "groups": selectors.MONITORING_GROUPS,
           "columns": selectors.MONITORING_COLUMNS}
    if access.has_perm(request.user, VIEW):
        q = request.GET.get("q", "").strip()
        page = paginate(request, selectors.employment_people(request.user, q), 50)
        ctx.update(q=q, show_people=True, page=page, people=selectors.facts_of(page.object_list, as_of))
    return render(request, "students/employment.html", ctx)


@login_required
def employment_report(request, fmt: str):
    access.require(request.user, REPORT)
    report = _monitoring_report(request.user, _as_of(request), _by(request))
    return _render_report(report, fmt)


# --- Deadlines -------------------------------------------------------------------------------------

@login_required
def alerts(request):
    access.require(request.user, VIEW)
    items = selectors.deadlines(request.user)
    kinds = sorted({a.kind for a in items})
    kind = request.GET.get("kind", "")
    shown = [a for a in items if a.kind == kind] if kind else items
    return render(request, "students/alerts.html",
                  {"page": paginate(request, shown, 50), "kinds": kinds, "kind": kind, "total": len(items),
                   "overdue": sum(1 for a in items if a.level == "danger")})
