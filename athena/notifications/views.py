"""The user's notifications: unread first; opening one marks it read, and each can be
marked read with a plain POST."""

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from athena.next_page import local_path
from athena.notifications.models import Notification
from athena.notifications.services import notification_mark_read

PER_PAGE = 50


def _notifications_for(user):
    return (Notification.objects.filter(recipient=user)
            .annotate(is_read=Case(When(read_at=None, then=Value(0)), default=Value(1),
                                   output_field=IntegerField()))
            .order_by("is_read", "-created_at", "-pk"))


@require_GET
def notification_list(request):
    page = Paginator(_notifications_for(request.user), PER_PAGE).get_page(
        request.GET.get("page"))
    # The unread count is the header's (context_processors.py): counted once a page.
    return render(request, "notifications/list.html",
                  {"page": page, "notifications": page.object_list})


@require_POST
def notification_read(request):
    """Mark one notification read (``notification``: its id), or all of them (``all``).
    Only the user's own: another user's id, or anything that is not an id, marks none."""
    if "all" in request.POST:
        notification_mark_read(user=request.user)
    else:
        chosen = request.POST.get("notification", "")
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 19:
            notification_mark_read(user=request.user, notification_ids=[int(chosen)])
    return redirect("notifications:list")


@require_GET
def notification_open(request, pk):
    """Open a notification: it is read now, and the user goes where it points (a page of
    this site only; otherwise back to the list). Another user's is not found."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_ids=[notification.pk])
    return HttpResponseRedirect(local_path(request, notification.url)
                                or reverse("notifications:list"))
