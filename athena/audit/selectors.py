from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from athena.audit.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditEvent
from athena.audit.presentation import records_about
from athena.audit.signing import known_keys, signature_problem
from athena.audit.sink import default_sink_path, sink_read


@dataclass(frozen=True)
class ChainBreak:
    event_id: int | None
    problem: str
    # BROKEN (the hash chain), TRUNCATED, RE-HASHED, FORGED, CHECKPOINT REMOVED, SINK.
    kind: str = "BROKEN"


@dataclass
class _Walk:
    breaks: list = field(default_factory=list)
    event_count: int = 0
    last_event_id: int | None = None
    # event id -> (its number in the trail, its stored hash), for the ids asked about.
    positions: dict = field(default_factory=dict)


def _chain_walk(*, batch_size, event_ids=frozenset()):
    walk = _Walk()
    expected_previous = GENESIS_HASH
    events = AuditEvent.objects.filter(chain_position__isnull=False).order_by("chain_position")
    for event in events.iterator(chunk_size=batch_size):
        walk.event_count += 1
        if event.previous_hash != expected_previous:
            walk.breaks.append(ChainBreak(event.pk, "does not follow the event before it "
                                                    "(an event was removed or reordered)"))
        if event.compute_hash() != event.hash:
            walk.breaks.append(ChainBreak(event.pk, "its content does not match its hash "
                                                    "(the event was altered)"))
        if event.pk in event_ids:
            walk.positions[event.pk] = (walk.event_count, event.hash)
        expected_previous = event.hash
        walk.last_event_id = event.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != expected_previous
                             or head.last_event_id != walk.last_event_id):
        walk.breaks.append(ChainBreak(None, "the chain ends before its recorded last event "
                                            "(the newest events were removed)"))
    elif head is not None and head.event_count != walk.event_count and not walk.breaks:
        walk.breaks.append(ChainBreak(None, f"the chain head counts {head.event_count} "
                                            f"events but the trail holds {walk.event_count}"))
    return walk


def audit_chain_breaks(*, batch_size=2000):
    """Walk the whole trail in order and return every place the hash chain is broken.

    Only sealed events are chained (``audit_seal_pending``). A changed row no longer
    matches its own hash; a deleted row leaves the next event
    pointing at a hash that is not the one before it; a deleted last row leaves the chain
    head pointing past the end. Someone who can write to the database can hide all three
    (rewind the head, recompute the hashes): ``audit_trail_verify`` also checks the chain
    against its signed checkpoints.
    """
    return _chain_walk(batch_size=batch_size).breaks


@dataclass
class TrailVerification:
    breaks: list
    warnings: list
    event_count: int
    database_checkpoints: int
    sink_checkpoints: int
    sink_paths: list


def audit_trail_verify(*, sink_paths=None, batch_size=2000):
    """Check the hash chain, every checkpoint's signature, and the database against the
    checkpoints in the sink files outside it.

    Catches what the chain alone cannot: the newest events deleted and the head rewound
    (an event a checkpoint signed is gone: TRUNCATED), an event altered and every later
    hash recomputed (the hash at a checkpoint is not the signed one: RE-HASHED), a
    checkpoint written into the database without the key (FORGED) and checkpoint rows
    deleted (in the sink, not in the database: CHECKPOINT REMOVED). Events after the
    last checkpoint are covered by the chain only.
    """
    sink_paths = [str(path) for path in (sink_paths or [default_sink_path()])]
    keys = known_keys()
    breaks, warnings = [], []

    database = {}
    stored = list(AuditCheckpoint.objects.order_by("event_count"))
    for checkpoint in stored:
        fields = checkpoint.signed_fields()
        problem = signature_problem(fields, checkpoint.signature, keys)
        if problem:
            breaks.append(ChainBreak(checkpoint.event_id, (
                f"checkpoint {checkpoint.pk} (after {checkpoint.event_count} events) "
                f"{problem}: it was forged or altered in the database"), "FORGED"))
        database[checkpoint.event_count] = (fields, problem is None)

    sink, sink_breaks = _sink_checkpoints(sink_paths, keys, have_checkpoints=bool(stored))
    breaks += sink_breaks
    for count, fields in sorted(sink.items()):
        stored_fields, _ = database.get(count, (None, False))
        if stored_fields is None:
            breaks.append(ChainBreak(fields["event_id"], (
                f"the sink's checkpoint after {count} events (signed "
                f"{fields['created_at']}) is not in the database: checkpoint rows were "
                "deleted"), "CHECKPOINT REMOVED"))
        elif stored_fields != fields:
            breaks.append(ChainBreak(fields["event_id"], (
                f"the database's checkpoint after {count} events differs from the one "
                "signed in the sink: it was altered in the database"), "FORGED"))
    if len(database) < len(sink):
        breaks.append(ChainBreak(None, (
            f"the database holds {len(database)} checkpoint(s), the sink {len(sink)}: "
            "checkpoint rows were deleted"), "CHECKPOINT REMOVED"))
    unsealed = AuditEvent.objects.filter(chain_position__isnull=True).count()
    if unsealed:
        warnings.append(f"{unsealed} event(s) are not sealed into the chain yet, so not "
                        "verified: is the worker running? (verify_audit seals them first)")
    unsunk = [count for count, (_, valid) in database.items() if valid and count not in sink]
    if unsunk and sink:
        warnings.append(
            f"{len(unsunk)} signed checkpoint(s) in the database are not in the sink (after "
            f"{', '.join(map(str, unsunk[:5]))}{' ...' if len(unsunk) > 5 else ''} events): "
            "the append after commit failed, or the sink copy is not up to date")

    # Every validly signed position, the sink's first: the database's may be forged.
    signed = {count: fields for count, (fields, valid) in database.items() if valid}
    signed.update(sink)
    walk = _chain_walk(batch_size=batch_size,
                       event_ids=frozenset(fields["event_id"] for fields in signed.values()))
    breaks = walk.breaks + _checkpoint_breaks(walk, signed) + breaks
    return TrailVerification(breaks=breaks, warnings=warnings, event_count=walk.event_count,
                             database_checkpoints=len(stored), sink_checkpoints=len(sink),
                             sink_paths=sink_paths)


