from django.db import transaction
from django.utils import timezone

from athena.audit.models import AuditChainHead, AuditEvent
from athena.logging import current_request_id


def audit_record(*, actor, action, obj=None, object_type="", object_id="", reason="",
                 details=None):
    """Append one event to the audit trail, chained to the one before it.

    Call it inside the transaction of the change it records, so both land or neither
    does. ``action`` is a dotted code such as ``people.person.viewed``. ``details`` must
    hold ids and codes, not copies of personal data.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    # No savepoint of its own: inside a change's transaction the event stands or falls
    # with the change; alone (a read's audit) this is the whole transaction.
    with transaction.atomic(savepoint=False):
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_username=getattr(actor, "username", "") or "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            reason=reason,
            request_id=current_request_id() or "",
            details=details or {},
            previous_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return event
