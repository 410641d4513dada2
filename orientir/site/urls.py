"""The home page. It keeps the name `core:home` it had when core held it: config/urls.py mounts these patterns and
core's own (audit log, health, retention, marked uploads) under the one namespace `core`, so no template changes."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
]
