"""URLs of profile classes, motivated pupils and tutoring (plan items 2.1–2.3)."""

from django.urls import path, re_path

from orientir.core.routes import resource

from . import views_classes as views

urlpatterns: list = [
    *resource("classes/", "class", list=views.class_list, export=views.class_export, create=views.class_edit,
              detail=views.class_detail, edit=views.class_edit, delete=views.class_delete),
    path("classes/activities/", views.class_activity_list, name="class_activity_list"),
    path("classes/activities/export/", views.class_activity_export, name="class_activity_export"),
    path("classes/monitoring/", views.class_monitoring, name="class_monitoring"),
    re_path(r"^classes/monitoring/report\.(?P<fmt>xlsx|pdf)$", views.class_monitoring_report,
            name="class_monitoring_report"),
    path("classes/<int:pk>/roster/export/", views.class_roster_export, name="class_roster_export"),
    path("classes/<int:pk>/members/", views.class_member_add, name="class_member_add"),
    path("classes/<int:pk>/members/<int:member_pk>/remove/", views.class_member_remove, name="class_member_remove"),
    path("classes/<int:pk>/activities/", views.class_activity_add, name="class_activity_add"),
    path("classes/<int:pk>/activities/<int:activity_pk>/delete/", views.class_activity_delete,
         name="class_activity_delete"),
    *resource("motivated/", "motivated", list=views.motivated_list, export=views.motivated_export,
              create=views.motivated_edit, edit=views.motivated_edit, delete=views.motivated_delete),
]
