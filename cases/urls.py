"""Every page of the case files, in the "cases" namespace: building a file here, and each
part's own patterns beside its views (parties/, review/, cps/, dashboard/, dcf/)."""

from django.urls import include, path

from cases import find, views
from cases.cps import urls as cps_urls
from cases.dashboard import urls as dashboard_urls
from cases.dcf import urls as dcf_urls
from cases.parties import urls as parties_urls
from cases.quick import views as quick
from cases.review import urls as review_urls

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.case_start, name="new"),
    path("find/", find.find, name="find"),
    path("quick/<str:code>/", quick.quick_file, name="quick"),
    path("<int:pk>/check/", quick.check, name="check"),
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
    *parties_urls.urlpatterns,
    *review_urls.urlpatterns,
    *cps_urls.urlpatterns,
    *dashboard_urls.urlpatterns,
    path("dcf/<int:pk>/export/", views.dcf_download, name="dcf_export"),
    path("dcf/", include(dcf_urls.urlpatterns)),
]
