"""URLs of profile classes, motivated pupils and tutoring (plan items 2.1–2.3)."""

from django.urls import path, re_path

from . import views_classes as views

urlpatterns: list = [
    path("classes/", views.class_list, name="class_list"),
    path("classes/export/", views.class_export, name="class_export"),
    path("classes/new/", views.class_edit, name="class_create"),
    path("classes/activities/", views.class_activity_list, name="class_activity_list"),
    path("classes/activities/export/", views.class_activity_export, name="class_activity_export"),
    path("classes/monitoring/", views.class_monitoring, name="class_monitoring"),
    re_path(r"^classes/monitoring/report\.(?P<fmt>xlsx|pdf)$", views.class_monitoring_report,
            name="class_monitoring_report"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("classes/<int:pk>/delete/", views.class_delete, name="class_delete"),
    path("classes/<int:pk>/roster/export/", views.class_roster_export, name="class_roster_export"),
    path("classes/<int:pk>/members/", views.class_member_add, name="class_member_add"),
    path("classes/<int:pk>/members/<int:member_pk>/remove/", views.class_member_remove, name="class_member_remove"),
    path("classes/<int:pk>/activities/", views.class_activity_add, name="class_activity_add"),
    path("classes/<int:pk>/activities/<int:activity_pk>/delete/", views.class_activity_delete,
         name="class_activity_delete"),
    path("motivated/", views.motivated_list, name="motivated_list"),
    path("motivated/export/", views.motivated_export, name="motivated_export"),
    path("motivated/new/", views.motivated_edit, name="motivated_create"),
    path("motivated/<int:pk>/edit/", views.motivated_edit, name="motivated_edit"),
    path("motivated/<int:pk>/delete/", views.motivated_delete, name="motivated_delete"),
]
