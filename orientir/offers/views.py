"""Pages of the offers (ПП РФ № 555): campaigns, offers with approval and placement, applications, coverage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.core import audit
from orientir.core.listing import exported
from orientir.core.errors import DomainError
from orientir.core.imports import page as import_page
from orientir.core.tables import xlsx_response
from orientir.core import editing
from orientir.core.views import paginate
from orientir.directory.models import EducationLevel

from . import importer, reports, selectors, services
from .forms import WIDE, ApplicationForm, CampaignForm, OfferForm, PlaceForm, ReturnForm
from .models import Application, Offer


def _may_read(user) -> None:
    if not (access.has_perm(user, "offers.view") or access.has_perm(user, "offers.report")):
        raise PermissionDenied("Недостаточно прав для этого действия.")


def _campaign(request, pk: int):
    _may_read(request.user)
    return selectors.campaign_for_view(request.user, pk)


# --- Campaigns ------------------------------------------------------------------------------------------------

@login_required
def campaign_list(request):
    _may_read(request.user)
    today = timezone.localdate()
    items = list(selectors.campaigns(request.user))
    for c in items:
        c.left = c.days_left(today)
    return render(request, "offers/campaign_list.html", {
        "campaigns": items, "can_approve": access.has_perm(request.user, "offers.approve")})


@login_required
def campaign_create(request):
    access.require(request.user, "offers.approve")
    form = CampaignForm(request.POST or None, user=request.user,
                        initial={"year": timezone.localdate().year,
                                 "placement_deadline": timezone.localdate().replace(month=6, day=10)})
    return editing.submit(
        request, form, lambda: services.campaign_create(actor=request.user, **form.cleaned_data),
        success=lambda campaign: (f"Кампания на {campaign.year} год открыта; потребность — "
                                  f"{campaign.targets.count()} строк из прогноза."),
        redirect_to=lambda campaign: reverse("offers:campaign_detail", args=[campaign.pk]),
        page="offers/campaign_form.html", context={"wide_fields": WIDE})


@login_required
def campaign_detail(request, pk: int):
    """The campaign: deadline, coverage of the need, the offers registry with search and filters."""
    campaign = _campaign(request, pk)
    user = request.user
    can_view = access.has_perm(user, "offers.view")
    ctx = {"campaign": campaign, "days_left": campaign.days_left(timezone.localdate()),
           "coverage": selectors.coverage(campaign, user), "can_view": can_view,
           "can_draft": access.has_perm(user, "offers.draft") and selectors.customers_of(user, campaign).exists(),
           "can_approve": access.has_perm(user, "offers.approve"),
           "can_applications": access.has_perm(user, "offers.applications"),
           "can_not_applied": can_view and access.has_perm(user, "pupils.view")}
    if can_view:
        ctx.update(page=paginate(request, selectors.offers(user, request.GET, campaign), per_page=50),
                   statuses=Offer.Status.choices, levels=EducationLevel.choices,
                   customers=selectors.customers_of(user, campaign))
        if request.htmx:
            return render(request, "offers/offer_table.html", ctx)
    return render(request, "offers/campaign_detail.html", ctx)


@login_required
def offer_export(request, pk: int):
    access.require(request.user, "offers.view")
    campaign = _campaign(request, pk)
    qs = selectors.offers(request.user, request.GET, campaign)
    return exported(request, reports.offers_report(campaign, qs), "offers.registry.exported", instance=campaign)


@login_required
def platform_export(request, pk: int):
    """Approved offers in the shape of the platform's form: the committee places them from this file."""
    access.require(request.user, "offers.approve")
    campaign = _campaign(request, pk)
    qs = (access.offers_for(request.user).filter(campaign=campaign, status__in=(Offer.Status.APPROVED,
                                                                                  Offer.Status.PLACED))
          .select_related("customer", "specialty").order_by("number"))
    audit.record(actor=request.user, action="offers.platform.exported", instance=campaign,
                 changes={"offers": [None, qs.count()]})
    return xlsx_response(reports.platform_report(campaign, qs))


@login_required
def coverage_export(request, pk: int, fmt: str):
    from django.http import Http404

    from orientir.core.tables import pdf_response

    campaign = _campaign(request, pk)
    if fmt not in ("xlsx", "pdf"):
        raise Http404("Формат не найден")
    report = reports.coverage_report(campaign, selectors.coverage(campaign, request.user))
    audit.record(actor=request.user, action="offers.coverage.exported", instance=campaign,
                 changes={"format": [None, fmt]})
    return pdf_response(report) if fmt == "pdf" else xlsx_response(report)


# --- Offers ---------------------------------------------------------------------------------------------------

@login_required
def offer_create(request, pk: int):
    access.require(request.user, "offers.draft")
    campaign = _campaign(request, pk)
    form = OfferForm(request.POST or None, user=request.user, campaign=campaign,
                     initial={"work_years": 3, "is_quota": True, "contracts_count": 1})
    return editing.submit(
        request, form, lambda: services.offer_create(actor=request.user, campaign=campaign, data=form.payload()),
        success=lambda offer: f"Предложение № {offer.number} сохранено как черновик.", redirect_to=_offer_page,
        page="offers/offer_form.html", context={"campaign": campaign, "wide_fields": WIDE})


