"""URLs of the targeted database, route sheets and their monitoring (plan items 2.8.1–2.8.5).

A route sheet belongs to one entry of the targeted database, so its pages are addressed by the entry.
The typical route sheets it is composed from are kept under route-templates/.
"""

from django.urls import path

from orientir.core.routes import resource

from . import views_route_templates as templates
from . import views_routes as views

urlpatterns = [
    *resource("targeted/", "targeted", list=views.targeted_list, export=views.targeted_export,
              create=views.targeted_create, edit=views.targeted_edit),
    path("targeted/summary.xlsx", views.targeted_summary_export, name="targeted_summary_export"),
    *resource("route-sheets/", "route_sheet", list=views.route_sheet_list, export=views.route_sheet_export),
    path("route-sheets/<int:pk>/", views.route_sheet, name="route_sheet"),
    path("route-sheets/<int:pk>/create/", views.route_sheet_create, name="route_sheet_create"),
    path("route-sheets/<int:pk>/sheet.<str:fmt>", views.route_sheet_file, name="route_sheet_file"),
    path("route-sheets/<int:pk>/items/", views.route_item_add, name="route_item_add"),
    path("route-sheets/<int:pk>/items/<int:item>/edit/", views.route_item_edit, name="route_item_edit"),
    path("route-sheets/<int:pk>/items/<int:item>/delete/", views.route_item_delete, name="route_item_delete"),
    path("route-sheets/<int:pk>/items/<int:item>/mark/", views.route_item_mark, name="route_item_mark"),
    *resource("route-templates/", "route_template", list=templates.route_template_list,
              export=templates.route_template_export, create=templates.route_template_create,
              edit=templates.route_template_edit, delete=templates.route_template_delete),
    path("route-templates/<int:pk>/", templates.route_template, name="route_template"),
    path("route-templates/<int:pk>/active/", templates.route_template_active, name="route_template_active"),
    path("route-templates/<int:pk>/items/", templates.route_template_item_add, name="route_template_item_add"),
    path("route-templates/<int:pk>/items/<int:item>/edit/", templates.route_template_item_edit,
         name="route_template_item_edit"),
    path("route-templates/<int:pk>/items/<int:item>/delete/", templates.route_template_item_delete,
         name="route_template_item_delete"),
    path("route-templates/<int:pk>/items/<int:item>/move/", templates.route_template_item_move,
         name="route_template_item_move"),
    path("route-monitoring/", views.route_monitoring, name="route_monitoring"),
    path("route-monitoring/report.<str:fmt>", views.route_monitoring_report, name="route_monitoring_report"),
    path("route-monitoring/behind.<str:fmt>", views.route_monitoring_behind, name="route_monitoring_behind"),
]
