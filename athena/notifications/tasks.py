"""The email of a notification, sent by the worker through the job pattern."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from athena.jobs.registry import job_handler
from athena.notifications.models import Notification
from athena.notifications.services import EMAIL_JOB


@job_handler(EMAIL_JOB)
def send_notification_email(job):
    """Send once: a notification already emailed (a duplicate delivery) sends nothing."""
    notification = (Notification.objects.select_related("recipient")
                    .filter(pk=job.object_id, emailed_at=None).first())
    if notification is None or not notification.recipient.email:
        return
    link = f"\n\n{settings.ATHENA_BASE_URL}{notification.url}" if notification.url else ""
    send_mail(subject=f"Athena: {notification.title}",
              message=f"{notification.body}{link}".strip(),
              from_email=settings.DEFAULT_FROM_EMAIL,
              recipient_list=[notification.recipient.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