@login_required
def offer_edit(request, pk: int):
    offer = access.offer_for_view(request.user, pk, perm="offers.draft")
    form = OfferForm(request.POST or None, instance=offer, user=request.user, campaign=offer.campaign)
    return editing.submit(
        request, form, lambda: services.offer_update(actor=request.user, offer=offer, data=form.payload(),
                                                     expected_version=form.cleaned_data.get("version") or 0),
        success=lambda saved: f"Предложение № {saved.number} сохранено.", redirect_to=_offer_page,
        page="offers/offer_form.html", context={"offer": offer, "campaign": offer.campaign, "wide_fields": WIDE})


@login_required
def offer_detail(request, pk: int):
    offer = access.offer_for_view(request.user, pk)
    can_applications = access.has_perm(request.user, "offers.applications")
    return render(request, "offers/offer_detail.html", {
        "offer": offer, "can_draft": access.has_perm(request.user, "offers.draft"),
        "can_approve": access.has_perm(request.user, "offers.approve"), "can_applications": can_applications,
        "applications": list(access.offer_applications_for(request.user).filter(offer=offer)
                             .select_related("pupil")) if can_applications else [],
        "history": audit.history_for(offer)[:30], "return_form": ReturnForm(), "place_form": PlaceForm(
            initial={"platform_number": offer.platform_number})})


def _offer_page(offer) -> str:
    return reverse("offers:offer_detail", args=[offer.pk])


def _offer_action(request, pk: int, perm: str, run, done: str):
    offer = access.offer_for_view(request.user, pk, perm=perm)
    return editing.act(request, lambda: run(offer), success=lambda moved: done.format(offer=moved),
                       redirect_to=_offer_page, refused_to=_offer_page(offer))


@login_required
@require_POST
def offer_submit(request, pk: int):
    return _offer_action(request, pk, "offers.draft",
                         lambda o: services.offer_submit(actor=request.user, offer=o),
                         "Предложение № {offer.number} направлено на согласование в Комитет.")


@login_required
@require_POST
def offer_approve(request, pk: int):
    return _offer_action(request, pk, "offers.approve",
                         lambda o: services.offer_approve(actor=request.user, offer=o),
                         "Предложение № {offer.number} согласовано; оно попадёт в выгрузку для «Работа в России».")


@login_required
@require_POST
def offer_return(request, pk: int):
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _offer_action(request, pk, "offers.approve",
                         lambda o: services.offer_return(actor=request.user, offer=o, reason=reason),
                         "Предложение № {offer.number} возвращено заказчику на доработку.")


@login_required
@require_POST
def offer_place(request, pk: int):
    form = PlaceForm(request.POST)
    if not form.is_valid():
        access.offer_for_view(request.user, pk, perm="offers.approve")
        messages.error(request, "Укажите номер на «Работа в России» и дату размещения.")
        return redirect("offers:offer_detail", pk=pk)
    return _offer_action(request, pk, "offers.approve",
                         lambda o: services.offer_place(actor=request.user, offer=o, **form.cleaned_data),
                         "Номер предложения № {offer.number} на «Работа в России» записан.")


# --- Applications ---------------------------------------------------------------------------------------------

@login_required
def application_list(request, pk: int):
    access.require(request.user, "offers.applications")
    campaign = _campaign(request, pk)
    ctx = {"campaign": campaign,
           "page": paginate(request, selectors.applications(request.user, request.GET, campaign), per_page=50),
           "statuses": Application.Status.choices, "matches": Application.Match.choices,
           "offers": access.offers_for(request.user).filter(campaign=campaign).order_by("number")
           .select_related("specialty")}
    return render(request, "offers/application_table.html" if request.htmx else "offers/application_list.html", ctx)


@login_required
def application_export(request, pk: int):
    access.require(request.user, "offers.applications")
    campaign = _campaign(request, pk)
    qs = selectors.applications(request.user, request.GET, campaign)
    return exported(request, reports.applications_report(campaign, qs), "offers.applications.exported",
                             instance=campaign)


@login_required
def application_pdf(request, pk: int):
    """The applications list to print: of one offer (?offer=) or of the campaign with the page's filters."""
    from django.http import Http404

    from orientir.core.params import int_param
    from orientir.core.tables import pdf_response

    access.require(request.user, "offers.applications")
    campaign = _campaign(request, pk)
    qs = selectors.applications(request.user, request.GET, campaign)
    offer = None
    if request.GET.get("offer"):  # one offer's list: an offer of another campaign or out of scope is not found
        offer = (access.offers_for(request.user).filter(campaign=campaign, pk=int_param(request.GET["offer"]))
                 .select_related("customer", "specialty").first())
        if offer is None:
            raise Http404("Предложение не найдено")
    audit.record(actor=request.user, action="offers.applications.printed", instance=offer or campaign,
                 changes={"filters": [None, audit.filters_repr(request.GET)]})
    return pdf_response(reports.applications_print(campaign, qs, offer))


