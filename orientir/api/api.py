"""The read API for the region (`/api/v1/`, schema at `/api/docs`): the municipality's forecast of contract needs
(1.2), the customer registry (1.3), the 2.4.3, 2.8.5 and 3.3 monitoring and the funnel — aggregates, no person named.

A regional body presents a key (`Authorization: Bearer ort_…`) issued by the municipality's administrator; the key
carries the rights of one user of the system, and every answer is scoped by the same access gate as that user's
pages (orientir.accounts.access), so the API never shows more than the screens do. Monitoring tables are the very
reports the Excel and PDF exports print (one builder each), turned into JSON.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from orientir.accounts import access
from orientir.core import audit
from orientir.core.tables import Report

from . import services

MAX_PAGE = 500


class KeyAuth(HttpBearer):
    def authenticate(self, request, token):
        user = services.token_user(token)
        if user is not None:
            request.user = user  # the access gate reads request.user, as on the pages
        return user


api = NinjaAPI(title="Ориентир: данные для органов власти области", version="1", urls_namespace="api",
               auth=KeyAuth(), docs_url="/docs",
               description="Сводные данные муниципалитета о целевом обучении: прогноз потребности в договорах, "
                           "реестр заказчиков, мониторинги пп. 2.4.3, 2.8.5, 3.3 и воронка. Персональных данных "
                           "нет. Ключ выдаёт администратор муниципалитета; права — как у пользователя ключа.")


class Problem(Schema):
    detail: str


class InvalidParameter(Schema):
    type: str
    loc: list[str | int]
    msg: str


class InvalidRequest(Schema):
    detail: list[InvalidParameter]  # which parameter and why (422)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "Недостаточно прав для этих данных."}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    return api.create_response(request, {"detail": "Нужен действующий ключ: заголовок «Authorization: Bearer "
                                                   "<ключ>». Ключ выдаёт администратор муниципалитета."},
                               status=401)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Не найдено."}, status=404)


def _read(request, perm: str, what: str) -> None:
    access.require(request.user, perm)
    audit.record(actor=request.user, action="api.read", object_repr=what[:300],
                 changes={"Запрос": [None, request.get_full_path()[:300]]})


# --- The customer registry (1.3), page by page ------------------------------------------------------------------

class CustomerOut(Schema):
    id: int
    short_name: str
    full_name: str
    inn: str
    ogrn: str
    kind: str
    sector: str
    municipality: str


class CustomerPage(Schema):
    items: list[CustomerOut]
    next_after: int | None  # pass as `after` for the next page; null on the last one


@api.get("/v1/customers", response={200: CustomerPage, 401: Problem, 403: Problem, 422: InvalidRequest}, tags=["1.3"],
         summary="Реестр заказчиков целевого обучения (п. 1.3)")
def customers(request, after: int = Query(0, ge=0, le=2**62), limit: int = Query(100, ge=1, le=MAX_PAGE)):
    """Organisations that order targeted training, in the order of their ids; a cursor, not page numbers, so a
    page costs the same at the start and at the end of a long registry."""
    from orientir.directory.selectors import customer_registry

    _read(request, "directory.customers.view", "Реестр заказчиков")
    rows = list(customer_registry(request.user).order_by("id").filter(id__gt=after)[:limit + 1])
    items = [CustomerOut(id=o.id, short_name=o.short_name, full_name=o.full_name, inn=o.inn, ogrn=o.ogrn,
                         kind=o.get_kind_display(), sector=o.get_sector_display(), municipality=o.municipality.name)
             for o in rows[:limit]]
    return {"items": items, "next_after": rows[limit - 1].id if len(rows) > limit else None}


# --- The funnel ---------------------------------------------------------------------------------------------------

class StageOut(Schema):
    key: str
    label: str
    plan_item: str
    count: int
    conversion: float | None


class SourceOut(Schema):
    key: str
    label: str
    count: int


class FunnelOut(Schema):
    as_of: datetime.date
    cohort: int | None
    stages: list[StageOut]
    contract_sources: list[SourceOut]


@api.get("/v1/funnel", response={200: FunnelOut, 401: Problem, 403: Problem, 422: InvalidRequest}, tags=["Итоги"],
         summary="Воронка целевого обучения: от выявленного обучающегося до закрепившегося специалиста")
def funnel(request, cohort: int | None = Query(None, ge=2000, le=2100)):
    from orientir.reports import funnel as funnel_mod

    _read(request, "reports.view", "Воронка целевого обучения")
    pupils, contracts = access.funnel_scope(request.user)
    result = funnel_mod.build(pupils=pupils, contracts=contracts,
                              applications=access.offer_applications_counted_for(request.user),
                              filters=funnel_mod.Filters(cohort=cohort), as_of=timezone.localdate())
    stages = [StageOut(key=r["key"], label=r["label"], plan_item=r["item"], count=r["count"],
                       conversion=r["conversion"]) for r in result.rows]
    signed = next(r for r in result.rows if r["key"] == "signed")
    return {"as_of": result.as_of, "cohort": cohort, "stages": stages,
            "contract_sources": [SourceOut(key=k, label=label, count=n) for k, label, n in signed["sources"]]}


# --- The forecast of contract needs (1.2) --------------------------------------------------------------------------

class NeedOut(Schema):
    sector: str
    position: str
    level: str
    study_length: int
    graduates_start: int
    contracts_needed: int | None
    contracts_needed_p90: int | None


class ForecastOut(Schema):
    municipality: str
    base_year: int
    horizon: int
    frozen_at: datetime.datetime
    needs: list[NeedOut]


@api.get("/v1/forecast/needs", response={200: ForecastOut, 401: Problem, 403: Problem, 404: Problem,
                                                 422: InvalidRequest},
         tags=["1.2"], summary="Потребность в договорах о целевом обучении: последний утверждённый прогноз (п. 1.2)")
def forecast_needs(request, municipality: int | None = Query(None, ge=1, le=2**62)):
    """The latest frozen forecast of the municipality (the user's own, or the one named, among those the key sees)."""
    from orientir.forecast.models import ForecastSnapshot

    _read(request, "forecast.view", "Прогноз потребности в договорах")
    municipalities = access.municipalities_for(request.user)
    if municipality is not None:
        municipalities = municipalities.filter(pk=municipality)
    snapshot = (ForecastSnapshot.objects.filter(municipality__in=municipalities).select_related("municipality")
                .order_by("-created_at", "-id").first())
    if snapshot is None:
        raise Http404("Утверждённого прогноза нет.")
    keys = NeedOut.model_fields
    return {"municipality": snapshot.municipality.name, "base_year": snapshot.base_year, "horizon": snapshot.horizon,
            "frozen_at": snapshot.created_at,
            "needs": [NeedOut(**{k: row.get(k) for k in keys}) for row in snapshot.contract_rows]}


# --- Monitoring tables: the reports the exports print ----------------------------------------------------------

class ColumnOut(Schema):
    title: str
    kind: str  # text | number | decimal | money | date


class TableOut(Schema):
    title: str
    subtitle: str
    columns: list[ColumnOut]
    rows: list[list[int | float | str | None]]
    notes: list[str]


def _table(report: Report) -> dict:
    def cell(value):
        if isinstance(value, bool) or value is None:
            return None if value is None else str(value)
        if isinstance(value, (int, float)):
            return value
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        return str(value)

    return {"title": report.title, "subtitle": report.subtitle,
            "columns": [ColumnOut(title=c.title, kind=c.kind) for c in report.columns],
            "rows": [[cell(v) for v in row] for row in report.rows], "notes": list(report.notes)}


TABLE = {200: TableOut, 401: Problem, 403: Problem, 422: InvalidRequest}


@api.get("/v1/monitoring/programmes", response=TABLE, tags=["2.4.3"],
         summary="Мониторинг сетевых профориентационных программ (п. 2.4.3)")
def monitoring_programmes(request, year: int | None = Query(None, ge=2000, le=2100)):
    from orientir.careers import selectors
    from orientir.careers.views import monitoring_report_of

    _read(request, "careers.report", "Мониторинг профориентационных программ (п. 2.4.3)")
    return _table(monitoring_report_of(selectors.monitoring(request.user, year or selectors.current_year(), None)))


@api.get("/v1/monitoring/routes", response=TABLE, tags=["2.8.5"],
         summary="Выполнение маршрутных листов адресной работы (п. 2.8.5)")
def monitoring_routes(request, on: datetime.date | None = None):
    from orientir.pupils.views_routes import route_monitoring_report_of

    _read(request, "pupils.view", "Выполнение маршрутных листов (п. 2.8.5)")
    report, _ = route_monitoring_report_of(request.user, on or timezone.localdate())
    return _table(report)


@api.get("/v1/monitoring/employment", response=TABLE, tags=["3.3"],
         summary="Мониторинг трудоустройства выпускников по договорам (п. 3.3)")
def monitoring_employment(request, on: datetime.date | None = None, by: str = Query("organisation")):
    from orientir.students import selectors
    from orientir.students.views_monitoring import _monitoring_report

    _read(request, selectors.REPORT, "Мониторинг трудоустройства (п. 3.3)")
    if by not in selectors.MONITORING_GROUPS:
        by = "organisation"
    return _table(_monitoring_report(request.user, on or timezone.localdate(), by))