def _sink_checkpoints(sink_paths, keys, *, have_checkpoints):
    """The validly signed checkpoints of every sink, by event count, and what is wrong."""
    checkpoints, breaks = {}, []
    for path in sink_paths:
        try:
            lines = sink_read(path)
        except (OSError, UnicodeDecodeError) as error:
            breaks.append(ChainBreak(None, f"the sink file {path} cannot be read ({error})",
                                     "SINK"))
            continue
        if lines is None:
            if have_checkpoints:
                breaks.append(ChainBreak(None, (
                    f"there is no sink file at {path}, though the database holds signed "
                    "checkpoints: truncation cannot be checked (name a copy with --sink)"),
                    "SINK"))
            continue
        for line in lines:
            if line.fields is None:
                breaks.append(ChainBreak(None, f"{line.where} is not a checkpoint", "SINK"))
                continue
            problem = signature_problem(line.fields, line.signature, keys)
            if problem:
                breaks.append(ChainBreak(line.fields["event_id"],
                                         f"{line.where} {problem}", "SINK"))
                continue
            checkpoints[line.fields["event_count"]] = line.fields
    return checkpoints, breaks


def _checkpoint_breaks(walk, signed):
    """Compare the chain as it is with every signed position it passed through."""
    breaks = []
    last_good = None
    for count, fields in sorted(signed.items()):
        event_id = fields["event_id"]
        position = walk.positions.get(event_id)
        if position is None:
            if walk.last_event_id is None or event_id > walk.last_event_id:
                ends = (f"ends at event {walk.last_event_id} after {walk.event_count} events"
                        if walk.last_event_id is not None else "is empty")
                breaks.append(ChainBreak(event_id, (
                    f"this event is missing: a checkpoint signed {fields['created_at']} says "
                    f"the trail had reached it ({count} events), but the trail now {ends}. "
                    "The newest events were deleted and the chain head rewound"),
                    "TRUNCATED"))
            else:
                breaks.append(ChainBreak(event_id, (
                    f"this event is missing: a checkpoint signed it as event number {count};"
                    " it was removed"), "BROKEN"))
            continue
        number, chain_hash = position
        if chain_hash != fields["chain_hash"]:
            since = (f"event {last_good['event_id']} (the last checkpoint that matches)"
                     if last_good else "the start of the trail")
            breaks.append(ChainBreak(event_id, (
                f"its chain hash {chain_hash[:16]}... is not the {fields['chain_hash'][:16]}"
                f"... signed at {count} events: an event after {since}, up to this one, "
                "was altered and the chain re-hashed from it"), "RE-HASHED"))
        elif number != count:
            breaks.append(ChainBreak(event_id, (
                f"it is event number {number} of the trail but was signed as number "
                f"{count}: events before it were removed or added"), "BROKEN"))
        else:
            last_good = fields
    return breaks


def sees_every_force(user):
    """The operator (a superuser) and national administrators read every force's trail."""
    return user.has_perm("audit.view_every_force")


def audit_events_visible_to(user):
    """The events an administrator may read: those of their own force's users. A force's
    administrator never reads another force's trail (its reasons name that force's
    subjects); only the operator and national administrators read every force's. Events
    about the force's users with no actor (a wrong password) are the force's too."""
    events = AuditEvent.objects.select_related("actor")
    if sees_every_force(user):
        return events
    if user.force_id is None:
        return events.none()
    # And what happened to its users with no one signed in: wrong passwords, pauses.
    force_user_ids = (get_user_model().objects.filter(force_id=user.force_id)
                      .annotate(id_text=Cast("pk", CharField())).values("id_text"))
    return events.filter(Q(actor__force_id=user.force_id)
                         | Q(actor__isnull=True, object_type="accounts.user",
                             object_id__in=force_user_ids))


def audit_events_filtered(*, user_ids=None, about_people=None, action="", object_type="",
                          object_id="", date_from=None, date_to=None, events=None):
    """``user_ids``: by these users (None: anyone). ``about_people``: about these people,
    their records included (None: anyone)."""
    events = AuditEvent.objects.select_related("actor") if events is None else events
    if user_ids is not None:
        events = events.filter(actor_id__in=user_ids)
    if about_people is not None:
        about = Q(pk__in=[])
        for kind, ids in records_about(about_people):
            about |= Q(object_type=kind, object_id__in=ids)
        events = events.filter(about)
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
