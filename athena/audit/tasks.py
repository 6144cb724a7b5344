from celery import shared_task

from athena.audit.services import audit_checkpoint_sign, audit_seal_pending


@shared_task(name="athena.audit.checkpoint")
def checkpoint():
    """Periodic: sign the chain's position if events came since the last checkpoint.
    Running it twice signs once."""
    signed = audit_checkpoint_sign()
    return signed.event_count if signed else None


@shared_task(name="athena.audit.seal")
def seal():
    """Periodic, every few seconds: chain the events page views appended since."""
    return audit_seal_pending()
