from django.urls import path, re_path

from orientir.core.routes import resource

from . import views, views_match, views_summary

app_name = "mentoring"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    *resource("programmes/", "programme", export=views.programme_export, create=views.programme_edit,
              detail=views.programme_detail, edit=views.programme_edit),
    re_path(r"^programmes/(?P<pk>\d+)/report\.(?P<fmt>xlsx|pdf)$", views.programme_report, name="programme_report"),
    path("programmes/<int:pk>/propose/", views_match.pair_propose, name="pair_propose"),
    path("match/", views_match.match, name="match"),
    *resource("mentors/", "mentor", list=views.mentor_list, export=views.mentor_export, create=views.mentor_edit,
              detail=views.mentor_detail, edit=views.mentor_edit),
    *resource("pairs/", "pair", list=views.pair_list, export=views.pair_export, detail=views.pair_detail),
    path("pairs/<int:pk>/transition/", views.pair_transition, name="pair_transition"),
    path("pairs/<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("pairs/<int:pk>/goals/<int:goal_pk>/", views.goal_mark, name="goal_mark"),
    path("pairs/<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path("pairs/<int:pk>/meetings/<int:meeting_pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("report/", views_summary.summary, name="summary"),
    re_path(r"^report\.(?P<fmt>xlsx|pdf)$", views_summary.summary_report, name="summary_report"),
]
