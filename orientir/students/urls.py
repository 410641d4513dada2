"""URLs of contracted students and graduates (plan items 2.10, 3.1–3.1.4, 3.3)."""

from django.urls import path, re_path

from orientir.core.routes import resource

from . import views, views_import, views_monitoring as monitoring

app_name = "students"

urlpatterns: list = [
    *resource("", "student", list=views.student_list, export=views.student_export, detail=views.student_detail),
    path("import/", views_import.study_import, name="study_import"),
    path("import/template.xlsx", views_import.import_template, {"kind": "study"}, name="study_import_template"),
    path("<int:pk>/study/", views.study_add, name="study_add"),
    path("<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("<int:pk>/activities/<int:activity_pk>/done/", views.activity_done, name="activity_done"),
    path("<int:pk>/placements/", views.placement_add, name="placement_add"),
    re_path(r"^(?P<pk>\d+)/placements/(?P<placement_pk>\d+)/(?P<action>agree|done|cancel)/$", views.placement_move,
            name="placement_move"),
    path("<int:pk>/payments/plan/", views.payment_plan, name="payment_plan"),
    path("<int:pk>/payments/plan/from-measures/", views.payment_plan_from_measures, name="payment_plan_from_measures"),
    path("<int:pk>/payments/", views.payment_add, name="payment_add"),
    path("<int:pk>/employment/", views.employment_add, name="employment_add"),
    path("<int:pk>/employment/<int:employment_pk>/dismiss/", views.employment_dismiss, name="employment_dismiss"),
    path("<int:pk>/fulfil/", views.fulfil, name="fulfil"),
    path("admission/", monitoring.admission, name="admission"),
    path("admission/edit/", monitoring.admission_edit, name="admission_edit"),
    path("admission/import/", views_import.admission_import, name="admission_import"),
    path("admission/import/template.xlsx", views_import.import_template, {"kind": "admission"},
         name="admission_import_template"),
    re_path(r"^admission/report\.(?P<fmt>xlsx|pdf)$", monitoring.admission_report, name="admission_report"),
    re_path(r"^admission/summary\.(?P<fmt>xlsx|pdf)$", monitoring.admission_summary, name="admission_summary"),
    path("plans/", monitoring.plans, name="plans"),
    path("plans/export/", monitoring.plans_export, name="plans_export"),
    path("support-log/", monitoring.support_log, name="support_log"),
    path("support-log/export/", monitoring.support_log_export, name="support_log_export"),
    path("placements/", monitoring.placement_list, name="placement_list"),
    path("placements/export/", monitoring.placement_export, name="placement_export"),
    path("payments/", monitoring.payments, name="payments"),
    path("payments/export/", monitoring.payment_export, name="payment_export"),
    path("employment/", monitoring.employment, name="employment"),
    path("employment/import/", views_import.employment_import, name="employment_import"),
    path("employment/import/template.xlsx", views_import.import_template, {"kind": "employment"},
         name="employment_import_template"),
    re_path(r"^employment/report\.(?P<fmt>xlsx|pdf)$", monitoring.employment_report, name="employment_report"),
    path("alerts/", monitoring.alerts, name="alerts"),
]
