from django.urls import path

from orientir.core.routes import resource

from . import views

app_name = "directory"

urlpatterns = [
    *resource("organisations/", "organisation", list=views.organisation_list, export=views.organisation_export,
              create=views.organisation_create, detail=views.organisation_detail, edit=views.organisation_edit),
    path("organisations/import/", views.organisation_import, name="organisation_import"),
    path("organisations/import/template.xlsx", views.organisation_import_template,
         name="organisation_import_template"),
    path("customers/", views.customer_registry, name="customer_registry"),
    path("customers/export/", views.customer_registry_export, name="customer_registry_export"),
    path("reference/", views.reference_index, name="reference_index"),
    path("reference/<slug:kind>/", views.reference_list, name="reference_list"),
    path("reference/<slug:kind>/export/", views.reference_export, name="reference_export"),
    path("reference/<slug:kind>/new/", views.reference_edit, name="reference_create"),
    path("reference/<slug:kind>/<int:pk>/", views.reference_edit, name="reference_edit"),
]
