from django.urls import path

from athena.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("reason/", views.enquiry_reason, name="enquiry_reason"),
    path("new/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/aliases/new/", views.person_alias_add, name="person_alias_add"),
    path("<int:pk>/addresses/new/", views.person_address_add, name="person_address_add"),
    path("<int:pk>/vehicles/new/", views.person_vehicle_add, name="person_vehicle_add"),
    path("locations/new/", views.location_create, name="location_create"),
    path("locations/<int:pk>/", views.location_detail, name="location_detail"),
    path("vehicles/new/", views.vehicle_create, name="vehicle_create"),
    path("vehicles/<int:pk>/", views.vehicle_detail, name="vehicle_detail"),
]
