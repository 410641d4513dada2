"""The page «Загрузка договоров прошлых лет из Excel»: template, upload, preview, «Загрузить» (orientir.core.imports)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse

from orientir.accounts import access
from orientir.core.downloads import attachment
from orientir.core.imports import page as import_page

from . import importer


def _municipality(user):
    """The municipality the contracts are loaded into: the user's own (a regional administrator — the first of theirs)."""
    if user.municipality_id:
        return user.municipality
    found = access.municipalities_for(user).first()
    if found is None:
        raise Http404("Муниципальное образование не найдено")
    return found


@login_required
def import_template(request):
    access.require(request.user, "contracts.manage")
    response = HttpResponse(importer.build_template(_municipality(request.user)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment("contracts-template.xlsx")
    return response


@login_required
def contract_import(request):
    """Upload → the whole file checked → errors (with the file marked) or a preview; «Загрузить» writes it."""
    access.require(request.user, "contracts.manage")
    municipality = _municipality(request.user)
    return import_page.handle(request, importer.SPEC, context={"municipality": municipality.pk},
                              template="contracts/contract_import.html", done_url=reverse("contracts:contract_list"),
                              page={"municipality": municipality,
                                    "template_url": reverse("contracts:import_template"),
                                    "cancel_url": reverse("contracts:contract_import")})
