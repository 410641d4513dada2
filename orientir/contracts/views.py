"""Pages of target contracts: registry, card, forms, lifecycle, agreements, documents, deadlines, reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.core.params import int_param, year_param
from orientir.core.listing import exported
from orientir.accounts import access
from orientir.core import audit, timeline
from orientir.core.errors import DomainError
from orientir.core.tables import Column, Report, iter_rows, pdf_response, xlsx_response
from orientir.core import editing
from orientir.core.editing import apply_errors
from orientir.core.views import paginate
from orientir.core.downloads import attachment
from orientir.directory.models import EducationLevel

from . import documents, lifecycle, plausibility, selectors, services, templating
from .forms import (WIDE, AgreementForm, ConsentForm, ContractForm, EducationRequisitesForm, LiabilityRuleForm,
                    MunicipalSettingsForm, OrganisationRequisitesForm, SupportForm, TransitionForm)
from .models import (EducationRequisites, Kind, LiabilityRule, MunicipalContractSettings, OrganisationRequisites, Regime,
                     State, SupportMeasure)


# --- Registry -----------------------------------------------------------------------------------------------

@login_required
def contract_list(request):
    access.require(request.user, "contracts.view")
    page = paginate(request, selectors.registry(request.user, request.GET), per_page=50)
    ctx = {"page": page, "states": State.choices, "kinds": Kind.choices, "regimes": Regime.choices,
           "levels": EducationLevel.choices, **selectors.filter_choices(request.user),
           "can_manage": access.has_perm(request.user, "contracts.manage"),
           "can_documents": access.has_perm(request.user, "contracts.documents"),
           "can_export": access.has_perm(request.user, "contracts.export")}
    template = "contracts/contract_list_table.html" if request.htmx else "contracts/contract_list.html"
    return render(request, template, ctx)


@login_required
def contract_export(request):
    """The registry with citizens' names leaves the system only for roles with contracts.export; logged."""
    access.require(request.user, "contracts.export")
    qs = selectors.registry(request.user, request.GET).select_related("work_position")
    report = Report(
        title="Реестр договоров о целевом обучении", filename="contracts",
        columns=[Column("Номер", 12), Column("Вид", 22), Column("Состояние", 18), Column("Дата заключения", 12, "date"),
                 Column("Фамилия", 16), Column("Имя", 14), Column("Отчество", 16), Column("Дата рождения", 12, "date"),
                 Column("Заказчик", 28), Column("Специальность", 36), Column("Уровень", 16), Column("Форма", 12),
                 Column("Образовательная организация", 30), Column("Место работы", 28), Column("Должность", 24),
                 Column("Срок трудоустройства", 12, "date"), Column("Лет отработки", 8, "number"),
                 Column("Правовой режим", 30)],
        rows=iter_rows(qs, lambda c: (
            c.number, c.get_kind_display(), c.get_state_display(), c.signed_on, c.last_name, c.first_name,
            c.middle_name, c.birth_date, c.customer_name, str(c.specialty), c.get_level_display(),
            c.get_study_form_display(), c.education_organisation,
            c.work_organisation.short_name if c.work_organisation_id else "",
            c.work_position.name if c.work_position_id else "", c.work_start_deadline, c.work_years,
            c.get_regime_display())))
    return exported(request, report, "contracts.registry.exported",
                             object_repr=f"Выгрузка реестра договоров ({qs.count()} дог.)")


# --- Card and forms -------------------------------------------------------------------------------------------

