"""Pages of the directory: the organisations registry, customers (1.3) and reference books."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from orientir.core import audit
from orientir.core.downloads import attachment
from orientir.core.imports import page as import_page
from orientir.core.permissions import has_perm, require
from orientir.core import editing
from orientir.core.views import paginate

from . import exports, importer, scope, selectors, services
from .forms import OrganisationForm
from .models import Organisation
from .references import REFERENCES


@login_required
def organisation_list(request):
    require(request.user, "directory.org.view")
    flt = selectors.OrganisationFilter.from_query(request.GET)
    page = paginate(request, selectors.organisation_list(request.user, flt))
    ctx = {
        "page": page, "flt": flt, "kinds": Organisation.Kind.choices, "sectors": scope.sectors_for(request.user),
        "municipalities": list(scope.municipalities_for(request.user)),
        "can_create": scope.may_create_organisation(request.user),
        "can_export": has_perm(request.user, "directory.org.export"),
    }
    template = "directory/organisation_list_table.html" if request.htmx else "directory/organisation_list.html"
    return render(request, template, ctx)


@login_required
def organisation_export(request):
    require(request.user, "directory.org.export")
    flt = selectors.OrganisationFilter.from_query(request.GET)
    report = exports.organisations_report(selectors.organisation_list(request.user, flt))
    audit.record(actor=request.user, action="directory.organisation.exported", object_repr=report.title)
    return exports.xlsx_response(report)


@login_required
def organisation_detail(request, pk: int):
    org = scope.organisation_for_view(request.user, pk)
    ctx = {
        "org": org,
        "unit": selectors.supervising_unit(org),
        "history": audit.history_for(org)[:50],
        "can_edit": has_perm(request.user, "directory.org.change"),
    }
    return render(request, "directory/organisation_detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    scope.require_organisation_create(request.user)
    form = OrganisationForm(request.POST or None, user=request.user)
    return editing.submit(
        request, form, lambda: services.organisation_create(actor=request.user, data=form.domain_data()),
        success=lambda org: f"Организация «{org.short_name}» добавлена в реестр.", redirect_to=_organisation_page,
        page="directory/organisation_form.html", context={"org": None})


def _organisation_page(org) -> str:
    return reverse("directory:organisation_detail", args=[org.pk])


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    org = scope.organisation_for_view(request.user, pk, perm="directory.org.change")
    form = OrganisationForm(request.POST or None, instance=org, user=request.user)
    return editing.submit(
        request, form, lambda: services.organisation_update(
            actor=request.user, organisation=org, data=form.domain_data(),
            expected_version=form.cleaned_data.get("version") or 0),
        success="Изменения сохранены.", redirect_to=_organisation_page(org),
        page="directory/organisation_form.html", context={"org": org})


@login_required
def organisation_import_template(request):
    scope.require_organisation_create(request.user)
    response = HttpResponse(importer.build_template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment("organisations-template.xlsx")
    return response


@login_required
def organisation_import(request):
    """Upload → the whole file checked → errors (with the file marked) or «добавлено N, обновлено M»; «Загрузить»
    writes it. Whoever may add organisations; the rows stay within the user's municipality and sector."""
    scope.require_organisation_create(request.user)
    return import_page.handle(request, importer.SPEC, context={"user": request.user.pk},
                              template="directory/organisation_import.html",
                              done_url=reverse("directory:organisation_list"),
                              page={"template_url": reverse("directory:organisation_import_template"),
                                    "cancel_url": reverse("directory:organisation_import")})


@login_required
def customer_registry(request):
    require(request.user, "directory.customers.view")
    orgs = selectors.customer_registry(request.user)
    page = paginate(request, orgs)
    return render(request, "directory/customer_registry.html", {"page": page})


@login_required
def customer_registry_export(request):
    require(request.user, "directory.customers.view")
    report = exports.customers_report(selectors.customer_registry(request.user))
    audit.record(actor=request.user, action="directory.customers.exported", object_repr=report.title)
    return exports.xlsx_response(report)


# --- Reference books: one set of views driven by the REFERENCES table -----------------------------

def _reference(kind: str):
    ref = REFERENCES.get(kind)
    if ref is None:
        raise Http404("Справочник не найден")
    return ref


@login_required
def reference_index(request):
    require(request.user, "directory.reference.view")
    return render(request, "directory/reference_index.html", {"references": REFERENCES.values()})


@login_required
def reference_list(request, kind: str):
    ref = _reference(kind)
    require(request.user, "directory.reference.view")
    qs = ref.queryset(request.user, request.GET)
    page = paginate(request, qs)
    ctx = {"ref": ref, "page": page, "rows": [(obj, ref.cells(obj)) for obj in page.object_list],
           "can_change": has_perm(request.user, "directory.reference.change"),
           "filters": ref.filter_choices()}
    template = "directory/reference_list_table.html" if request.htmx else "directory/reference_list.html"
    return render(request, template, ctx)


@login_required
def reference_export(request, kind: str):
    ref = _reference(kind)
    require(request.user, "directory.reference.view")
    audit.record(actor=request.user, action=f"directory.{kind}.exported", object_repr=ref.title)
    return exports.xlsx_response(exports.reference_report(ref, ref.queryset(request.user, request.GET)))


@login_required
@require_http_methods(["GET", "POST"])
def reference_edit(request, kind: str, pk: int | None = None):
    ref = _reference(kind)
    require(request.user, "directory.reference.change")
    instance = ref.get_object(request.user, pk) if pk else ref.model()
    form = ref.form(request.POST or None, instance=instance, user=request.user)

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ref.m2m_fields}
        m2m = {k: form.cleaned_data[k] for k in ref.m2m_fields}
        return services.reference_save(actor=request.user, instance=instance, data=data, m2m=m2m)

    return editing.submit(
        request, form, save, success=f"Запись справочника «{ref.title}» сохранена.",
        redirect_to=reverse("directory:reference_list", args=[kind]), page="directory/reference_form.html",
        context={"ref": ref, "object": instance if pk else None,
                 "history": audit.history_for(instance)[:30] if pk else []})
