"""The case-file routes of the API, included by athena/api_urls.py under /api/cases/."""

from django.urls import path

from cases.api import views

urlpatterns = [
    path("", views.CaseFileList.as_view(), name="case-list"),
    path("<int:pk>/", views.CaseFileDetail.as_view(), name="case-detail"),
    path("<int:pk>/dcf/", views.CaseFileDcf.as_view(), name="case-dcf"),
]
