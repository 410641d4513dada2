from django.urls import path

from orientir.core.routes import resource

from . import views

app_name = "offers"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("coverage/", views.coverage, name="coverage"),
    *resource("campaigns/", "campaign", create=views.campaign_create, detail=views.campaign_detail),
    path("campaigns/<int:pk>/offers.xlsx", views.offer_export, name="offer_export"),
    path("campaigns/<int:pk>/trudvsem.xlsx", views.platform_export, name="platform_export"),
    path("campaigns/<int:pk>/coverage.<str:fmt>", views.coverage_export, name="coverage_export"),
    path("campaigns/<int:pk>/offers/new/", views.offer_create, name="offer_create"),
    path("campaigns/<int:pk>/applications/", views.application_list, name="application_list"),
    path("campaigns/<int:pk>/not-applied/", views.not_applied, name="not_applied"),
    path("campaigns/<int:pk>/applications.xlsx", views.application_export, name="application_export"),
    path("campaigns/<int:pk>/applications.pdf", views.application_pdf, name="application_pdf"),
    path("campaigns/<int:pk>/applications/new/", views.application_create, name="application_create"),
    path("campaigns/<int:pk>/applications/import/", views.application_import, name="application_import"),
    path("campaigns/<int:pk>/applications/import/template.xlsx", views.application_import_template,
         name="application_import_template"),
    *resource("", "offer", detail=views.offer_detail, edit=views.offer_edit),
    path("<int:pk>/submit/", views.offer_submit, name="offer_submit"),
    path("<int:pk>/approve/", views.offer_approve, name="offer_approve"),
    path("<int:pk>/return/", views.offer_return, name="offer_return"),
    path("<int:pk>/place/", views.offer_place, name="offer_place"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/match/", views.application_match, name="application_match"),
    path("applications/<int:pk>/contract/", views.application_contract, name="application_contract"),
]
