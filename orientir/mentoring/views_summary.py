"""The aggregated report of mentoring (3.2.1, 3.2.2): figures by model and organisation, without personal data.
Access: mentoring.report."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from orientir.accounts import access
from orientir.core import audit
from orientir.core.tables import Column, Report, pdf_response, xlsx_response

from . import selectors
from .models import PairState, Programme

REPORT = selectors.REPORT


def _stamp() -> str:
    return f"сформировано {timezone.localtime():%d.%m.%Y %H:%M}"


def _summary_year(request) -> int | None:
    raw = request.GET.get("year", "")
    return None if raw == "all" else (selectors._int(raw) or selectors.current_year())


@login_required
def summary(request):
    access.require(request.user, REPORT)
    year = _summary_year(request)
    years = sorted(set(Programme.objects.filter(organisation_id__in=access.organisations_for(request.user).values("id"))
                       .values_list("start_year", flat=True)) | {selectors.current_year()}, reverse=True)
    return render(request, "mentoring/summary.html", {"data": selectors.summary_report(request.user, year),
                                                      "year": year, "years": years, "states": PairState.choices})


def _summary_report(data: dict) -> Report:
    rows = []
    for line in data["lines"]:
        rows.append((line["model"], line["organisation"], line["programmes"], line["mentors"],
                     *(line[s] for s in PairState.values), line["meetings"], line["hours"],
                     f"{line['achieved']} из {line['goals']}"))
    for t in data["totals"]:
        rows.append((f"Итого: {t['model']}", "", t["programmes"], t["mentors"], *(t[s] for s in PairState.values),
                     t["meetings"], t["hours"], f"{t['achieved']} из {t['goals']}"))
    year = data["year"]
    return Report(
        title="Реализация целевой модели наставничества (пп. 2.6, 3.2.1, 3.2.2)",
        subtitle=f"{f'{year}/{year + 1} учебный год' if year else 'Все годы'}; сводные данные без персональных "
                 f"сведений; {_stamp()}",
        filename="mentoring-summary",
        columns=[Column("Модель", 36), Column("Организация", 30), Column("Программ", 9, "number"),
                 Column("Наставников", 10, "number"),
                 *(Column(f"Пар: {label.lower()}", 10, "number") for _, label in PairState.choices),
                 Column("Встреч", 9, "number"), Column("Часов", 9, "number"), Column("Цели достигнуты", 12)],
        rows=rows)


@login_required
def summary_report(request, fmt: str):
    access.require(request.user, REPORT)
    report = _summary_report(selectors.summary_report(request.user, _summary_year(request)))
    audit.record(actor=request.user, action="mentoring.summary.exported", object_repr=f"{report.title} ({fmt.upper()})")
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)
