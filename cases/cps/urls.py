"""Pages of the CPS handover, in the "cases" namespace (cases/urls.py adds these
patterns)."""

from django.urls import path

from cases.cps import views

urlpatterns = [
    # Police side.
    path("<int:pk>/cps/", views.cps_file, name="cps_file"),
    path("<int:pk>/cps/send/", views.cps_send, name="cps_send"),
    path("<int:pk>/cps/actions/<int:action_id>/done/", views.cps_action_done,
         name="cps_action_done"),
    # CPS side.
    path("cps/", views.cps_index, name="cps_index"),
    path("cps/<int:pk>/", views.cps_review, name="cps_review"),
    path("cps/<int:pk>/decision/", views.cps_decide, name="cps_decide"),
    path("cps/<int:pk>/handovers/<int:handover_id>/bundle.pdf", views.cps_bundle,
         name="cps_bundle"),
    path("cps/<int:pk>/handovers/<int:handover_id>/restricted.pdf", views.cps_bundle,
         {"part": "restricted"}, name="cps_restricted_bundle"),
    path("cps/<int:pk>/handovers/<int:handover_id>/dcf.json", views.cps_dcf,
         name="cps_dcf"),
]
