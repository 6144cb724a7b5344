"""Digital Case File pages, included under /cases/dcf/ in the "cases" namespace."""

from django.urls import path

from cases.dcf import views

urlpatterns = [
    path("import/", views.dcf_import, name="dcf_import"),
    path("import/<str:token>/", views.dcf_import_progress, name="dcf_import_progress"),
]
