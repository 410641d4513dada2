from django.urls import path

from orientir.core.routes import resource

from . import urls_classes, urls_routes, views, views_tutoring

app_name = "pupils"

urlpatterns = [
    *resource("pupils/", "pupil", list=views.pupil_list, export=views.pupil_export, create=views.pupil_edit,
              detail=views.pupil_detail, edit=views.pupil_edit),
    path("pupils/import/", views.pupil_import, name="pupil_import"),
    path("pupils/import/template.xlsx", views.import_template, name="import_template"),
    path("pupils/rollover/", views.rollover, name="rollover"),
    path("pupils/<int:pk>/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("pupils/<int:pk>/representatives/", views.representative_add, name="representative_add"),
    path("pupils/<int:pk>/representatives/<int:rep_id>/remove/", views.representative_remove,
         name="representative_remove"),
    path("pupils/<int:pk>/tutor/", views.tutor_assign, name="tutor_assign"),
    path("pupils/<int:pk>/tutor/<int:assignment_id>/remove/", views.tutor_unassign, name="tutor_unassign"),
    path("pupils/<int:pk>/tutoring/", views_tutoring.tutoring, name="tutoring"),
    path("pupils/<int:pk>/tutoring/steps/", views_tutoring.route_step_add, name="route_step_add"),
    path("pupils/<int:pk>/tutoring/steps/<int:step_id>/", views_tutoring.route_step_mark, name="route_step_mark"),
    *urls_classes.urlpatterns,
    *urls_routes.urlpatterns,
]
