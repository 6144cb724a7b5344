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

# Booking in: rights, risk assessment, property and needs (views_booking).
from custody import views_booking  # noqa: E402

urlpatterns += [
    path("records/<int:pk>/rights/", views_booking.rights, name="rights"),
    path("records/<int:pk>/risk-assessment/", views_booking.risk_assessment,
         name="risk_assessment"),
    path("records/<int:pk>/property/", views_booking.property_items, name="property"),
    path("records/<int:pk>/needs/", views_booking.needs, name="needs"),
]

from custody import views_detention  # noqa: E402

urlpatterns += [
    path("records/<int:pk>/reviews/new/", views_detention.review_add, name="review_add"),
    path("records/<int:pk>/extensions/new/", views_detention.extension_add,
         name="extension_add"),
    path("records/<int:pk>/warrants/new/", views_detention.warrant_add, name="warrant_add"),
    path("records/<int:pk>/charge/", views_detention.charge, name="charge"),
    path("records/<int:pk>/close/", views_detention.close, name="close"),
]

# Printing: the contingency pack and the detainee's copy.
from custody import views_pdf  # noqa: E402

urlpatterns += [
    path("records/<int:pk>/contingency.pdf", views_pdf.contingency_pdf,
         name="contingency_pdf"),
    path("contingency/<str:suite_code>.pdf", views_pdf.suite_contingency_pdf,
         name="suite_contingency_pdf"),
    path("records/<int:pk>/detainee-copy.pdf", views_pdf.detainee_copy,
         name="detainee_copy"),
]
