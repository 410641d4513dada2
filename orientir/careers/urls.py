"""URLs of career guidance: the programme bank (2.4.1), delivery (2.4.2), monitoring (2.4.3), career events
(2.4, 2.5), work with parents (2.7), exam-prep courses and results (2.8.4)."""

from django.urls import path, re_path

from . import views
from . import views_activities as act

app_name = "careers"

urlpatterns: list = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/export/", views.programme_export, name="programme_export"),
    path("programmes/new/", views.programme_edit, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/submit/", views.programme_submit, name="programme_submit"),
    path("programmes/<int:pk>/review/", views.programme_review, name="programme_review"),
    path("programmes/<int:pk>/files/", views.programme_file_add, name="programme_file_add"),
    path("programmes/<int:pk>/files/<int:file_pk>/", views.programme_file, name="programme_file"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/export/", views.run_export, name="run_export"),
    path("runs/new/", views.run_create, name="run_create"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/sessions/", views.run_session_add, name="run_session_add"),
    path("runs/<int:pk>/sessions/<int:session_pk>/delete/", views.run_session_delete, name="run_session_delete"),
    path("runs/<int:pk>/sessions/<int:session_pk>/attendance/", views.run_attendance, name="run_attendance"),
    path("runs/<int:pk>/participants/", views.run_participant_add, name="run_participant_add"),
    path("runs/<int:pk>/participants/<int:participant_pk>/remove/", views.run_participant_remove,
         name="run_participant_remove"),
    path("monitoring/", views.monitoring, name="monitoring"),
    re_path(r"^monitoring/report\.(?P<fmt>xlsx|pdf)$", views.monitoring_report, name="monitoring_report"),
    path("events/", act.event_list, name="event_list"),
    path("events/export/", act.event_export, name="event_export"),
    path("events/new/", act.event_edit, name="event_create"),
    path("events/<int:pk>/", act.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", act.event_edit, name="event_edit"),
    path("events/<int:pk>/participants/", act.event_participant_add, name="event_participant_add"),
    path("events/<int:pk>/attendance/", act.event_attendance, name="event_attendance"),
    path("parents/", act.parent_list, name="parent_list"),
    path("parents/export/", act.parent_export, name="parent_export"),
    path("parents/summary/", act.parent_summary, name="parent_summary"),
    path("parents/new/", act.parent_edit, name="parent_create"),
    path("parents/<int:pk>/edit/", act.parent_edit, name="parent_edit"),
    path("parents/<int:pk>/delete/", act.parent_delete, name="parent_delete"),
    path("courses/", act.course_list, name="course_list"),
    path("courses/export/", act.course_export, name="course_export"),
    path("courses/new/", act.course_create, name="course_create"),
    path("courses/report/", act.prep_report, name="prep_report"),
    re_path(r"^courses/report\.(?P<fmt>xlsx|pdf)$", act.prep_report_file, name="prep_report_file"),
    path("courses/<int:pk>/", act.course_detail, name="course_detail"),
    path("courses/<int:pk>/enrol/", act.course_enrol, name="course_enrol"),
    path("courses/<int:pk>/sessions/", act.course_session_add, name="course_session_add"),
    path("courses/<int:pk>/sessions/<int:session_pk>/attendance/", act.course_attendance, name="course_attendance"),
    path("courses/<int:pk>/results/", act.course_results, name="course_results"),
    path("results/", act.result_list, name="result_list"),
    path("results/export/", act.result_export, name="result_export"),
    path("results/new/", act.result_add, name="result_add"),
    path("results/<int:pk>/delete/", act.result_delete, name="result_delete"),
]
