"""Addresses of the outbox: entries made on a device and sent when the server is back,
and those the rules refused on arrival, until someone resolves them."""

from django.urls import path

from custody.offline import views

urlpatterns = [
    path("session/", views.session, name="offline_session"),
    path("not-saved/", views.not_saved, name="offline_not_saved"),
    path("entries/", views.entry_receive, name="offline_entries"),
    path("records/<int:pk>/refused/<int:entry_pk>/", views.refusal, name="offline_refusal"),
]
