from django.urls import path

from . import views, views_retention

# Mounted in config/urls.py under the namespace `core` together with the home page, which orientir.site holds.
app_name = "core"

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("health/", views.health, name="health"),
    path("personal-data/retention/", views_retention.retention_list, name="retention"),
    path("personal-data/retention/export.xlsx", views_retention.retention_export, name="retention_export"),
    path("personal-data/retention/destroy/", views_retention.retention_destroy, name="retention_destroy"),
    path("personal-data/acts/<int:pk>/act.docx", views_retention.destruction_act, name="destruction_act"),
    path("imports/<slug:kind>/<str:token>/marked.xlsx", views.import_marked, name="import_marked"),
]
