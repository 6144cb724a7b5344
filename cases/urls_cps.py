"""Pages of the CPS handover and the quality dashboard, in the ``cases`` namespace
(cases/urls.py adds these patterns)."""

from django.urls import path

from cases import views_cps, views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    # Police side.
    path("<int:pk>/cps/", views_cps.cps_file, name="cps_file"),
    path("<int:pk>/cps/send/", views_cps.cps_send, name="cps_send"),
    path("<int:pk>/cps/actions/<int:action_id>/done/", views_cps.cps_action_done,
         name="cps_action_done"),
    # CPS side.
    path("cps/", views_cps.cps_index, name="cps_index"),
    path("cps/<int:pk>/", views_cps.cps_review, name="cps_review"),
    path("cps/<int:pk>/decision/", views_cps.cps_decide, name="cps_decide"),
    path("cps/<int:pk>/handovers/<int:handover_id>/bundle.pdf", views_cps.cps_bundle,
         name="cps_bundle"),
    path("cps/<int:pk>/handovers/<int:handover_id>/restricted.pdf", views_cps.cps_bundle,
         {"part": "restricted"}, name="cps_restricted_bundle"),
    path("cps/<int:pk>/handovers/<int:handover_id>/dcf.json", views_cps.cps_dcf,
         name="cps_dcf"),
]
