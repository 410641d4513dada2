"""URLs of career guidance: the programme bank (2.4.1), delivery (2.4.2), monitoring (2.4.3), career events
(2.4, 2.5), work with parents (2.7), exam-prep courses and results (2.8.4)."""

from django.urls import path, re_path

from orientir.core.routes import resource

from . import views
from . import views_activities as act

app_name = "careers"

urlpatterns: list = [
    *resource("programmes/", "programme", list=views.programme_list, export=views.programme_export,
              create=views.programme_edit, detail=views.programme_detail, edit=views.programme_edit),
    path("programmes/<int:pk>/submit/", views.programme_submit, name="programme_submit"),
    path("programmes/<int:pk>/review/", views.programme_review, name="programme_review"),
    path("programmes/<int:pk>/files/", views.programme_file_add, name="programme_file_add"),
    path("programmes/<int:pk>/files/<int:file_pk>/", views.programme_file, name="programme_file"),
    *resource("runs/", "run", list=views.run_list, export=views.run_export, create=views.run_create,
              detail=views.run_detail),
    path("runs/<int:pk>/sessions/", views.run_session_add, name="run_session_add"),
    path("runs/<int:pk>/sessions/<int:session_pk>/delete/", views.run_session_delete, name="run_session_delete"),
    path("runs/<int:pk>/sessions/<int:session_pk>/attendance/", views.run_attendance, name="run_attendance"),
    path("runs/<int:pk>/participants/", views.run_participant_add, name="run_participant_add"),
    path("runs/<int:pk>/participants/<int:participant_pk>/remove/", views.run_participant_remove,
         name="run_participant_remove"),
    path("monitoring/", views.monitoring, name="monitoring"),
    re_path(r"^monitoring/report\.(?P<fmt>xlsx|pdf)$", views.monitoring_report, name="monitoring_report"),
    *resource("events/", "event", list=act.event_list, export=act.event_export, create=act.event_edit,
              detail=act.event_detail, edit=act.event_edit),
    path("events/<int:pk>/participants/", act.event_participant_add, name="event_participant_add"),
    path("events/<int:pk>/attendance/", act.event_attendance, name="event_attendance"),
    *resource("parents/", "parent", list=act.parent_list, export=act.parent_export, create=act.parent_edit,
              edit=act.parent_edit, delete=act.parent_delete),
    path("parents/summary/", act.parent_summary, name="parent_summary"),
    *resource("courses/", "course", list=act.course_list, export=act.course_export, create=act.course_create,
              detail=act.course_detail),
    path("courses/report/", act.prep_report, name="prep_report"),
    re_path(r"^courses/report\.(?P<fmt>xlsx|pdf)$", act.prep_report_file, name="prep_report_file"),
    path("courses/<int:pk>/enrol/", act.course_enrol, name="course_enrol"),
    path("courses/<int:pk>/sessions/", act.course_session_add, name="course_session_add"),
    path("courses/<int:pk>/sessions/<int:session_pk>/attendance/", act.course_attendance, name="course_attendance"),
    path("courses/<int:pk>/results/", act.course_results, name="course_results"),
    *resource("results/", "result", list=act.result_list, export=act.result_export, delete=act.result_delete),
    path("results/new/", act.result_add, name="result_add"),
]
