"""Digital Case File pages, included under /cases/dcf/ in the "cases" namespace."""

from django.urls import path

from cases import views_dcf

urlpatterns = [
    path("import/", views_dcf.dcf_import, name="dcf_import"),
    path("import/<str:token>/", views_dcf.dcf_import_progress, name="dcf_import_progress"),
    path("<int:pk>/export/", views_dcf.dcf_export, name="dcf_export"),
]
