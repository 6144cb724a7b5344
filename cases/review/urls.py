"""Pages of the supervisor's review and the file's history, in the "cases" namespace
(cases/urls.py adds these patterns)."""

from django.urls import path

from cases.review import views

urlpatterns = [
    path("review/", views.queue, name="review_queue"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/review/complete/", views.review_complete, name="review_complete"),
    path("<int:pk>/review/return-not-ready/", views.return_not_ready,
         name="review_return_not_ready"),
    path("<int:pk>/review/<str:kind>/approve/", views.section_approve, name="review_approve"),
    path("<int:pk>/review/<str:kind>/return/", views.section_return, name="review_return"),
    path("<int:pk>/review/<str:kind>/correct/", views.section_correct, name="review_correct"),
    path("<int:pk>/review/<str:kind>/items/<int:item_id>/correct/", views.section_correct,
         name="review_item_correct"),
]
