from django.urls import path

from . import views

app_name = "forecast"

urlpatterns = [
    path("", views.forecast_page, name="index"),
    path("snapshots/", views.snapshots, name="snapshots"),
    path("snapshots/new/", views.snapshot_create, name="snapshot_create"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot_detail"),
    path("snapshots/<int:pk>/<str:kind>.<str:fmt>", views.snapshot_report, name="snapshot_report"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
    path("backtest/", views.backtest_page, name="backtest"),
    path("backtest/export/", views.backtest_export, name="backtest_export"),
]
