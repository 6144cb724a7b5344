from django.urls import path

from custody import views, views_healthcare, views_medication

app_name = "custody"
urlpatterns = [
    path("", views.index, name="index"),
    path("book-in/", views.book_in, name="book_in"),
    path("records/<int:pk>/", views.record, name="record"),
    path("records/<int:pk>/authorise/", views.authorise, name="authorise"),
    path("records/<int:pk>/healthcare/", views_healthcare.healthcare, name="healthcare"),
    path("records/<int:pk>/healthcare/directions/<int:direction_pk>/acknowledge/",
         views_healthcare.hcp_acknowledge, name="hcp_acknowledge"),
    path("records/<int:pk>/observation-level/", views_healthcare.observation_level,
         name="observation_level"),
    path("records/<int:pk>/checks/new/", views_healthcare.check_new, name="check_new"),
    path("records/<int:pk>/medication/", views_medication.medication, name="medication"),
    path("records/<int:pk>/medication/due/", views_medication.dose_due, name="dose_due"),
    path("records/<int:pk>/medication/add/", views_medication.plan_add, name="plan_add"),
    path("records/<int:pk>/medication/<int:plan_id>/dose/", views_medication.dose_add,
         name="dose_add"),
]
