"""The append-only audit trail (DPA 2018 s.62: collection, alteration, consultation,
disclosure).

Each event stores the hash of the event before it, so changing or deleting a stored row
breaks the chain; ``manage.py verify_audit`` finds the break. The application itself can
only add events: saving an existing event, deleting one and bulk updates all raise.

A page view appends its event with one INSERT and takes no lock: chaining every event
as it is written would make every audited page in every web process queue for one row
(measured in bench/audit_write.py). The worker seals new events into the chain in
batches a few seconds later (``audit_seal_pending``), in the order it finds them, and
sealing is the one change an event ever gets: its place in the chain and its hashes.

The chain alone does not stop someone with write access to the database: they can delete
the newest events and rewind the head, or change an event and recompute every later hash.
So every so often the chain's position is signed with a key the database does not hold
(``AuditCheckpoint``) and the checkpoint is also appended to a file outside the database;
see docs/security.md.
"""

import hashlib
import json

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


class AuditTrailIsAppendOnly(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")

    def seal(self, *, chain_position, previous_hash, hash):
        """Chain the events of this queryset not yet chained; an event once sealed can
        never be sealed again. Only ``audit_seal_pending`` calls it."""
        unsealed = self.filter(chain_position__isnull=True)
        return models.QuerySet.update(unsealed, chain_position=chain_position,
                                      previous_hash=previous_hash, hash=hash)


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              null=True, blank=True, related_name="+", db_index=True)
    # The actor's username as it was, so the record reads the same if the account changes.
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    # Empty until the event is sealed into the chain (see the module's docstring).
    chain_position = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    previous_hash = models.CharField(max_length=64, null=True, blank=True)
    hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["id"], condition=models.Q(chain_position__isnull=True),
                         name="audit_event_unsealed"),
        ]
        # A force's administrator reads their own force's trail; this reads every force's.
        permissions = [("view_every_force", "Can read every force's audit trail")]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditTrailIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")

    @property
    def object_label(self):
        return f"{self.object_type} {self.object_id}".strip()

    def compute_hash(self):
        """SHA-256 over the previous hash and this event's content, in a fixed form."""
        content = {
            "previous_hash": self.previous_hash,
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "reason": self.reason,
            "request_id": self.request_id,
            "details": self.details,
        }
        encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(encoded.encode()).hexdigest()


class AuditChainHead(models.Model):
    """One row, locked while events are sealed into the chain, so it has one order."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    last_event_id = models.BigIntegerField(null=True)
    # How many events the chain holds: ids can skip (a rolled-back insert still uses one),
    # so checkpoints count events rather than trust ids.
    event_count = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"audit chain head at event {self.last_event_id}"


class AuditCheckpointQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("Audit checkpoints cannot be changed.")

    def delete(self):
        raise AuditTrailIsAppendOnly("Audit checkpoints cannot be deleted.")


class AuditCheckpoint(models.Model):
    """A signed statement of where the chain stood: after ``event_count`` events, the last
    being ``event_id``, the chain's hash was ``chain_hash``.

    The signature is an HMAC with a key the database does not hold, so whoever rewrites
    the trail in the database cannot sign the rewritten chain. ``event_id`` is a plain
    number, not a foreign key: the checkpoint must outlive a deleted event to prove it.
    """

    created_at = models.DateTimeField()
    event_count = models.PositiveBigIntegerField(unique=True)
    event_id = models.BigIntegerField()
    chain_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=64)

    objects = AuditCheckpointQuerySet.as_manager()

    class Meta:
        ordering = ["event_count"]

    def __str__(self):
        return f"audit checkpoint after {self.event_count} events (event {self.event_id})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditTrailIsAppendOnly("Audit checkpoints cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit checkpoints cannot be deleted.")

    def signed_fields(self):
        """What the signature covers, in the form the sink file holds it."""
        return {
            "event_count": self.event_count,
            "event_id": self.event_id,
            "chain_hash": self.chain_hash,
            "created_at": self.created_at.isoformat(),
            "key_id": self.key_id,
        }
