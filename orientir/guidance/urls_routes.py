"""URLs of the targeted database, route sheets and their monitoring (plan items 2.8.1–2.8.5).

A route sheet belongs to one entry of the targeted database, so its pages are addressed by the entry.
"""

from django.urls import path

from . import views_routes as views

urlpatterns = [
    path("targeted/", views.targeted_list, name="targeted_list"),
    path("targeted/export/", views.targeted_export, name="targeted_export"),
    path("targeted/summary.xlsx", views.targeted_summary_export, name="targeted_summary_export"),
    path("targeted/new/", views.targeted_create, name="targeted_create"),
    path("targeted/<int:pk>/edit/", views.targeted_edit, name="targeted_edit"),
    path("route-sheets/", views.route_sheet_list, name="route_sheet_list"),
    path("route-sheets/export/", views.route_sheet_export, name="route_sheet_export"),
    path("route-sheets/<int:pk>/", views.route_sheet, name="route_sheet"),
    path("route-sheets/<int:pk>/create/", views.route_sheet_create, name="route_sheet_create"),
    path("route-sheets/<int:pk>/sheet.<str:fmt>", views.route_sheet_file, name="route_sheet_file"),
    path("route-sheets/<int:pk>/items/", views.route_item_add, name="route_item_add"),
    path("route-sheets/<int:pk>/items/<int:item>/edit/", views.route_item_edit, name="route_item_edit"),
    path("route-sheets/<int:pk>/items/<int:item>/delete/", views.route_item_delete, name="route_item_delete"),
    path("route-sheets/<int:pk>/items/<int:item>/mark/", views.route_item_mark, name="route_item_mark"),
    path("route-monitoring/", views.route_monitoring, name="route_monitoring"),
    path("route-monitoring/report.<str:fmt>", views.route_monitoring_report, name="route_monitoring_report"),
    path("route-monitoring/behind.<str:fmt>", views.route_monitoring_behind, name="route_monitoring_behind"),
]
