from django.urls import path

from cases import offence_picker, views

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.case_start, name="new"),
    path("offence-picker/", offence_picker.offence_picker_results,
         name="offence_picker_results"),
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
]
