"""The dashboard's page, in the "cases" namespace (cases/urls.py adds it)."""

from django.urls import path

from cases.dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
