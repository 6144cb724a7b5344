from django.urls import path

from athena.offences import picker

app_name = "offences"
urlpatterns = [
    path("picker/", picker.offence_picker_results, name="picker_results"),
]
