"""The email of a notification, sent by the worker through the job pattern; and the
notice administrators get of background work that failed for good."""

import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from athena.accounts.roles import Role
from athena.jobs.registry import TransientJobError, job_failure_listener, job_handler
from athena.notifications.models import Notification
from athena.notifications.services import EMAIL_JOB, notify


@job_handler(EMAIL_JOB)
def send_notification_email(job):
    """Send once: a notification already emailed (a duplicate delivery) sends nothing.
    A mail server that is down or busy is a transient failure, tried again later; one
    that refuses the message for good fails the job."""
    notification = (Notification.objects.select_related("recipient")
                    .filter(pk=job.object_id, emailed_at=None).first())
    if notification is None or not notification.recipient.email:
        return
    link = f"\n\n{settings.ATHENA_BASE_URL}{notification.url}" if notification.url else ""
    try:
        send_mail(subject=f"Athena: {notification.title}",
                  message=f"{notification.body}{link}".strip(),
                  from_email=settings.DEFAULT_FROM_EMAIL,
                  recipient_list=[notification.recipient.email])
    except (smtplib.SMTPException, OSError) as error:
        if _refused_for_good(error):
            raise
        raise TransientJobError(f"The mail server did not take the email "
                                f"({type(error).__name__}).") from error
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def _refused_for_good(error):
    """A 5xx answer, or every recipient refused: trying again would not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


@job_failure_listener
def tell_administrators_of_failed_work(job):
    """Tell administrators of a job that failed for good, in Athena only (by email it
    might wait on the very mail server that failed): the operators, who look after every
    force, and for a notification's email the administrators of the recipient's force."""
    error_type = job.last_error.partition(":")[0] or "unknown error"
    notify(recipients=_administrators_to_tell(force_id=_force_of(job)),
           title=f"Background work failed: {job.kind}",
           body=(f"Job {job.pk} ({job.kind}, {job.object_type} {job.object_id}) failed "
                 f"after {job.attempts} attempt(s): {error_type}. It will not be tried "
                 "again by itself."),
           email=False)


def _force_of(job):
    if job.kind != EMAIL_JOB or not job.object_id.isdigit():
        return None
    return (Notification.objects.filter(pk=job.object_id)
            .values_list("recipient__force_id", flat=True).first())


def _administrators_to_tell(*, force_id):
    wanted = Q(is_superuser=True) | Q(groups__name=Role.NATIONAL_ADMINISTRATOR.value)
    if force_id is not None:
        wanted |= Q(groups__name=Role.ADMINISTRATOR.value, force_id=force_id)
    return get_user_model().objects.filter(wanted, is_active=True).distinct()
