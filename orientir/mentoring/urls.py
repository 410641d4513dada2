from django.urls import path, re_path

from . import views, views_match, views_summary

app_name = "mentoring"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("programmes/export/", views.programme_export, name="programme_export"),
    path("programmes/new/", views.programme_edit, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    re_path(r"^programmes/(?P<pk>\d+)/report\.(?P<fmt>xlsx|pdf)$", views.programme_report, name="programme_report"),
    path("programmes/<int:pk>/propose/", views_match.pair_propose, name="pair_propose"),
    path("match/", views_match.match, name="match"),
    path("mentors/", views.mentor_list, name="mentor_list"),
    path("mentors/export/", views.mentor_export, name="mentor_export"),
    path("mentors/new/", views.mentor_edit, name="mentor_create"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor_detail"),
    path("mentors/<int:pk>/edit/", views.mentor_edit, name="mentor_edit"),
    path("pairs/", views.pair_list, name="pair_list"),
    path("pairs/export/", views.pair_export, name="pair_export"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/transition/", views.pair_transition, name="pair_transition"),
    path("pairs/<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("pairs/<int:pk>/goals/<int:goal_pk>/", views.goal_mark, name="goal_mark"),
    path("pairs/<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path("pairs/<int:pk>/meetings/<int:meeting_pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("report/", views_summary.summary, name="summary"),
    re_path(r"^report\.(?P<fmt>xlsx|pdf)$", views_summary.summary_report, name="summary_report"),
]
