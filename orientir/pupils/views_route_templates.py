"""Pages of the typical route sheets (2.8.2, record 32): read with pupils.view, kept by an administrator and the
methodologist; a pupil's route sheet is composed from one of them (views_routes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.accounts.roles import Sector
from orientir.core import audit, editing
from orientir.core.errors import DomainError
from orientir.core.tables import Column, Report, xlsx_response
from orientir.core.views import paginate

from . import selectors_routes as selectors
from . import services_routes as services
from .forms_routes import RouteTemplateForm, RouteTemplateItemForm
from .views_routes import export_audit


@login_required
def route_template_list(request):
    access.require(request.user, "pupils.view")
    flt = selectors.TemplateFilter.from_query(request.GET)
    page = paginate(request, selectors.template_list(flt), per_page=50)
    ctx = {"page": page, "flt": flt, "sectors": Sector.choices,
           "can_edit": access.may_edit_route_templates(request.user)}
    template = ("pupils/routes/template_list_table.html" if request.htmx
                else "pupils/routes/template_list.html")
    return render(request, template, ctx)


@login_required
def route_template_export(request):
    """The list of templates with their counts: no personal data, every reader may take it."""
    access.require(request.user, "pupils.view")
    flt = selectors.TemplateFilter.from_query(request.GET)
    rows = [(t.get_sector_display(), t.name, "да" if t.is_active else "нет", t.items_count, t.sheets_count)
            for t in selectors.template_list(flt)]
    report = Report(
        title="Типовые маршрутные листы адресной работы (п. 2.8.2)",
        subtitle=f"Сформировано {timezone.localtime():%d.%m.%Y %H:%M}", filename="route-sheet-templates",
        columns=[Column("Отрасль", 22), Column("Наименование", 50), Column("Используется", 12),
                 Column("Мероприятий", 12, "number"), Column("Составлено маршрутных листов", 16, "number")],
        rows=rows,
        notes=["Мероприятия типового листа переносятся в маршрутный лист обучающегося при его составлении; "
               "последующие изменения типового листа составленные листы не затрагивают."])
    export_audit(request, "guidance.route_templates.exported", "Выгрузка типовых маршрутных листов", len(rows))
    return xlsx_response(report)


@login_required
def route_template_create(request):
    access.require(request.user, "pupils.view")
    selectors.require_template_edit(request.user)
    form = RouteTemplateForm(request.POST or None, initial={"is_active": True})
    return editing.submit(
        request, form, lambda: services.route_template_create(actor=request.user, data=form.template_data()),
        success=lambda obj: f"Типовой маршрутный лист «{obj.name}» создан. Добавьте его мероприятия.",
        redirect_to=lambda obj: reverse("pupils:route_template", args=[obj.pk]),
        page="pupils/routes/template_form.html", context={"obj": None})


def _render_template(request, obj, *, item_form=None, status: int = 200):
    can_edit = access.may_edit_route_templates(request.user)
    history = list(audit.history_for(obj).select_related("content_type")[:40])
    items = list(selectors.template_items(obj))
    for n, item in enumerate(items):  # the arrows move an activity within its month only
        item.month_label = services.month_label(item.month)
        item.first_in_month = n == 0 or items[n - 1].month != item.month
        item.can_up = not item.first_in_month
        item.can_down = n + 1 < len(items) and items[n + 1].month == item.month
    ctx = {"obj": obj, "items": items, "can_edit": can_edit,
           "item_form": (item_form or RouteTemplateItemForm()) if can_edit else None, "history": history}
    return render(request, "pupils/routes/template_detail.html", ctx, status=status)


@login_required
def route_template(request, pk: int):
    return _render_template(request, selectors.template_for_view(request.user, pk))


@login_required
def route_template_edit(request, pk: int):
    obj = selectors.template_for_view(request.user, pk, edit=True)
    form = RouteTemplateForm(request.POST or None, instance=obj)
    return editing.submit(
        request, form, lambda: services.route_template_update(actor=request.user, template=obj,
                                                              data=form.template_data()),
        success="Типовой маршрутный лист сохранён.", redirect_to=reverse("pupils:route_template", args=[obj.pk]),
        page="pupils/routes/template_form.html", context={"obj": obj})


@login_required
@require_POST
def route_template_active(request, pk: int):
    """«Не использовать» / «Использовать снова»: what a template sheets were composed from gets instead of deletion."""
    obj = selectors.template_for_view(request.user, pk, edit=True)
    active = request.POST.get("active") == "1"
    try:
        services.route_template_update(actor=request.user, template=obj, data={"is_active": active})
    except (DomainError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(exc.messages))
        return redirect("pupils:route_template", pk=obj.pk)
    messages.success(request, f"«{obj.name}» " + ("снова предлагается при составлении маршрутных листов." if active
                                                  else "больше не предлагается при составлении маршрутных листов; "
                                                       "составленные листы не изменились."))
    return redirect("pupils:route_template", pk=obj.pk)


@login_required
@require_POST
def route_template_delete(request, pk: int):
    obj = selectors.template_for_view(request.user, pk, edit=True)
    return editing.act(request, lambda: services.route_template_delete(actor=request.user, template=obj),
                       success=f"Типовой маршрутный лист «{obj.name}» удалён.", redirect_to="pupils:route_template_list",
                       refused_to=reverse("pupils:route_template", args=[obj.pk]))


@login_required
@require_POST
def route_template_item_add(request, pk: int):
    obj = selectors.template_for_view(request.user, pk, edit=True)
    form = RouteTemplateItemForm(request.POST)
    return editing.submit(
        request, form, lambda: services.route_template_item_add(actor=request.user, template=obj,
                                                                data=form.item_data()),
        success=lambda item: f"Мероприятие «{item.title}» добавлено в типовой лист.",
        redirect_to=reverse("pupils:route_template", args=[obj.pk]),
        page=lambda status: _render_template(request, obj, item_form=form, status=status))


@login_required
def route_template_item_edit(request, pk: int, item: int):
    obj = selectors.template_item_for_view(request.user, pk, item)
    form = RouteTemplateItemForm(request.POST or None, instance=obj)
    return editing.submit(
        request, form, lambda: services.route_template_item_update(actor=request.user, item=obj,
                                                                   data=form.item_data()),
        success="Мероприятие типового листа сохранено.", redirect_to=reverse("pupils:route_template", args=[pk]),
        page="pupils/routes/template_item_form.html", context={"obj": obj.template, "item": obj})


@login_required
@require_POST
def route_template_item_delete(request, pk: int, item: int):
    obj = selectors.template_item_for_view(request.user, pk, item)
    services.route_template_item_delete(actor=request.user, item=obj)
    messages.success(request, f"Мероприятие «{obj.title}» удалено из типового листа.")
    return redirect("pupils:route_template", pk=pk)


@login_required
@require_POST
def route_template_item_move(request, pk: int, item: int):
    obj = selectors.template_item_for_view(request.user, pk, item)
    try:
        services.route_template_item_move(actor=request.user, item=obj, direction=request.POST.get("direction", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('pupils:route_template', args=[pk])}#item-{obj.pk}")
