from django.urls import path

from . import views

app_name = "staffing"

urlpatterns = [
    path("", views.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/export/", views.campaign_export, name="campaign_export"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("my/", views.my_return, name="my_return"),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("returns/<int:pk>/positions/", views.return_add_position, name="return_add_position"),
    path("returns/<int:pk>/lines/<int:line_id>/delete/", views.return_remove_line, name="return_remove_line"),
    path("returns/<int:pk>/template.xlsx", views.return_template, name="return_template"),
    path("returns/<int:pk>/import/", views.return_import, name="return_import"),
    path("returns/<int:pk>/send-back/", views.return_send_back, name="return_send_back"),
    path("consolidation/", views.consolidation, name="consolidation"),
]
