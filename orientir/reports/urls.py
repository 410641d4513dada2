from django.urls import path, re_path

from . import views, views_book

app_name = "reports"

urlpatterns = [
    path("funnel/", views.funnel, name="funnel"),
    re_path(r"^funnel/report\.(?P<fmt>xlsx|pdf)$", views.funnel_export, name="funnel_export"),
    path("funnel/<slug:stage>/", views.funnel_people, name="funnel_people"),
    path("book/", views.report_book, name="book"),
    path("book/archive/", views_book.report_book_archive, name="book_archive"),
]
