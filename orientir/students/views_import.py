"""The import pages of the students app (orientir.core.imports): weekly admission status lists (2.10), study
records per semester (3.1), employment records (3.3). Template, upload, preview, «Загрузить»; rows are matched to
the contracts the user may see and written by the services of the manual forms (orientir.students.importer)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse

from orientir.accounts import access
from orientir.core.downloads import attachment
from orientir.core.imports import page as import_page

from . import importer, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# kind → (its name in importer, where «Загрузить» leads, the template's file name)
PAGES = {
    "admission": ("admission", "students:admission", "admission-statuses-template.xlsx"),
    "study": ("study", "students:student_list", "study-records-template.xlsx"),
    "employment": ("employment", "students:employment", "employment-template.xlsx"),
}


def _spec(kind):
    return getattr(importer, kind.upper())


def _template(kind):
    return getattr(importer, f"{kind}_template")()


@login_required
def import_template(request, kind: str):
    access.require(request.user, selectors.SUPPORT)
    response = HttpResponse(_template(kind), content_type=XLSX)
    response["Content-Disposition"] = attachment(PAGES[kind][2])
    return response


def _page(request, kind: str):
    """Upload → the whole file checked against the contracts the user may see → errors or a preview → «Загрузить»."""
    access.require(request.user, selectors.SUPPORT)
    _, done, _ = PAGES[kind]
    if kind == "employment" and not access.has_perm(request.user, selectors.REPORT):
        done = "students:student_list"  # the 3.3 monitoring is for those who read reports; the students are theirs
    url = reverse(f"students:{kind}_import")
    return import_page.handle(request, _spec(kind), context={"user": request.user.pk},
                              template=f"students/{kind}_import.html", done_url=reverse(done),
                              page={"template_url": reverse(f"students:{kind}_import_template"), "cancel_url": url,
                                    "back_url": reverse(done)})


@login_required
def admission_import(request):
    return _page(request, "admission")


@login_required
def study_import(request):
    return _page(request, "study")


@login_required
def employment_import(request):
    return _page(request, "employment")
