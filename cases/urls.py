from django.urls import path

from cases import views, views_parties

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.case_start, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/details/", views.case_details_edit, name="details"),
    path("<int:pk>/sections/<str:kind>/", views.section_edit, name="section"),
    path("<int:pk>/sections/<str:kind>/items/", views.items, name="items"),
    path("<int:pk>/sections/<str:kind>/items/new/", views.item_edit, name="item_add"),
    path("<int:pk>/sections/<str:kind>/items/<int:item_id>/", views.item_edit,
         name="item_edit"),
    path("<int:pk>/sections/<str:kind>/items/<int:item_id>/delete/", views.item_delete,
         name="item_delete"),
    path("<int:pk>/exhibits/<int:item_id>/file/", views.exhibit_file, name="exhibit_file"),
    path("<int:pk>/submit/", views.case_submit, name="submit"),
    path("<int:pk>/submissions/<int:submission_id>/", views.submission, name="submission"),
    path("<int:pk>/submissions/<int:submission_id>/bundle.pdf", views.bundle,
         name="bundle"),
    path("<int:pk>/submissions/<int:submission_id>/restricted.pdf", views.bundle,
         {"part": "restricted"}, name="restricted_bundle"),
    path("<int:pk>/offences/new/", views_parties.offence_add, name="offence_add"),
    path("<int:pk>/suspects/<int:suspect_id>/offences/new/", views_parties.offence_add,
         name="suspect_offence_add"),
    path("<int:pk>/offences/<int:charged_id>/", views_parties.offence_change,
         name="offence_change"),
    path("<int:pk>/offences/<int:charged_id>/remove/", views_parties.offence_remove,
         name="offence_remove"),
    path("<int:pk>/suspects/new/", views_parties.suspect_add, name="suspect_add"),
    path("<int:pk>/participants/new/", views_parties.participant_add,
         name="participant_add"),
    path("<int:pk>/participants/<int:participant_id>/remove/",
         views_parties.participant_remove, name="participant_remove"),
]