@login_required
def contract_detail(request, pk: int):
    contract = access.contract_for_view(request.user, pk)
    audit.record(actor=request.user, action="contracts.contract.viewed", instance=contract)
    events = list(contract.events.select_related("actor"))
    for e in events:
        e.detail_rows = _detail_rows(e.details)
    # Reads of the card are not changes; payments are for those who may see the ledger.
    history = audit.history_for(contract).exclude(action__endswith=".viewed")
    if not access.has_perm(request.user, "students.payments"):
        history = history.exclude(action__startswith="students.payments")
    can_manage = access.has_perm(request.user, "contracts.manage")
    minor = services.is_minor_on(contract, contract.signed_on or timezone.localdate())
    return render(request, "contracts/contract_detail.html", {
        "contract": contract, "events": events, "history": history[:50],
        "measures": list(contract.support_measures.all()), "consents": list(contract.representative_consents.all()),
        "consent_in_force": services.consent_in_force(contract, contract.signed_on),
        "position_misfit": services.position_misfit(contract),
        "agreements": list(contract.agreements.all()), "liabilities": list(contract.liabilities.all()),
        "minor": minor, "can_manage": can_manage,
        "targets": [(t, State(t).label) for t in sorted(lifecycle.allowed_targets(contract))] if can_manage else [],
        "consent_form": ConsentForm(), "support_form": SupportForm(),
        "obligation_end": services.obligation_end(contract),
        "timeline": timeline.build(request.user, timeline.person_subject(request.user, contract=contract)),
    })


DETAIL_LABELS = {"order": "Приказ / документ", "documents": "Документы", "ground_started_on": "Основание возникло",
                 "notice_on": "Уведомление заказчика", "liability": "По инициативе гражданина",
                 "exception": "Исключение (причина)", "exception_rule": "Не выполнено условие"}


def _detail_rows(details: dict) -> list[tuple[str, str]]:
    rows = []
    for key, value in (details or {}).items():
        if key not in DETAIL_LABELS:
            continue
        if isinstance(value, bool):
            value = "да" if value else "нет"
        elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            value = f"{value[8:10]}.{value[5:7]}.{value[0:4]}"
        rows.append((DETAIL_LABELS[key], value))
    return rows


def _municipality(request, data: dict):
    """The user's municipality; for a regional administrator, that of the customer or the place of work."""
    if request.user.municipality_id:
        return request.user.municipality
    for org in (data.get("customer"), data.get("work_organisation"), data.get("employer")):
        if org is not None:
            return org.municipality
    mun = access.municipalities_for(request.user).first()
    if mun is None:
        raise Http404("Муниципальное образование не найдено")
    return mun


@login_required
def contract_edit(request, pk: int | None = None):
    contract = editing.in_scope_or_new(pk, load=lambda: access.contract_for_view(request.user, pk,
                                                                                 perm="contracts.manage"),
                                       require=lambda: access.require(request.user, "contracts.manage"))
    initial = {}
    if not pk and int_param(request.GET.get("pupil")):
        pupil = access.pupils_for(request.user).filter(pk=int_param(request.GET["pupil"])).first()
        if pupil:
            initial = {"pupil": pupil, "last_name": pupil.last_name, "first_name": pupil.first_name,
                       "middle_name": pupil.middle_name, "birth_date": pupil.birth_date, "phone": pupil.phone,
                       "email": pupil.email}
    form = ContractForm(request.POST or None, instance=contract, user=request.user, initial=initial)

    def save():
        if pk:
            return services.contract_update(actor=request.user, contract=contract, data=form.payload(),
                                            expected_version=form.cleaned_data.get("version") or 0)
        return services.contract_create(actor=request.user, municipality=_municipality(request, form.cleaned_data),
                                        data=form.payload())

    return editing.submit(request, form, save, success=lambda c: f"Договор № {c.number} сохранён.",
                          redirect_to=lambda c: reverse("contracts:contract_detail", args=[c.pk]),
                          page="contracts/contract_form.html", context={"contract": contract, "wide_fields": WIDE})


def _simple_form(request, form, contract, title: str):
    """A card's small form shown again on a page of its own when it did not save."""
    return lambda status: render(request, "contracts/simple_form.html", {
        "form": form, "contract": contract, "title": title, "action": request.path}, status=status)


