from django.urls import path

from intelligence import views_reports, views_search

app_name = "intelligence"
urlpatterns = [
    path("", views_reports.index, name="index"),
    # Writing and evaluating reports
    path("reports/new/", views_reports.report_create, name="report_create"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views_reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/links/", views_reports.report_links, name="report_links"),
    path("reports/<int:pk>/links/<int:link_pk>/remove/", views_reports.report_link_remove,
         name="report_link_remove"),
    path("reports/<int:pk>/submit/", views_reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/answer/", views_reports.report_answer, name="report_answer"),
    path("reports/<int:pk>/evaluate/", views_reports.report_evaluate,
         name="report_evaluate"),
    path("evaluation/", views_reports.evaluation_queue, name="evaluation_queue"),
    # Finding and reading intelligence, with the reason for it
    path("search/", views_search.search, name="search"),
    path("reason/", views_search.access_reason, name="access_reason"),
    path("subjects/<int:person_pk>/", views_search.subject_profile, name="subject_profile"),
    path("subjects/<int:person_pk>/access/", views_search.subject_access_log,
         name="subject_access_log"),
    # Retention (MoPI)
    path("retention/", views_search.retention_queue, name="retention_queue"),
    path("reports/<int:pk>/retention/", views_search.retention_review,
         name="retention_review"),
]
