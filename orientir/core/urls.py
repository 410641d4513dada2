from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
    path("health/", views.health, name="health"),
    path("imports/<slug:kind>/<str:token>/marked.xlsx", views.import_marked, name="import_marked"),
]
