from django.urls import path

from custody import views

app_name = "custody"
urlpatterns = [
    path("", views.index, name="index"),
    path("book-in/", views.book_in, name="book_in"),
    path("records/<int:pk>/", views.record, name="record"),
    path("records/<int:pk>/authorise/", views.authorise, name="authorise"),
]
