"""Officials' side of the cabinet: invitations issued from the pupil card, the contract card and the student page."""

from django.urls import path

from . import views

app_name = "invitations"

urlpatterns = [
    path("pupils/<int:pk>/", views.invite_pupil, name="pupil"),
    path("contracts/<int:pk>/", views.invite_contract, name="contract"),
]
