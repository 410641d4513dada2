"""The contract template a municipality's committee replaces through the UI (decision 58): the template in force, its
history, upload (checked before it is accepted), restore of an earlier version, a preview on a real contract, and the
list of variables a template may use."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.core import audit
from orientir.core.downloads import attachment
from orientir.core.errors import DomainError

from . import documents, services_templates, templating
from .models import DocumentTemplate

READ, WRITE = "contracts.documents", "contracts.manage"


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label="Файл шаблона (.docx)", help_text=f"Не больше {templating.MAX_FILE // templating.MB} МБ.",
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx"}))
    note = forms.CharField(label="Что изменено", max_length=500, required=False,
                           widget=forms.TextInput(attrs={"placeholder": "Например: новая редакция раздела VIII"}))


def _municipality(request):
    """The municipality whose template the page shows: the user's own; an administrator of every municipality
    chooses one (?municipality=)."""
    choices = access.municipalities_for(request.user)
    if request.user.municipality_id:
        return choices.get(pk=request.user.municipality_id), None
    raw = request.GET.get("municipality") or request.POST.get("municipality") or ""
    chosen = choices.filter(pk=int(raw)).first() if raw.isdigit() else None
    return chosen or choices.order_by("name").first(), choices.order_by("name")


def _page_url(municipality) -> str:
    return f"{reverse('contracts:templates')}?municipality={municipality.pk}"


def _version(request, pk: int) -> DocumentTemplate:
    version = DocumentTemplate.objects.filter(
        pk=pk, municipality__in=access.municipalities_for(request.user)).select_related("municipality").first()
    if version is None:
        raise Http404("Версии шаблона нет")
    return version


def _docx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=templating.DOCX_MIME)
    response["Content-Disposition"] = attachment(name)
    return response


@login_required
def template_list(request):
    access.require(request.user, READ)
    municipality, choices = _municipality(request)
    if municipality is None:
        raise Http404("Нет муниципального образования")
    can_change = access.has_perm(request.user, WRITE)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        access.require(request.user, WRITE)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = templating.read_upload(upload)
                version = services_templates.template_upload(actor=request.user, municipality=municipality, data=data,
                                                   filename=upload.name, note=form.cleaned_data["note"])
            except DomainError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, f"Шаблон принят и действует: версия {version.version}. Следующий договор "
                                          "формируется по нему.")
                return redirect(_page_url(municipality))
        status = 422
    history = list(DocumentTemplate.objects.filter(municipality=municipality).select_related("uploaded_by")
                   .defer("content"))
    current = next((v for v in history if v.is_active), None)
    return render(request, "contracts/templates.html", {
        "municipality": municipality, "choices": choices, "form": form, "history": history, "current": current,
        "can_change": can_change, "variables": templating.VARIABLES, "sections": templating.SECTION_NAMES.items(),
        "max_mb": templating.MAX_FILE // templating.MB}, status=status)


@login_required
def template_default(request):
    """The repository's template: the starting point for a municipality's own."""
    access.require(request.user, READ)
    return _docx(templating.default_template(), "shablon-dogovora-postavka.docx")


@login_required
def template_download(request, pk: int):
    access.require(request.user, READ)
    version = _version(request, pk)
    return _docx(bytes(version.content), f"shablon-dogovora-v{version.version}.docx")


@login_required
@require_POST
def template_restore(request, pk: int):
    access.require(request.user, READ)
    version = _version(request, pk)
    access.require(request.user, WRITE)
    try:
        restored = services_templates.template_restore(actor=request.user, source=version)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Версия {version.version} снова действует (записана как версия "
                                  f"{restored.version}).")
    return redirect(_page_url(version.municipality))


@login_required
@require_POST
def template_reset(request):
    access.require(request.user, READ)
    access.require(request.user, WRITE)
    municipality, _ = _municipality(request)
    if municipality is None:
        raise Http404("Нет муниципального образования")
    try:
        services_templates.template_reset(actor=request.user, municipality=municipality)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Действует шаблон из поставки системы. Загруженные версии остались в истории.")
    return redirect(_page_url(municipality))


@login_required
def template_preview(request, pk: int):
    """A version of the template filled in with a real contract of the municipality (by its number): how the
    document will look before — or after — it is put in force."""
    access.require(request.user, READ)
    version = _version(request, pk)
    number = (request.GET.get("number") or "").strip()
    contract = access.contracts_for(request.user).filter(municipality=version.municipality, number=number).select_related(
        "municipality", "customer", "employer", "work_organisation", "specialty").first() if number else None
    if contract is None:
        messages.error(request, f"Договор № {number} не найден." if number else "Укажите номер договора.")
        return redirect(_page_url(version.municipality))
    missing = documents.missing_facts(contract, "contract")
    if missing:
        return render(request, "contracts/document_missing.html",
                      {"contract": contract, "missing": missing, "title": "договора"}, status=422)
    data = templating.render(bytes(version.content), templating.contract_context(contract))
    audit.record(actor=request.user, action="contracts.contract.document_generated", instance=contract,
                 changes={"Документ": [None, f"Договор № {contract.number} по шаблону версии {version.version} (DOCX)"]})
    return _docx(data, f"contract-{contract.number}-v{version.version}.docx".replace("/", "-").replace(" ", "_"))
