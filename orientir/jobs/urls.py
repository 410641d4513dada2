from django.urls import path

from orientir.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/row/", views.job_row, name="row"),
    path("<int:pk>/download/", views.job_download, name="download"),
]
