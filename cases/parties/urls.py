"""Pages of who and what a file is about, in the "cases" namespace (cases/urls.py adds
these patterns)."""

from django.urls import path

from cases.parties import views

urlpatterns = [
    path("<int:pk>/offences/new/", views.offence_add, name="offence_add"),
    path("<int:pk>/suspects/<int:suspect_id>/offences/new/", views.offence_add,
         name="suspect_offence_add"),
    path("<int:pk>/offences/<int:charged_id>/", views.offence_change, name="offence_change"),
    path("<int:pk>/offences/<int:charged_id>/remove/", views.offence_remove,
         name="offence_remove"),
    path("<int:pk>/suspects/new/", views.suspect_add, name="suspect_add"),
    path("<int:pk>/defendants/<int:suspect_id>/", views.defendant_edit, name="defendant"),
    path("<int:pk>/participants/new/", views.participant_add, name="participant_add"),
    path("<int:pk>/participants/<int:participant_id>/remove/", views.participant_remove,
         name="participant_remove"),
]
