from django.urls import path

from athena.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
]
