from dataclasses import dataclass

from athena.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    event_id: int | None
    problem: str


def audit_chain_breaks(*, batch_size=2000):
    """Walk the whole trail in order and return every place the hash chain is broken.

    A changed row no longer matches its own hash; a deleted row leaves the next event
    pointing at a hash that is not the one before it; a deleted last row leaves the chain
    head pointing past the end.
    """
    breaks = []
    expected_previous = GENESIS_HASH
    last_id = None
    events = AuditEvent.objects.order_by("id")
    for event in events.iterator(chunk_size=batch_size):
        if event.previous_hash != expected_previous:
            breaks.append(ChainBreak(event.pk, "does not follow the event before it "
                                               "(an event was removed or reordered)"))
        if event.compute_hash() != event.hash:
            breaks.append(ChainBreak(event.pk, "its content does not match its hash "
                                               "(the event was altered)"))
        expected_previous = event.hash
        last_id = event.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != expected_previous
                             or head.last_event_id != last_id):
        breaks.append(ChainBreak(None, "the chain ends before its recorded last event "
                                       "(the newest events were removed)"))
    return breaks


def audit_events_filtered(*, user_id=None, action="", object_type="", object_id="",
                          date_from=None, date_to=None):
    events = AuditEvent.objects.select_related("actor")
    if user_id:
        events = events.filter(actor_id=user_id)
    if action:
        events = events.filter(action__startswith=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    return events
