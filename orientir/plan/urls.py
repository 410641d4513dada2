from django.urls import path

from orientir.core.routes import resource

from . import views

app_name = "plan"

urlpatterns = [
    path("my/", views.my_tasks, name="my_tasks"),
    *resource("tasks/", "task", list=views.task_list, export=views.task_export, detail=views.task_detail),
    path("tasks/<int:pk>/start/", views.task_start, name="task_start"),
    path("tasks/<int:pk>/close/", views.task_close, name="task_close"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
    path("tasks/<int:pk>/evidence/", views.task_evidence, name="task_evidence"),
    path("year/", views.year_grid, name="year_grid"),
    path("calendar/", views.month_calendar, name="calendar"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
    path("calendar-feed/", views.calendar_feed_settings, name="calendar_feed"),
    path("ical/<str:token>.ics", views.ical_feed, name="ical_feed"),
    path("items/", views.plan_items, name="plan_items"),
    path("items/<int:pk>/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/retire/", views.item_retire, name="item_retire"),
    path("versions/", views.versions, name="versions"),
    path("versions/<int:version_pk>/items/new/", views.item_edit, name="item_create"),
    path("versions/<int:pk>/generate/", views.version_generate, name="version_generate"),
    path("check/", views.plan_check, name="plan_check"),
]
