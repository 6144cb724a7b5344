from django.urls import path

from intelligence import views

app_name = "intelligence"
urlpatterns = [
    path("", views.index, name="index"),
]
