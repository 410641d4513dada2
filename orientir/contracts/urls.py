from django.urls import path

from orientir.core.routes import resource

from . import views, views_import, views_templates

app_name = "contracts"

urlpatterns = [
    *resource("", "contract", list=views.contract_list, export=views.contract_export, create=views.contract_edit),
    path("import/", views_import.contract_import, name="contract_import"),
    path("import/template.xlsx", views_import.import_template, name="import_template"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("report/", views.report, name="report"),
    path("report/<str:fmt>/", views.report_export, name="report_export"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("templates/", views_templates.template_list, name="templates"),
    path("templates/default.docx", views_templates.template_default, name="template_default"),
    path("templates/reset/", views_templates.template_reset, name="template_reset"),
    path("templates/<int:pk>.docx", views_templates.template_download, name="template_download"),
    path("templates/<int:pk>/restore/", views_templates.template_restore, name="template_restore"),
    path("templates/<int:pk>/preview/", views_templates.template_preview, name="template_preview"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("<int:pk>/consent/", views.consent_add, name="consent_add"),
    path("<int:pk>/consent/<int:consent_id>/annul/", views.consent_annul, name="consent_annul"),
    path("<int:pk>/support/", views.support_add, name="support_add"),
    path("<int:pk>/support/<int:measure_id>/delete/", views.support_remove, name="support_remove"),
    path("<int:pk>/lifecycle/", views.lifecycle_page, name="lifecycle"),
    path("<int:pk>/agreements/new/", views.agreement_add, name="agreement_add"),
    path("<int:pk>/requisites/<str:role>/", views.requisites, name="requisites"),
    path("<int:pk>/documents/<str:doc>.<str:fmt>", views.document, name="document"),
]
