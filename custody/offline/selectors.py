"""Reads of entries made offline: those refused on arrival that still wait for a custody
officer, for the board, the record and the medication page."""

from custody.models import OfflineEntry, OfflineEntryStatus


def open_refusals(records):
    """{record_id: [OfflineEntry]} of the refused entries nobody has resolved yet, oldest
    first, for the given records (or record ids): one query whatever their number."""
    ids = [getattr(record, "pk", record) for record in records]
    found = {}
    for entry in (OfflineEntry.objects.filter(record_id__in=ids,
                                              status=OfflineEntryStatus.REFUSED,
                                              resolved_at=None)
                  .select_related("made_by").order_by("received_at", "pk")):
        found.setdefault(entry.record_id, []).append(entry)
    return found


def open_refusals_for_record(record):
    return open_refusals([record]).get(record.pk, [])


def refusal_for_record(record, pk):
    """The open refused entry ``pk`` of ``record``, or None."""
    return next((entry for entry in open_refusals_for_record(record) if entry.pk == pk), None)
