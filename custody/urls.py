from django.urls import include, path

from custody.authorisations import views as authorisations
from custody.booking import views as booking
from custody.detention import views as detention
from custody.healthcare import views as healthcare
from custody.medication import views as medication
from custody.offline import urls as offline_urls
from custody.records import views as records
from custody.suite import views as suite

app_name = "custody"
urlpatterns = [
    # The board, the record page, and printing.
    path("", suite.index, name="index"),
    path("records/<int:pk>/", suite.record, name="record"),
    path("records/<int:pk>/contingency.pdf", suite.contingency_pdf, name="contingency_pdf"),
    path("contingency/<str:suite_code>.pdf", suite.suite_contingency_pdf,
         name="suite_contingency_pdf"),
    path("records/<int:pk>/detainee-copy.pdf", suite.detainee_copy, name="detainee_copy"),
    # The contingency pack as pages the browser keeps for an outage.
    path("records/<int:pk>/contingency/", suite.contingency, name="contingency"),
    path("contingency/pack.css", suite.contingency_stylesheet, name="contingency_css"),
    path("contingency/<str:suite_code>/", suite.suite_contingency, name="suite_contingency"),
    path("records/<int:pk>/notes/new/", records.note_new, name="note_new"),
    # Booking in: the record opened, rights, risk assessment, property and needs.
    path("book-in/", booking.book_in, name="book_in"),
    path("records/<int:pk>/rights-risk-needs/", booking.rights_risk_needs,
         name="rights_risk_needs"),
    path("records/<int:pk>/rights/", booking.rights, name="rights"),
    path("records/<int:pk>/risk-assessment/", booking.risk_assessment,
         name="risk_assessment"),
    path("records/<int:pk>/property/", booking.property_items, name="property"),
    path("records/<int:pk>/needs/", booking.needs, name="needs"),
    # The detention clock.
    path("records/<int:pk>/authorise/", authorisations.authorise, name="authorise"),
    path("records/<int:pk>/authorisations/<str:kind>/new/", authorisations.authorisation_new,
         name="authorisation_new"),
    path("records/<int:pk>/authorisations/<int:authorisation_id>/end/",
         authorisations.delay_ended, name="delay_ended"),
    path("records/<int:pk>/reviews/new/", detention.review_add, name="review_add"),
    path("records/<int:pk>/extensions/new/", detention.extension_add, name="extension_add"),
    path("records/<int:pk>/warrants/new/", detention.warrant_add, name="warrant_add"),
    path("records/<int:pk>/hospital/new/", detention.hospital_add, name="hospital_add"),
    path("records/<int:pk>/charge/", detention.charge, name="charge"),
    path("records/<int:pk>/close/", detention.close, name="close"),
    # Healthcare.
    path("records/<int:pk>/healthcare/", healthcare.healthcare, name="healthcare"),
    path("records/<int:pk>/healthcare/directions/<int:direction_pk>/acknowledge/",
         healthcare.hcp_acknowledge, name="hcp_acknowledge"),
    path("records/<int:pk>/observation-level/", healthcare.observation_level,
         name="observation_level"),
    path("records/<int:pk>/checks/new/", healthcare.check_new, name="check_new"),
    # Medication.
    path("records/<int:pk>/medication/", medication.medication, name="medication"),
    path("records/<int:pk>/medication/due/", medication.dose_due, name="dose_due"),
    path("records/<int:pk>/medication/add/", medication.plan_add, name="plan_add"),
    path("records/<int:pk>/medication/<int:plan_id>/dose/", medication.dose_add,
         name="dose_add"),
    # Entries made on a device in an outage, sent when the server is back.
    path("offline/", include(offline_urls)),
]