@login_required
@require_POST
def consent_add(request, pk: int):
    contract = access.contract_for_view(request.user, pk, perm="contracts.manage")
    form = ConsentForm(request.POST)
    return editing.submit(
        request, form, lambda: services.consent_record(actor=request.user, contract=contract, data=form.cleaned_data),
        success="Согласие законного представителя внесено.",
        redirect_to=reverse("contracts:contract_detail", args=[pk]),
        page=_simple_form(request, form, contract, "Согласие законного представителя"))


@login_required
@require_POST
def consent_annul(request, pk: int, consent_id: int):
    contract = access.contract_for_view(request.user, pk, perm="contracts.manage")
    consent = get_object_or_404(contract.representative_consents, pk=consent_id)
    return editing.act(
        request, lambda: services.consent_annul(actor=request.user, consent=consent,
                                                reason=request.POST.get("reason", "")),
        success="Согласие аннулировано: оно остаётся в карточке зачёркнутым и больше не действует.",
        redirect_to=reverse("contracts:contract_detail", args=[pk]))


@login_required
@require_POST
def support_add(request, pk: int):
    contract = access.contract_for_view(request.user, pk, perm="contracts.manage")
    form = SupportForm(request.POST)
    return editing.submit(
        request, form, lambda: services.support_add(actor=request.user, contract=contract, data=form.cleaned_data),
        success="Мера поддержки добавлена.", redirect_to=reverse("contracts:contract_detail", args=[pk]),
        page=_simple_form(request, form, contract, "Мера поддержки"))


@login_required
@require_POST
def support_remove(request, pk: int, measure_id: int):
    contract = access.contract_for_view(request.user, pk, perm="contracts.manage")
    measure = get_object_or_404(SupportMeasure, pk=measure_id, contract=contract)
    return editing.act(request, lambda: services.support_remove(actor=request.user, measure=measure),
                       success="Мера поддержки удалена.", redirect_to=reverse("contracts:contract_detail", args=[pk]))


# --- Lifecycle ------------------------------------------------------------------------------------------------

@login_required
def lifecycle_page(request, pk: int):
    """A form per allowed next state; POST `target` moves the contract through services.transition."""
    contract = access.contract_for_view(request.user, pk, perm="contracts.manage")
    targets = sorted(lifecycle.allowed_targets(contract), key=lambda t: list(State.values).index(t))
    today = timezone.localdate()
    may_except = access.has_perm(request.user, plausibility.EXCEPTION_PERMISSION)
    forms = {t: TransitionForm(target=t, initial={"on": today}, may_except=may_except) for t in targets}
    status = 200
    if request.method == "POST":
        target = request.POST.get("target", "")
        if target not in State.values:
            raise Http404("Нет такого состояния")
        form = TransitionForm(request.POST, target=target, may_except=may_except)
        if form.is_valid():
            try:
                services.transition(actor=request.user, contract=contract, to_state=target,
                                    on=form.cleaned_data["on"], reason=form.cleaned_data.get("reason", ""),
                                    details=form.details(), **form.exception_args(),
                                    expected_version=int(request.POST.get("version") or contract.version))
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Договор № {contract.number}: состояние «{State(target).label}».")
                return redirect("contracts:contract_detail", pk=pk)
        if target not in forms:  # a move that is not allowed now: say why at the top
            messages.error(request, lifecycle.refusal(contract, target) or "Действие недоступно.")
        forms[target] = form
        status = 422
    for target, form in forms.items():
        form.hint = plausibility.hint(contract, target)
    return render(request, "contracts/lifecycle.html", {
        "contract": contract,
        "forms": [(t, State(t).label, forms[t]) for t in targets],
        "events": contract.events.select_related("actor"), "minor": services.is_minor_on(contract, today),
        "has_consent": contract.representative_consents.filter(annulled_on__isnull=True).exists()}, status=status)


