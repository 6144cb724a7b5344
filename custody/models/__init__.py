"""Custody models, one module per part of the record (records, healthcare...)."""

from custody.models.records import (  # noqa: F401
    CloseReason,
    CustodyEntry,
    CustodyRecord,
    CustodySuite,
    DetentionReview,
    EntryKind,
    ObservationLevel,
    RecordStatus,
)
