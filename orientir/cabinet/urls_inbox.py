"""Officials' side of what people send from the cabinet (decision 65): documents to check, questions to answer."""

from django.urls import path

from orientir.core.routes import resource

from . import views_inbox as views

app_name = "inbox"

urlpatterns = [
    *resource("documents/", "document", list=views.document_list, export=views.document_export,
              detail=views.document_detail),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    *resource("questions/", "question", list=views.question_list, export=views.question_export,
              detail=views.question_detail),
]