@login_required
def agreement_add(request, pk: int):
    contract = access.contract_for_view(request.user, pk, perm="contracts.manage")
    form = AgreementForm(request.POST or None, user=request.user,
                         initial={"signed_on": timezone.localdate(),
                                  "number": str(contract.agreements.count() + 1)})
    return editing.submit(
        request, form, lambda: services.agreement_add(
            actor=request.user, contract=contract, number=form.cleaned_data["number"],
            signed_on=form.cleaned_data["signed_on"], summary=form.cleaned_data["summary"], changes=form.changes(),
            support=form.support()),
        success="Дополнительное соглашение внесено.", redirect_to=reverse("contracts:contract_detail", args=[pk]),
        page="contracts/agreement_form.html", context={"contract": contract})


# --- Documents ------------------------------------------------------------------------------------------------

@login_required
def document(request, pk: int, doc: str, fmt: str):
    contract = access.contract_for_view(request.user, pk, perm="contracts.documents")
    if doc in ("contract", "consent") and fmt in ("docx", "pdf"):
        missing = documents.missing_facts(contract, doc)
        if missing:  # a document with legal force is complete or not given out
            return render(request, "contracts/document_missing.html",
                          {"contract": contract, "missing": missing,
                           "title": "договора" if doc == "contract" else "согласия"}, status=422)
    if doc == "contract":
        blocks, title = documents.contract_blocks(contract), f"Договор № {contract.number}"
    elif doc == "consent":
        consent = services.consent_in_force(contract, contract.signed_on)
        if consent is None:
            raise Http404("Действующего согласия законного представителя нет")
        blocks, title = documents.consent_blocks(contract, consent), "Согласие законного представителя"
    else:
        raise Http404("Нет такого документа")
    audit.record(actor=request.user, action="contracts.contract.document_generated", instance=contract,
                 changes={"Документ": [None, f"{title} ({fmt.upper()})"]})
    name = f"{doc}-{contract.number}".replace("/", "-").replace(" ", "_")
    if fmt == "docx" and doc == "contract":  # the municipality's template in force, else the repository's
        response = HttpResponse(templating.contract_docx(contract), content_type=templating.DOCX_MIME)
    elif fmt == "docx":
        response = HttpResponse(documents.to_docx(blocks), content_type=templating.DOCX_MIME)
    elif fmt == "pdf":
        response = HttpResponse(documents.to_pdf(blocks, title), content_type="application/pdf")
    else:
        raise Http404("Нет такого формата")
    response["Content-Disposition"] = attachment(f"{name}.{fmt}")
    return response


REQUISITES_ROLES = {
    "customer": "заказчика", "employer": "работодателя", "education": "образовательной организации",
    "settings": "Комитета и субъект РФ места работы",
}


@login_required
def requisites(request, pk: int, role: str):
    """Details a contract document needs for one party, edited from the contract they are missing in. They belong to
    the party (an organisation, the educational organisation by its name, the Committee of the municipality), so one
    change serves every contract of that party."""
    contract = access.contract_for_view(request.user, pk, perm="contracts.manage")
    if role == "customer" and contract.customer_id:
        instance = OrganisationRequisites.objects.filter(organisation=contract.customer).first() \
            or OrganisationRequisites(organisation=contract.customer)
        form_class, whose = OrganisationRequisitesForm, contract.customer.full_name
    elif role == "employer" and contract.employer_id:
        instance = OrganisationRequisites.objects.filter(organisation=contract.employer).first() \
            or OrganisationRequisites(organisation=contract.employer)
        form_class, whose = OrganisationRequisitesForm, contract.employer.full_name
    elif role == "education" and contract.education_organisation.strip():
        name = contract.education_organisation.strip()
        instance = EducationRequisites.objects.filter(municipality=contract.municipality, name=name).first() \
            or EducationRequisites(municipality=contract.municipality, name=name)
        form_class, whose = EducationRequisitesForm, name
    elif role in ("settings", "customer"):  # the Committee is the customer when none is named
        instance = MunicipalContractSettings.objects.filter(municipality=contract.municipality).first() \
            or MunicipalContractSettings(municipality=contract.municipality)
        form_class, whose = MunicipalSettingsForm, f"{documents.COMMITTEE_FULL} ({contract.municipality.name})"
    else:
        raise Http404("Нет такой стороны договора")
    form = form_class(request.POST or None, instance=instance)
    return editing.submit(
        request, form, lambda: services.requisites_save(actor=request.user, instance=instance, data=form.cleaned_data),
        success="Реквизиты сохранены.", redirect_to=reverse("contracts:contract_detail", args=[pk]),
        page="contracts/requisites_form.html",
        context={"contract": contract, "whose": whose, "title": f"Реквизиты для договоров: {whose}",
                 "shared": not isinstance(instance, MunicipalContractSettings)})


