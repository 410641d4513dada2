"""URL map. Every pattern here has a row in the permission matrix test."""

from django.urls import include, path

from orientir.api.api import api
from orientir.core import urls as core_urls
from orientir.site import urls as site_urls

handler400 = "orientir.core.errorviews.bad_request"
handler403 = "orientir.core.errorviews.forbidden"
handler404 = "orientir.core.errorviews.not_found"
handler500 = "orientir.core.errorviews.server_error"

urlpatterns = [
    # The home page (orientir.site) and core's pages share the namespace `core`: core:home, core:audit_log, …
    path("", include(([*site_urls.urlpatterns, *core_urls.urlpatterns], core_urls.app_name))),
    path("accounts/", include("orientir.accounts.urls")),
    path("directory/", include("orientir.directory.urls")),
    path("plan/", include("orientir.plan.urls")),
    path("staffing/", include("orientir.staffing.urls")),
    path("forecast/", include("orientir.forecast.urls")),
    path("guidance/", include("orientir.pupils.urls")),
    path("careers/", include("orientir.careers.urls")),
    path("mentoring/", include("orientir.mentoring.urls")),
    path("contracts/", include("orientir.contracts.urls")),
    path("offers/", include("orientir.offers.urls")),
    path("students/", include("orientir.students.urls")),
    path("reports/", include("orientir.reports.urls")),
    path("cabinet/", include("orientir.cabinet.urls")),
    path("invitations/", include("orientir.cabinet.urls_staff")),
    path("inbox/", include("orientir.cabinet.urls_inbox")),
    path("jobs/", include("orientir.jobs.urls")),
    path("api/", api.urls),
    path("api-keys/", include("orientir.api.urls")),
]
