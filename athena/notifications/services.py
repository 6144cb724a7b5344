"""Telling users what happened to their work: an in-app notification, and an email
sent by the worker (the job pattern), never in the request."""

from django.db import transaction
from django.utils import timezone

from athena.jobs.services import job_enqueue
from athena.notifications.models import Notification

EMAIL_JOB = "notifications.email"


def notify(*, recipients, title, body="", url="", email=True):
    """Notify each recipient. Call it inside the transaction of the change it reports:
    the rows land with the change, and each email job is sent once it commits.
    ``email=False``: in Athena only (news of a failed email must not wait on email)."""
    created = []
    with transaction.atomic():
        for recipient in {user.pk: user for user in recipients if user is not None}.values():
            notification = Notification.objects.create(recipient=recipient, title=title[:200],
                                                       body=body, url=url[:500])
            if email and recipient.email:
                job_enqueue(kind=EMAIL_JOB, obj=notification)
            created.append(notification)
    return created


def notification_mark_read(*, user, notification_ids=None):
    """Mark the user's notifications read: these ids, or all of them."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
