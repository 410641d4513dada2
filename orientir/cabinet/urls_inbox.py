"""Officials' side of what people send from the cabinet (decision 65): documents to check, questions to answer."""

from django.urls import path

from . import views_inbox as views

app_name = "inbox"

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/export/", views.document_export, name="document_export"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("questions/", views.question_list, name="question_list"),
    path("questions/export/", views.question_export, name="question_export"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
]
