"""The personal cabinet: the people's own entrance and pages, all under /cabinet/ (the scope middleware keeps
people there and officials out)."""

from django.urls import path

from . import views

app_name = "cabinet"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("join/", views.join, name="join"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("", views.home, name="home"),
    path("link/", views.link, name="link"),
    path("pupils/<int:pk>/", views.pupil, name="pupil"),
    path("pupils/<int:pk>/consent/", views.consent, name="consent"),
    path("pupils/<int:pk>/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("contracts/<int:pk>/", views.contract, name="contract"),
    path("contracts/<int:pk>/documents/", views.contract_documents, name="contract_documents"),
    path("pupils/<int:pk>/questions/", views.questions, name="questions"),
]
