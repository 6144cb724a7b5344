from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from athena.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from athena.audit.signing import current_key, sign
from athena.audit.sink import sink_append_after_commit
from athena.logging import current_request_id


def audit_record(*, actor, action, obj=None, object_type="", object_id="", reason="",
                 details=None):
    """Append one event to the audit trail; the worker seals it into the chain shortly.

    Call it inside the transaction of the change it records, so both land or neither
    does. ``action`` is a dotted code such as ``people.person.viewed``. ``details`` must
    hold ids and codes, not copies of personal data. One INSERT and no lock, so audited
    page views never wait for one another (see ``audit_seal_pending``).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_username=getattr(actor, "username", "") or "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        reason=_storable(reason),
        request_id=current_request_id() or "",
        details=_storable(details or {}),
    )


def audit_seal_pending(*, batch_size=2000):
    """Chain every committed event not yet chained, in id order; return how many.

    Each event takes the next place in the chain and the hash of the one before it, and
    every ``ATHENA_AUDIT_CHECKPOINT_EVERY``th place signs a checkpoint. One sealer at a
    time holds the chain's head; page views never take it. The worker runs this every
    few seconds; checkpoints and ``verify_audit`` run it first, so they cover the newest
    events. Events are read back from the database before they are hashed, so the hash
    is of exactly what is stored.
    """
    sealed = 0
    while True:
        with transaction.atomic():
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
            pending = list(AuditEvent.objects.filter(chain_position__isnull=True)
                           .order_by("id")[:batch_size])
            for event in pending:
                _seal(event, head)
            if pending:
                head.save(update_fields=["last_hash", "last_event_id", "event_count"])
        sealed += len(pending)
        if len(pending) < batch_size:
            return sealed


def _seal(event, head):
    event.chain_position = head.event_count + 1
    event.previous_hash = head.last_hash
    event.hash = event.compute_hash()
    AuditEvent.objects.filter(pk=event.pk).seal(chain_position=event.chain_position,
                                                previous_hash=event.previous_hash,
                                                hash=event.hash)
    head.event_count = event.chain_position
    head.last_hash = event.hash
    head.last_event_id = event.pk
    if head.event_count % settings.ATHENA_AUDIT_CHECKPOINT_EVERY == 0:
        _checkpoint_sign(head)


def _storable(value):
    """``value`` with NUL characters removed from every string in it.

    Search terms come straight from the address bar, and PostgreSQL can hold a NUL in
    neither text nor JSON: left in, a hostile query would turn its own audit into a 500.
    """
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_storable(item) for item in value]
    return value


def audit_checkpoint_sign():
    """Sign where the chain stands now, unless no event came since the last checkpoint.

    For ``manage.py audit_checkpoint`` and the worker's periodic task, so a quiet trail is
    still signed within minutes, not only every so many events. Seals pending events
    first. Returns the checkpoint, or ``None`` when there was nothing new to sign.
    """
    audit_seal_pending()
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None or head.event_count == 0:
            return None
        latest = AuditCheckpoint.objects.order_by("-event_count").first()
        # A head behind the latest checkpoint has been rewound: verify_audit reports it;
        # signing here would only fail on the unique count.
        if latest is not None and latest.event_count >= head.event_count:
            return None
        return _checkpoint_sign(head)


def _checkpoint_sign(head):
    """Store a signed checkpoint of ``head`` (locked by the caller) and, once the
    transaction commits, append it to the sink outside the database."""
    key = current_key()
    checkpoint = AuditCheckpoint(created_at=timezone.now(), event_count=head.event_count,
                                 event_id=head.last_event_id, chain_hash=head.last_hash,
                                 key_id=key.key_id)
    checkpoint.signature = sign(checkpoint.signed_fields(), key)
    checkpoint.save()
    transaction.on_commit(partial(sink_append_after_commit, checkpoint.signed_fields(),
                                  checkpoint.signature))
    return checkpoint