# --- Deadlines and reports ----------------------------------------------------------------------------------------

@login_required
def deadlines(request):
    access.require(request.user, "contracts.view")
    days = int_param(request.GET.get("days"), high=3660) or 30
    days = min(days, 366)
    items = selectors.deadlines_for(request.user, days, today=timezone.localdate())
    kind = request.GET.get("kind", "")
    if kind in selectors.DEADLINE_KINDS:
        items = [d for d in items if d.kind == kind]
    return render(request, "contracts/deadlines.html", {"items": items, "days": days, "kind": kind,
                                                        "kinds": selectors.DEADLINE_KINDS.items()})


def _report_params(request):
    access.require(request.user, "contracts.report")
    by = request.GET.get("by", "state")
    if by not in selectors.REPORT_GROUPS:
        by = "state"
    year = year_param(request.GET.get("year"))
    return by, year


@login_required
def report(request):
    by, year = _report_params(request)
    headers, rows = selectors.report(request.user, by, year)
    return render(request, "contracts/report.html", {"headers": headers, "rows": rows, "by": by, "year": year,
                                                     "groups": selectors.REPORT_GROUPS.items(),
                                                     "years": range(timezone.localdate().year, 2013, -1)})


@login_required
def report_export(request, fmt: str):
    by, year = _report_params(request)
    headers, rows = selectors.report(request.user, by, year)
    rep = Report(title=f"Договоры о целевом обучении: {selectors.REPORT_GROUPS[by].lower()}",
                 subtitle=(f"Заключены в {year} году. " if year else "") +
                 f"Сформировано {timezone.localtime():%d.%m.%Y %H:%M}",
                 filename=f"contracts-report-{by}",
                 columns=[Column(headers[0], 40)] + [Column(h, 12, "number") for h in headers[1:]], rows=rows)
    audit.record(actor=request.user, action="contracts.report.exported", object_repr=rep.title,
                 changes={"Формат": [None, fmt]})
    if fmt == "xlsx":
        return xlsx_response(rep)
    if fmt == "pdf":
        return pdf_response(rep)
    raise Http404("Нет такого формата")


# --- Liability rules (administrator) --------------------------------------------------------------------------

@login_required
def rule_list(request):
    access.require(request.user, "contracts.view")
    return render(request, "contracts/rules.html", {
        "rules": LiabilityRule.objects.all(),
        "can_change": access.has_perm(request.user, "directory.reference.change")})


@login_required
def rule_edit(request, pk: int):
    access.require(request.user, "directory.reference.change")
    rule = get_object_or_404(LiabilityRule, pk=pk)
    form = LiabilityRuleForm(request.POST or None, instance=rule)
    return editing.submit(
        request, form, lambda: services.liability_rule_update(actor=request.user, rule=rule, data=form.cleaned_data),
        success="Правило расчёта сохранено.", redirect_to="contracts:rule_list", page="contracts/simple_form.html",
        context={"title": f"Правило расчёта: {rule.get_regime_display()}", "action": request.path,
                 "back": "contracts:rule_list"})
