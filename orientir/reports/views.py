"""Pages of the whole pipeline: the funnel with its drill-down and exports, and the report book."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from orientir.accounts import access
from orientir.accounts.roles import Sector
from orientir.core import audit
from orientir.core.tables import Column, Report, pdf_response, xlsx_response
from orientir.directory.models import Specialty
from orientir.plan import selectors as plan_selectors

from . import funnel as funnel_mod
from . import reportbook
from orientir.core.params import int_param, year_param


def _int(value) -> int | None:
    return int_param(value)


def _filters(request) -> funnel_mod.Filters:
    sector = request.GET.get("sector", "")
    return funnel_mod.Filters(cohort=_int(request.GET.get("cohort")), school_id=_int(request.GET.get("school")),
                              sector=sector if sector in dict(Sector.choices) else "",
                              specialty_id=_int(request.GET.get("specialty")))


def _funnel(request) -> funnel_mod.Funnel:
    access.require(request.user, "reports.view")
    pupils, contracts = access.funnel_scope(request.user)
    return funnel_mod.build(pupils=pupils, contracts=contracts,
                            applications=access.offer_applications_counted_for(request.user),
                            filters=_filters(request), as_of=timezone.localdate())


def _stage_permission(stage: str) -> str:
    """Who may see the names at a stage: the pupils', the applicants' (the committee's) or the contracts'."""
    if stage in funnel_mod.PUPIL_STAGES:
        return "pupils.view"
    return "offers.applications" if stage in funnel_mod.APPLICATION_STAGES else "contracts.view"


def _choices(request, result: funnel_mod.Funnel) -> dict:
    schools = access.organisations_for(request.user).filter(kind="school").order_by("sort_name")
    specialty_ids = {r.specialty_id for r in result.records if r.specialty_id}
    flt = _filters(request)
    if flt.specialty_id:
        specialty_ids.add(flt.specialty_id)
    this_year = funnel_mod.school_year_of(timezone.localdate())
    return {"schools": schools.only("id", "short_name"), "sectors": Sector.choices,
            "specialties": Specialty.objects.filter(pk__in=specialty_ids).order_by("code"),
            "cohorts": list(range(this_year, this_year - 8, -1)), "flt": flt}


@login_required
def funnel(request):
    result = _funnel(request)
    dimension = request.GET.get("dim", "cohort")
    if dimension not in funnel_mod.DIMENSIONS:
        dimension = "cohort"
    dim_title, groups = funnel_mod.breakdown(result, dimension)
    may = {perm: access.has_perm(request.user, perm) for perm in ("pupils.view", "offers.applications",
                                                                  "contracts.view")}
    top = max([r["count"] for r in result.rows] + [1])
    rows = [{**r, "short": funnel_mod.SHORT_LABELS[r["key"]], "pupil_stage": r["key"] in funnel_mod.PUPIL_STAGES,
             "application_stage": r["key"] in funnel_mod.APPLICATION_STAGES,
             "drill": may[_stage_permission(r["key"])],
             # the bar's width is the stage's share of the widest stage, never too thin to hold its number
             "width": max(round(100 * r["count"] / top), 6)} for r in result.rows]
    chart_stages = ["identified", "targeted", "signed", "employed"]
    chart = {"labels": [label for label, _ in groups][:30],
             "datasets": [{"label": funnel_mod.STAGE_LABELS[key], "data": [c.get(key, 0) for _, c in groups][:30]}
                          for key in chart_stages]}
    query = request.GET.copy()
    query.pop("dim", None)
    return render(request, "reports/funnel.html", {
        "funnel": result, "rows": rows, "breakdown_chart": chart, "dimension": dimension,
        "key_counts": {key: result.count(key) for key in ("signed", "employed", "fulfilled")},
        "employed_rate": result.rate("employed"),
        "dimensions": [(k, v[0]) for k, v in funnel_mod.DIMENSIONS.items()], "dim_title": dim_title,
        "groups": groups, "stage_keys": [key for key, _, _ in funnel_mod.STAGES], "query": query.urlencode(),
        **_choices(request, result)})


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}".replace("%", " %")


@login_required
def funnel_export(request, fmt: str):
    result = _funnel(request)
    flt = _filters(request)
    rows = [(r["item"], r["label"], r["count"], _percent(r["conversion"]), r["lost"],
             "; ".join(f"{reason} — {n}" for reason, n in r["reasons"]) or "—") for r in result.rows]
    notes = [f"По состоянию на {result.as_of:%d.%m.%Y}.",
             "Доля перехода — доля перешедших на этот этап из предыдущего; для «работают через N лет» — из "
             "трудоустроенных не позднее чем N лет назад.",
             "«Подали заявку» и «зачислены по квоте» — люди, а не заявки: подавший заявки на два предложения "
             "считается один раз. Доля для договора — из выполнивших маршрутный лист и зачисленных по квоте "
             "(каждый человек один раз).",
             f"Для сравнения: {result.benchmark['text']}."]
    sources = next(r["sources"] for r in result.rows if r["key"] == "signed")
    if sources:
        notes.insert(2, "Откуда договоры: " + "; ".join(f"{n} — {label}" for _, label, n in sources) + ".")
    if flt.cohort:
        notes.insert(0, f"Учебный год: {flt.cohort}/{flt.cohort + 1}.")
    report = Report(title="Воронка целевого обучения: от обучающегося до закреплённого специалиста",
                    columns=[Column("Пункт плана", 10), Column("Этап", 44), Column("Человек", 10, "number"),
                             Column("Доля перехода", 12), Column("Выбыли на этапе", 12, "number"),
                             Column("Причины выбытия", 60)],
                    rows=rows, filename="voronka", notes=notes)
    audit.record(actor=request.user, action="reports.funnel.exported", object_repr=f"{report.title} ({fmt.upper()})")
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)


@login_required
def funnel_people(request, stage: str):
    """Drill-down: the people at a stage (or who left at it). Names need the personal-data permission."""
    if stage not in funnel_mod.STAGE_LABELS:
        raise Http404("Этап не найден")
    access.require(request.user, _stage_permission(stage))
    result = _funnel(request)
    left = request.GET.get("left") == "1"
    people = funnel_mod.people(result, stage, left=left)
    # Only people the user may open: the aggregate scope is wider than the personal-data scope (tutors…).
    visible_pupils = set(access.pupils_for(request.user).filter(
        pk__in=[p.key[1] for p in people if p.key[0] == "p"]).values_list("pk", flat=True))
    visible_contracts = set(access.contracts_for(request.user).filter(
        pk__in=[p.key[1] for p in people if p.key[0] == "c"]).values_list("pk", flat=True))
    visible_applicants = set(access.offer_applications_for(request.user).filter(
        pk__in=[p.key[1] for p in people if p.key[0] == "a"]).values_list("pk", flat=True))
    visible = {"p": visible_pupils, "c": visible_contracts, "a": visible_applicants}
    people = [p for p in people if p.key[1] in visible[p.key[0]]]
    query = request.GET.copy()
    query.pop("left", None)
    return render(request, "reports/funnel_people.html", {
        "stage": stage, "stage_label": funnel_mod.STAGE_LABELS[stage], "people": people[:1000],
        "total": len(people), "left": left, "query": query.urlencode(), **_choices(request, result)})


@login_required
def report_book(request):
    access.require(request.user, "reports.view")
    today = timezone.localdate()
    year = year_param(request.GET.get("year"))
    version = plan_selectors.version_for_year(request.user, year, today)
    if version is None:
        return render(request, "plan/no_plan.html", {"can_edit": access.has_perm(request.user, "plan.edit")})
    rows = reportbook.report_book(request.user, version, today)
    return render(request, "reports/report_book.html", {
        "version": version, "rows": rows, "versions": plan_selectors.versions(request.user), "today": today,
        "missing": reportbook.missing_artifacts(version) if access.has_perm(request.user, "plan.edit") else []})
