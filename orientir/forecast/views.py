"""The forecast page with scenario levers, frozen forecasts and submissions, the backtest."""

import json
import math

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.accounts.roles import Sector
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.tables import pdf_response, xlsx_response
from orientir.core import editing
from orientir.directory.forms import BootstrapMixin, DateInput

from orientir.jobs.pages import number, to_jobs

from . import engine, job_kinds, reports, services, trust
from .histories import years_available
from .models import ForecastSnapshot, ReportSubmission
from .pipeline import contract_pipeline
from orientir.core.params import int_param

LEVEL_LABELS = {"higher": "ВО", "vocational": "СПО"}


class LeversForm(forms.Form):
    """Scenario levers; every field has a default, so a bare GET shows the baseline forecast."""

    base_year = forms.TypedChoiceField(label="По данным за год", coerce=int, required=False)
    horizon = forms.IntegerField(label="Горизонт, лет", min_value=1, max_value=5, initial=5, required=False)
    leaving = forms.IntegerField(label="Выбытие, % от оценки", min_value=0, max_value=300, initial=100,
                                 required=False)
    growth = forms.DecimalField(label="Рост числа ставок, % в год", min_value=-20, max_value=20, initial=0,
                                decimal_places=1, required=False)
    completion = forms.IntegerField(label="Завершают обучение, %", min_value=1, max_value=100, required=False)
    employment = forms.IntegerField(label="Трудоустраиваются по договору, %", min_value=1, max_value=100,
                                    required=False)
    sector = forms.ChoiceField(label="Отрасль", required=False, choices=[("", "Все отрасли")] + list(Sector.choices),
                               widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_year"].choices = [(y, str(y)) for y in reversed(years)]

    def levers(self) -> engine.Levers:
        d = self.cleaned_data
        return engine.Levers(
            leaving_multiplier=(d.get("leaving") if d.get("leaving") is not None else 100) / 100,
            growth_rate=float(d.get("growth") or 0) / 100,
            completion_rate=d["completion"] / 100 if d.get("completion") else None,
            employment_rate=d["employment"] / 100 if d.get("employment") else None,
        )


class SubmissionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="Отчёт", choices=ReportSubmission.Kind.choices)
    recipient = forms.CharField(label="Куда направлен", max_length=300,
                                initial="Департамент образования и науки Костромской области")
    submitted_on = forms.DateField(label="Дата направления", widget=DateInput())
    outgoing_number = forms.CharField(label="Исходящий номер", max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = timezone.localdate()
        self._style()


def _municipality(request):
    """The user's municipality; a regional user chooses one (`municipality` in the query or the form)."""
    return _municipality_of(request.user, request.GET.get("municipality") or request.POST.get("municipality") or "")


def _municipality_of(user, wanted: str):
    choices = access.municipalities_for(user).order_by("name")
    mun = choices.filter(pk=int_param(wanted)).first() if int_param(wanted) else choices.first()
    if mun is None:
        raise Http404("Муниципальное образование не найдено")
    return mun


def _forced_sector(user) -> str:
    """The sector a user's scope limits the forecast to ("" for municipality-wide roles)."""
    from orientir.accounts.roles import EDUCATION_WIDE, SECTOR_WIDE

    if user.role in SECTOR_WIDE:
        return user.sector or "-"
    if user.role in EDUCATION_WIDE:
        return "education"
    return ""


def _summary(result: engine.ForecastResult, records: dict | None = None) -> dict:
    """Chart data and table rows of a forecast for the page; each contract number with its band (contracts for
    the P10 and P90 gaps) and its past record (`trust.records` of the backtest)."""
    years = result.years.tolist()
    chart = {"years": years,
             "p10": result.shortage_total[:, 0].round(1).tolist(),
             "p50": result.shortage_total[:, 1].round(1).tolist(),
             "p90": result.shortage_total[:, 2].round(1).tolist(),
             "sectors": {dict(Sector.choices).get(s, s): v[:, 1].round(1).tolist()
                         for s, v in result.shortage_by_sector.items()}}
    rows = []
    for i, (sector, position, level) in enumerate(result.keys):
        contracts = []
        for j, length in enumerate(result.study_lengths):
            value = result.contracts_needed[i, j]
            if value != value:
                continue
            low, high = result.contracts_needed_p10[i, j], result.contracts_needed_p90[i, j]
            contracts.append({"length": length, "n": int(value), "low": int(low), "high": int(high),
                              "record": trust.record(records or {}, sector, length,
                                                     None if result.returns is None else int(result.returns[i]))})
        rows.append({
            "sector": dict(Sector.choices).get(sector, sector), "position": position, "level": LEVEL_LABELS[level],
            "base_vacancies": round(float(result.base_vacancies[i]), 1),
            "gaps": [round(float(max(g, 0)), 1) for g in result.gap_p50[i]],
            "p90_last": round(float(max(result.gap_p90[i, -1], 0)), 1),
            "contracts": contracts,
        })
    rows.sort(key=lambda r: -r["gaps"][-1])
    import math

    # Summed per level and study length before rounding (rounding each cell up would overstate the total).
    total_contracts = {}
    for level in ("vocational", "higher"):
        rows_of_level = [i for i, key in enumerate(result.keys) if key[2] == level]
        for j, length in enumerate(result.study_lengths):
            values = [result.contracts_exact[i, j] for i in rows_of_level if result.contracts_exact[i, j] == result.contracts_exact[i, j]]
            if values:
                total_contracts[f"{LEVEL_LABELS[level]}, {length} г."] = math.ceil(sum(values) - 1e-9)
    return {"chart": json.dumps(chart, ensure_ascii=False), "rows": rows, "years": years,
            "total_contracts": total_contracts}


@login_required
def forecast_page(request):
    access.require(request.user, "forecast.view")
    mun = _municipality(request)
    years = years_available(mun.pk)
    choices = access.municipalities_for(request.user).order_by("name")
    municipalities = choices if choices.count() > 1 else None
    if not years:
        return render(request, "forecast/no_data.html", {"municipality": mun, "municipalities": municipalities})
    default_year = services.default_base_year(mun.pk)
    defaults, conversion = services.conversion_defaults(mun.pk)
    # The sliders start at the rates the contract history gives (or the defaults when it is too thin).
    form = LeversForm(request.GET or None, years=years,
                      initial={"base_year": default_year, "horizon": 5, "leaving": 100, "growth": 0,
                               "completion": round(defaults.completion_rate * 100),
                               "employment": round(defaults.employment_rate * 100)})
    ctx = {"form": form, "can_manage": access.has_perm(request.user, "forecast.manage"), "municipality": mun,
           "municipalities": municipalities,
           "defaults": defaults, "conversion": conversion,
           "pipeline_students": contract_pipeline(mun.pk, _forced_sector(request.user))[1]}
    if request.GET and not form.is_valid():
        ctx["error"] = "Проверьте параметры сценария: " + "; ".join(
            f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
    else:
        data = dict(form.cleaned_data) if request.GET else {}
        forced = _forced_sector(request.user)
        if forced:
            data["sector"] = forced  # a directorate sees its own sector's figures only
        base_year = data.get("base_year") or default_year
        horizon = data.get("horizon") or 5
        past = services.past_record(mun.pk)  # its calibration sets the bands, its coverage the trust sentences
        try:
            levers = form.levers() if request.GET else engine.Levers()
            result = services.run(municipality_id=mun.pk, base_year=base_year, horizon=horizon, levers=levers,
                                  sector=data.get("sector", ""), defaults=defaults, past=past)
        except (DomainError, ValueError) as exc:
            ctx["error"] = getattr(exc, "message", str(exc))
        else:
            ctx.update(_summary(result, trust.records(past)), result=result, base_year=base_year, horizon=horizon,
                       levers=levers)
    template = "forecast/forecast_results.html" if request.htmx else "forecast/forecast.html"
    return render(request, template, ctx)


@login_required
@require_POST
def snapshot_create(request):
    access.require(request.user, "forecast.manage")
    mun = _municipality(request)
    years = years_available(mun.pk)
    form = LeversForm(request.POST, years=years)
    if not form.is_valid():
        messages.error(request, "Проверьте параметры сценария.")
        return redirect("forecast:index")
    scenario = {"base_year": form.cleaned_data.get("base_year") or services.default_base_year(mun.pk),
                "horizon": form.cleaned_data.get("horizon") or 5, "levers": form.levers(),
                "sector": form.cleaned_data.get("sector", ""), "note": request.POST.get("note", "")[:500]}
    size = job_kinds.is_big(mun.pk)
    if size:  # a long history: frozen by a task worker (decision 70)
        job_kinds.freeze_later(actor=request.user, municipality=mun, **scenario)
        return to_jobs(request, f"Прогноз ({mun}, строк сведений мониторинга: {number(size)}) фиксируется в фоне: "
                                "ход и итог — на этой странице.")
    try:
        snapshot = services.snapshot_create(actor=request.user, municipality=mun, **scenario)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("forecast:index")
    messages.success(request, job_kinds.FROZEN)
    if request.htmx:
        return HttpResponseClientRedirect(reverse("forecast:snapshot_detail", args=[snapshot.pk]))
    return redirect("forecast:snapshot_detail", pk=snapshot.pk)


def _snapshots(request):
    return ForecastSnapshot.objects.filter(municipality__in=access.municipalities_for(request.user))


@login_required
def snapshots(request):
    access.require(request.user, "forecast.view")
    items = _snapshots(request).select_related("created_by").prefetch_related("submissions")[:50]
    return render(request, "forecast/snapshots.html", {"snapshots": items})


@login_required
def snapshot_detail(request, pk: int):
    access.require(request.user, "forecast.view")
    snapshot = _snapshots(request).filter(pk=pk).first()
    if snapshot is None:
        raise Http404("Прогноз не найден")
    form = SubmissionForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, "forecast.manage")
    return editing.submit(
        request, form, lambda: services.submission_record(actor=request.user, snapshot=snapshot, **form.cleaned_data),
        success="Направление отчёта записано; файл сохранён в том виде, как отправлен.",
        redirect_to=reverse("forecast:snapshot_detail", args=[pk]), page="forecast/snapshot_detail.html",
        context={"snapshot": snapshot, "submissions": snapshot.submissions.all(),
                 "can_manage": access.has_perm(request.user, "forecast.manage"),
                 "contract_totals": _contract_totals(snapshot)})


def _contract_totals(snapshot) -> list:
    """Contracts needed by level and length of study; summed before rounding, as on the forecast page: rounding
    each position up would overstate the total."""
    exact: dict = {}
    for r in snapshot.contract_rows:
        value = r.get("contracts_exact", r["contracts_needed"])
        if value is not None:
            key = (LEVEL_LABELS[r["level"]], r["study_length"])
            exact[key] = exact.get(key, 0) + value
    return sorted({key: math.ceil(v - 1e-9) for key, v in exact.items() if v > 0}.items())


@login_required
def snapshot_report(request, pk: int, kind: str, fmt: str):
    access.require(request.user, "forecast.view")
    snapshot = _snapshots(request).filter(pk=pk).first()
    if snapshot is None or kind not in ("forecast", "contracts") or fmt not in ("xlsx", "pdf"):
        raise Http404("Отчёт не найден")
    report = reports.forecast_report(snapshot) if kind == "forecast" else reports.contracts_report(snapshot)
    audit.record(actor=request.user, action=f"forecast.{kind}.exported", instance=snapshot,
                 changes={"format": [None, fmt]})
    if fmt == "pdf":  # the rows are a generator: their number is the snapshot's (a long PDF is laid out in a job)
        return pdf_response(report, total=len(snapshot.rows if kind == "forecast" else snapshot.contract_rows))
    return xlsx_response(report)


@login_required
def submission_file(request, pk: int):
    access.require(request.user, "forecast.view")
    submission = ReportSubmission.objects.filter(pk=pk, snapshot__in=_snapshots(request)).first()
    if submission is None:
        raise Http404("Файл не найден")
    return FileResponse(submission.file.open("rb"), as_attachment=True,
                        filename=submission.file.name.rsplit("/", 1)[-1])


@login_required
def backtest_page(request):
    access.require(request.user, "forecast.view")
    mun = _municipality(request)
    choices = access.municipalities_for(request.user).order_by("name")
    ctx = {"municipality": mun, "municipalities": choices if choices.count() > 1 else None,
           "min_history": reports.MIN_HISTORY}
    size = job_kinds.is_big(mun.pk)
    if size:  # a long history: not scored in the request; the export makes the table in a task worker
        return render(request, "forecast/backtest.html", {**ctx, "background": number(size)})
    try:
        result = services.backtest(municipality_id=mun.pk)
    except (DomainError, ValueError) as exc:
        return render(request, "forecast/backtest.html", {**ctx, "error": getattr(exc, "message", str(exc))})
    sectors = dict(Sector.choices)
    positions = sorted(((pos, sectors.get(sec, sec), lead, s) for (sec, pos, lead), s in result.by_position.items()
                        if lead == 1 and s.actual > 0), key=lambda r: -r[3].actual)[:30]
    return render(request, "forecast/backtest.html", {**ctx, "rows": reports.backtest_rows(result),
                                                      "positions": positions,
                                                      "origins": sorted(set(result.origin.tolist()))})


@login_required
def backtest_export(request):
    access.require(request.user, "forecast.view")
    mun = _municipality_of(request.user, request.GET.get("municipality") or "")
    size = job_kinds.is_big(mun.pk)
    if size:  # scored and written by a task worker (decision 70)
        job_kinds.backtest_later(actor=request.user, municipality=mun)
        return to_jobs(request, f"Проверка прогноза на истории ({mun}, строк сведений мониторинга: {number(size)}) "
                                "считается в фоне; файл Excel будет на этой странице.")
    try:
        result = services.backtest(municipality_id=mun.pk)
    except (DomainError, ValueError) as exc:  # nothing to export: the page says why
        return render(request, "forecast/backtest.html", {"municipality": mun, "min_history": reports.MIN_HISTORY,
                                                          "error": getattr(exc, "message", str(exc))})
    audit.record(actor=request.user, action="forecast.backtest.exported", instance=mun,
                 changes={"format": [None, "xlsx"]})
    return xlsx_response(reports.backtest_report(result, mun))