def _application_form(request, campaign, application=None):
    initial = {"applied_on": timezone.localdate()}
    if application is None and request.GET.get("offer"):
        initial["offer"] = request.GET["offer"]
    form = ApplicationForm(request.POST or None, instance=application, user=request.user, campaign=campaign,
                           initial=initial)

    def save():
        data = dict(form.cleaned_data)
        offer = data.pop("offer")
        return services.application_save(actor=request.user, offer=offer, data=data, application=application)

    return editing.submit(
        request, form, save,
        success=lambda saved: f"Заявка {saved.full_name} сохранена: {saved.get_match_display().lower()}.",
        redirect_to=reverse("offers:application_list", args=[campaign.pk]),
        page="offers/application_form.html", context={
            "campaign": campaign, "application": application,
            "history": selectors.status_history(application) if application else []})


@login_required
def application_create(request, pk: int):
    access.require(request.user, "offers.applications")
    return _application_form(request, _campaign(request, pk))


@login_required
def application_edit(request, pk: int):
    application = access.offer_application_for_view(request.user, pk)
    return _application_form(request, application.offer.campaign, application)


@login_required
@require_POST
def application_match(request, pk: int):
    application = access.offer_application_for_view(request.user, pk)
    return editing.act(
        request, lambda: services.application_match(actor=request.user, application=application,
                                                    confirm=request.POST.get("confirm") == "1"),
        success=lambda _: f"Сопоставление заявки {application.full_name}: {application.get_match_display().lower()}.",
        redirect_to=reverse("offers:application_list", args=[application.offer.campaign_id]))


@login_required
@require_POST
def application_contract(request, pk: int):
    """A contract draft for an admitted applicant, from the offer and the person; the card opens to check it."""
    application = access.offer_application_for_view(request.user, pk)
    access.require(request.user, "contracts.manage")
    try:
        contract = services.contract_from_application(actor=request.user, application=application)
    except (DomainError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("offers:application_list", pk=application.offer.campaign_id)
    messages.success(request, f"Проект договора № {contract.number} заполнен по предложению и заявке; проверьте "
                              "его и заключите.")
    return redirect("contracts:contract_detail", pk=contract.pk)


# --- Applications import (orientir.core.imports) ----------------------------------------------------------------

@login_required
def application_import_template(request, pk: int):
    from django.http import HttpResponse

    from orientir.core.downloads import attachment

    access.require(request.user, "offers.applications")
    _campaign(request, pk)
    response = HttpResponse(importer.build_template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment("offer-applications-template.xlsx")
    return response


@login_required
def application_import(request, pk: int):
    """Upload → the whole file checked → errors or a preview → «Загрузить»; the campaign is the import's context."""
    access.require(request.user, "offers.applications")
    campaign = _campaign(request, pk)
    url = reverse("offers:application_import", kwargs={"pk": pk})
    return import_page.handle(request, importer.APPLICATIONS, context={"user": request.user.pk, "campaign": pk},
                              template="offers/application_import.html",
                              done_url=reverse("offers:application_list", kwargs={"pk": pk}),
                              page={"campaign": campaign, "cancel_url": url,
                                    "template_url": reverse("offers:application_import_template",
                                                            kwargs={"pk": pk})})


@login_required
def coverage(request):
    """The comparison «потребность → предложения → заявки → договоры» of a campaign (the latest by default)."""
    from orientir.core.params import int_param

    access.require(request.user, "offers.report")
    campaigns = list(selectors.campaigns(request.user))
    chosen = int_param(request.GET.get("campaign"))
    campaign = next((c for c in campaigns if c.pk == chosen), campaigns[0] if campaigns else None)
    return render(request, "offers/coverage.html", {
        "campaigns": campaigns, "campaign": campaign,
        "coverage": selectors.coverage(campaign, request.user) if campaign else None,
        "days_left": campaign.days_left(timezone.localdate()) if campaign else None})


@login_required
def not_applied(request, pk: int):
    """Pupils of the targeted database who applied to no offer: for the committee and for each school its own."""
    access.require(request.user, "offers.view")
    access.require(request.user, "pupils.view")
    campaign = _campaign(request, pk)
    qs = selectors.not_applied(request.user, campaign, request.GET)
    if request.GET.get("format") == "xlsx":
        return exported(request, reports.not_applied_report(campaign, qs), "offers.not_applied.exported",
                                 instance=campaign)
    ctx = {"campaign": campaign, "page": paginate(request, qs, per_page=50),
           "days_left": campaign.days_left(timezone.localdate()),
           "schools": access.organisations_for(request.user).filter(kind="school", municipality=campaign.municipality)
           .order_by("sort_name", "id")}
    return render(request, "offers/not_applied_table.html" if request.htmx else "offers/not_applied.html", ctx)
