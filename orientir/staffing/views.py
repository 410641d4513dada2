"""Pages of the staffing monitoring: campaigns and progress, an organisation's return, import, consolidation."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.tables import Column, Report, xlsx_response
from orientir.core import editing
from orientir.core.views import paginate
from orientir.core.imports import staging
from orientir.core.workbook import WorkbookRefused, read_upload
from orientir.directory.forms import BootstrapMixin, DateInput
from orientir.directory.models import Position

from . import excel, selectors, services
from .models import AGE_BANDS, EDUCATION, LINE_NUMBER_FIELDS, StaffingReturn
from .validation import LABELS
from orientir.core.params import year_param
from orientir.core.downloads import attachment

# Column groups of the return table, as the form groups them for a person filling it in.
COLUMN_GROUPS = [
    ("Штатные единицы (ставки)", ["staff_units", "filled_main", "filled_internal", "filled_external"]),
    ("Численность по возрасту, чел.", [n for n, _ in AGE_BANDS]),
    ("Из них", ["pension_age", "young_specialists"]),
    ("По образованию, чел.", [n for n, _ in EDUCATION]),
    ("Ожидаемое выбытие в следующем году", ["leavers_retirement", "leavers_moving", "leavers_other"]),
    ("За прошедший год", ["left_last_year", "left_retirement_last_year", "hired_last_year",
                          "hired_target_last_year"]),
    ("План", ["planned_new_units"]),
]
SHORT_LABELS = {
    "staff_units": "Всего", "filled_main": "Осн.", "filled_internal": "Внутр. совм.", "filled_external": "Внешн. совм.",
    "pension_age": "Пенс. возраста", "young_specialists": "Молодые спец.", "edu_higher_ped": "ВО пед.",
    "edu_higher_other": "ВО иное", "edu_voc_ped": "СПО пед.", "edu_voc_other": "СПО иное", "edu_none": "Нет",
    "leavers_retirement": "На пенсию", "leavers_moving": "Переезд", "leavers_other": "Иное",
    "left_last_year": "Уволено", "left_retirement_last_year": "из них на пенсию", "hired_last_year": "Принято",
    "hired_target_last_year": "из них целевых", "planned_new_units": "Новых ставок",
    **{n: label for n, label in AGE_BANDS},
}


class CampaignForm(BootstrapMixin, forms.Form):
    municipality = forms.ModelChoiceField(label="Муниципальное образование", queryset=None)
    year = forms.IntegerField(label="Год мониторинга", min_value=2020, max_value=2100)
    deadline = forms.DateField(label="Срок представления сведений (включительно)", widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = access.municipalities_for(user).order_by("name")
        self.fields["municipality"].queryset = choices
        self.only = choices.first() if choices.count() == 1 else None
        if self.only is not None:  # a municipal user opens the monitoring of their own municipality
            self.fields["municipality"].required = False
            self.fields["municipality"].widget = forms.HiddenInput()
        self._style()

    def clean_municipality(self):
        return self.only or self.cleaned_data.get("municipality")


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label="Что исправить", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="Заполненный шаблон (.xlsx)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


@login_required
def campaigns(request):
    access.require(request.user, "staffing.view")
    if request.user.role == "coordinator":
        return redirect("staffing:my_return")
    form = CampaignForm(request.POST or None, user=request.user,
                        initial={"year": timezone.localdate().year,
                                 "deadline": datetime.date(timezone.localdate().year, 7, 14)})
    if request.method == "POST":
        access.require(request.user, "staffing.manage")

    def page(status):
        rows = [(c, selectors.progress(request.user, c)) for c in selectors.campaigns(request.user)]
        return render(request, "staffing/campaigns.html", {
            "rows": rows, "form": form, "can_manage": access.has_perm(request.user, "staffing.manage")}, status=status)

    return editing.submit(
        request, form, lambda: services.campaign_open(actor=request.user,
                                                      municipality=form.cleaned_data["municipality"],
                                                      year=form.cleaned_data["year"],
                                                      deadline=form.cleaned_data["deadline"]),
        success=lambda c: f"Мониторинг {c.year} года открыт: организаций — {c.returns.count()}.",
        redirect_to=lambda c: reverse("staffing:campaign_detail", args=[c.pk]), page=page)


def _campaign(request, pk):
    campaign = selectors.campaigns(request.user).filter(pk=pk).first()
    if campaign is None:
        raise Http404("Мониторинг не найден")
    return campaign


@login_required
def campaign_detail(request, pk: int):
    access.require(request.user, "staffing.consolidate")
    campaign = _campaign(request, pk)
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    page = paginate(request, selectors.progress_rows(request.user, campaign, status, q), per_page=50)
    return render(request, "staffing/campaign_detail.html", {
        "campaign": campaign, "counts": selectors.progress(request.user, campaign), "page": page,
        "status": status, "q": q, "statuses": StaffingReturn.Status.choices, "today": timezone.localdate(),
        "can_manage": access.has_perm(request.user, "staffing.manage")})


@login_required
@require_POST
def campaign_close(request, pk: int):
    access.require(request.user, "staffing.manage")
    campaign = _campaign(request, pk)
    return editing.act(request, lambda: services.campaign_close(actor=request.user, campaign=campaign),
                       success=f"Мониторинг {campaign.year} года завершён; сводные данные — основа прогноза.",
                       redirect_to=reverse("staffing:campaign_detail", args=[pk]))


@login_required
def campaign_export(request, pk: int):
    access.require(request.user, "staffing.consolidate")
    campaign = _campaign(request, pk)
    rows = selectors.progress_rows(request.user, campaign, request.GET.get("status", ""), request.GET.get("q", ""))
    report = Report(
        title=f"Ход мониторинга кадровой обеспеченности {campaign.year} года",
        subtitle=f"Срок представления — {campaign.deadline:%d.%m.%Y} включительно",
        columns=[Column("Организация", 40), Column("Состояние", 22), Column("Представлены", 18, "date"),
                 Column("Должностей", 12, "number"), Column("Замечания", 40)],
        rows=((r.organisation.short_name, r.get_status_display(), r.submitted_at, r.n_lines, r.review_comment)
              for r in rows),
        filename=f"staffing-progress-{campaign.year}")
    audit.record(actor=request.user, action="staffing.campaign.exported", instance=campaign)
    return xlsx_response(report)


@login_required
def my_return(request):
    """A coordinator's entry point: their organisation's return in the latest campaign."""
    access.require(request.user, "staffing.fill")
    ret = (selectors.returns_for(request.user).filter(organisation_id=request.user.organisation_id)
           .order_by("-campaign__year").first())
    if ret is None:
        return render(request, "staffing/no_campaign.html")
    return redirect("staffing:return_detail", pk=ret.pk)


def _return_context(request, ret, *, errors=None, posted=None, import_errors=None, import_errors_total=0):
    previous = selectors.previous_lines(ret)
    lines = []
    error_map: dict[tuple[int, str], str] = {}
    for line_id, field, message in errors or []:
        error_map[(line_id, field)] = message
    for line in ret.lines.select_related("position").order_by("position__name"):
        prev = previous.get(line.position_id)
        cells = []
        for _group, fields in COLUMN_GROUPS:
            for f in fields:
                value = posted.get((line.pk, f), getattr(line, f)) if posted else getattr(line, f)
                before = getattr(prev, f) if prev else None
                cells.append({"field": f, "value": value, "before": before,
                              "changed": prev is not None and str(before) != str(getattr(line, f)),
                              "error": error_map.get((line.pk, f))})
        lines.append({"line": line, "cells": cells, "headcount": line.headcount, "is_new": prev is None,
                      "errors": [m for (lid, _), m in error_map.items() if lid == line.pk]})
    used = {line["line"].position_id for line in lines}
    sectors = {ret.organisation.sector}
    return {
        "ret": ret, "lines": lines, "groups": [(g, [(f, SHORT_LABELS[f], LABELS[f]) for f in fs])
                                              for g, fs in COLUMN_GROUPS],
        "may_fill": access.may_fill_return(request.user, ret) and not ret.is_locked
        and ret.campaign.status == "open",
        "may_review": access.has_perm(request.user, "staffing.manage"),
        "positions": Position.objects.filter(is_active=True, sector__in=sectors).exclude(pk__in=used)
        .order_by("name"),
        "has_previous": bool(previous), "import_form": ImportForm(), "comment_form": CommentForm(),
        "import_errors": import_errors or [], "import_errors_total": max(import_errors_total, len(import_errors or [])),
        "error_count": len(error_map),
        "history": audit.history_for(ret)[:20], "today": timezone.localdate(),
    }


@login_required
def return_detail(request, pk: int):
    ret = selectors.return_for_view(request.user, pk)
    if request.method == "POST":
        if not access.may_fill_return(request.user, ret):
            raise PermissionDenied("Заполняет сведения координатор организации.")
        rows: dict[int, dict] = {}
        posted = {}
        for key, value in request.POST.items():
            if key.startswith("l-"):
                _, line_id, field = key.split("-", 2)
                if field in LINE_NUMBER_FIELDS and line_id.isdigit():
                    rows.setdefault(int(line_id), {})[field] = value
                    posted[(int(line_id), field)] = value
        try:
            version = int(request.POST.get("version", "0"))
            services.return_save(actor=request.user, ret=ret, rows=rows, expected_version=version)
        except services.ImportErrors as exc:
            messages.error(request, f"Сведения не сохранены: ошибок — {len(exc.errors)}. Они отмечены в таблице.")
            ctx = _return_context(request, ret, errors=exc.errors, posted=posted)
            return render(request, "staffing/return_detail.html", ctx, status=422)
        except DomainError as exc:
            messages.error(request, exc.message)
            return render(request, "staffing/return_detail.html", _return_context(request, ret, posted=posted),
                          status=422)
        if request.POST.get("submit") == "1":
            try:
                services.return_submit(actor=request.user, ret=ret)
            except DomainError as exc:
                messages.error(request, exc.message)
                return redirect("staffing:return_detail", pk=pk)
            messages.success(request, "Сведения представлены в Комитет. Изменить их можно, только если Комитет "
                                      "вернёт их на доработку.")
        else:
            messages.success(request, "Сведения сохранены.")
        return redirect("staffing:return_detail", pk=pk)
    return render(request, "staffing/return_detail.html", _return_context(request, ret))


def _fillable(request, pk):
    ret = selectors.return_for_view(request.user, pk, perm="staffing.fill")
    if not access.may_fill_return(request.user, ret):
        raise PermissionDenied("Заполняет сведения координатор организации.")
    return ret


@login_required
@require_POST
def return_add_position(request, pk: int):
    ret = _fillable(request, pk)
    position = Position.objects.filter(pk=request.POST.get("position") or 0, is_active=True).first()
    if position is None:
        messages.error(request, "Выберите должность из списка.")
    else:
        try:
            services.return_add_position(actor=request.user, ret=ret, position=position)
            messages.success(request, f"Добавлена должность «{position.name}».")
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("staffing:return_detail", pk=pk)


@login_required
@require_POST
def return_remove_line(request, pk: int, line_id: int):
    ret = _fillable(request, pk)
    return editing.act(request, lambda: services.return_remove_line(actor=request.user, ret=ret, line_id=line_id),
                       success="Строка удалена.", redirect_to=reverse("staffing:return_detail", args=[pk]))


@login_required
def return_template(request, pk: int):
    ret = selectors.return_for_view(request.user, pk)
    data = excel.build_template(ret)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment(f"staffing-{ret.campaign.year}-{ret.organisation.inn}.xlsx")
    return response


def _import_refused(request, ret, errors, total: int, message: str, token: str = ""):
    messages.error(request, message)
    context = _return_context(request, ret, import_errors=errors, import_errors_total=total)
    context.update(import_token=token, import_kind=IMPORT_KIND)
    return render(request, "staffing/return_detail.html", context, status=422)


IMPORT_KIND = "staffing"
staging.register_check(IMPORT_KIND, lambda data, context: excel.check(data)[0])


@login_required
@require_POST
def return_import(request, pk: int):
    ret = _fillable(request, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():  # no file, or an empty one: said on the page, as any other refusal of the file
        problems = [(0, "", message) for message in form.errors.get("file", [])] or [(0, "", "Выберите файл.")]
        return _import_refused(request, ret, problems, len(problems), "Файл не загружен. Выберите заполненный шаблон.")
    try:
        data = read_upload(form.cleaned_data["file"], excel.LIMITS)
        excel.return_import(actor=request.user, ret=ret, data=data)
    except WorkbookRefused as exc:
        return _import_refused(request, ret, [(0, "", exc.message)], 1, "Файл не загружен. Ничего не сохранено.")
    except services.ImportErrors as exc:
        token = ""
        if exc.marked:  # the user's own file comes back with its errors marked
            token = str(staging.keep(owner=request.user, kind=IMPORT_KIND, filename=form.cleaned_data["file"].name,
                                     data=data, context={"return": ret.pk}).pk)
        return _import_refused(request, ret, exc.errors, exc.total, exc.message, token)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("staffing:return_detail", pk=pk)
    messages.success(request, "Файл загружен: сведения заменены данными файла. Проверьте и представьте их.")
    return redirect("staffing:return_detail", pk=pk)


@login_required
@require_POST
def return_send_back(request, pk: int):
    ret = selectors.return_for_view(request.user, pk, perm="staffing.manage")
    form = CommentForm(request.POST)
    form.is_valid()
    return editing.act(request, lambda: services.return_send_back(actor=request.user, ret=ret,
                                                                  comment=form.cleaned_data.get("comment", "")),
                       success="Сведения возвращены организации на доработку.",
                       redirect_to=reverse("staffing:return_detail", args=[pk]))


@login_required
def consolidation(request):
    access.require(request.user, "staffing.consolidate")
    years = sorted({c.year for c in selectors.campaigns(request.user)}, reverse=True)
    if not years:
        return render(request, "staffing/no_campaign.html")
    year = year_param(request.GET.get("year")) or years[0]
    compare = [y for y in years if y < year][:2]
    group = request.GET.get("group", "sector")
    if group not in selectors.GROUPINGS:
        group = "sector"
    data = selectors.consolidation(request.user, [year] + compare, group)
    rows = _consolidation_rows(data, year, compare, group)
    totals = data["totals"].get(year, {})
    pyramid = {"labels": [label for _, label in AGE_BANDS],
               "values": [int(totals.get(n, 0)) for n, _ in AGE_BANDS]}
    vacancy_chart = {"labels": [r["label"] for r in rows][:15], "values": [float(r["vacancies"]) for r in rows][:15]}
    if request.GET.get("format") == "xlsx":
        audit.record(actor=request.user, action="staffing.consolidation.exported",
                     object_repr=f"Сводные данные {year} года ({group})")
        return xlsx_response(_consolidation_report(rows, year, compare, group))
    return render(request, "staffing/consolidation.html", {
        "years": years, "year": year, "compare": compare, "group": group, "groups": selectors.GROUPINGS,
        # json_script escapes <, > and &: a position named «</script>…» stays data, never markup.
        "rows": rows, "totals": totals, "charts": {"pyramid": pyramid, "vacancies": vacancy_chart}})


def _consolidation_rows(data, year, compare, group):
    from orientir.accounts.roles import Sector
    from orientir.directory.models import Organisation

    labels = {"sector": dict(Sector.choices), "kind": dict(Organisation.Kind.choices)}.get(group, {})
    rows = []
    for key, by_year in data["table"].items():
        cur = by_year.get(year)
        if cur is None:
            continue
        headcount = sum(int(cur[n]) for n, _ in AGE_BANDS)
        filled = cur["filled_main"] + cur["filled_internal"] + cur["filled_external"]
        rows.append({"label": labels.get(key, key), "staff_units": cur["staff_units"], "filled": filled,
                     "vacancies": cur["vacancies"], "headcount": headcount, "pension_age": cur["pension_age"],
                     "young": cur["young_specialists"],
                     "pension_share": round(100 * cur["pension_age"] / headcount) if headcount else 0,
                     "leavers": cur["leavers_retirement"] + cur["leavers_moving"] + cur["leavers_other"],
                     "planned": cur["planned_new_units"],
                     "previous": [(y, by_year.get(y, {}).get("vacancies")) for y in compare]})
    return sorted(rows, key=lambda r: -r["vacancies"])


def _consolidation_report(rows, year, compare, group):
    columns = [Column(selectors.GROUPINGS[group][1], 36), Column("Штатных единиц", 12, "money"),
               Column("Занято", 12, "money"), Column("Вакансий", 12, "money"), Column("Работников", 12, "number"),
               Column("Пенсионного возраста", 12, "number"), Column("Доля пенсионеров, %", 12, "number"),
               Column("Молодых специалистов", 12, "number"), Column("Ожидаемое выбытие", 12, "number"),
               Column("Новых ставок", 12, "money")] + [Column(f"Вакансий в {y}", 12, "money") for y in compare]
    return Report(title=f"Кадровая обеспеченность отраслей социальной сферы, {year} год",
                  subtitle="Сводные данные мониторинга (представленные сведения организаций)", columns=columns,
                  rows=([r["label"], r["staff_units"], r["filled"], r["vacancies"], r["headcount"], r["pension_age"],
                         r["pension_share"], r["young"], r["leavers"], r["planned"]] + [v for _, v in r["previous"]]
                        for r in rows), filename=f"staffing-consolidation-{year}")


