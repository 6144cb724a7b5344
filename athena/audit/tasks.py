from celery import shared_task

from athena.audit.services import audit_checkpoint_sign


@shared_task(name="athena.audit.checkpoint")
def checkpoint():
    """Periodic: sign the chain's position if events came since the last checkpoint.
    Running it twice signs once."""
    signed = audit_checkpoint_sign()
    return signed.event_count if signed else None
