"""The stored contingency packs: each detainee's sheet and the suite's pack, kept
through Django's default storage at fixed names with a JSON sidecar holding the sha256
of the content each was built from. A pack is rebuilt only when its content changed;
printing serves the stored one when it is current and builds one on the spot when not.

The content never depends on the time now (custody.suite.pdf), so its hash moves only
when the record does; what a stored PDF marks OVERDUE was overdue when it was built and
stays so for as long as its content is current, and it prints the time it was built.
"""

import json

import structlog
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from athena.pdf import content_hash
from custody.suite.pdf import (
    contingency_content,
    sheet_pdf,
    suite_contingency_content,
    suite_contingency_pdf,
)

log = structlog.get_logger(__name__)

STORAGE_DIR = "custody/contingency"


def record_pdf_name(record_pk):
    return f"{STORAGE_DIR}/{record_pk}.pdf"


def suite_pdf_name(suite_code):
    return f"{STORAGE_DIR}/suite-{suite_code}.pdf"


def _sidecar(name):
    return name[:-len(".pdf")] + ".json"


def stored_hash(name):
    """The content hash the stored PDF ``name`` was built from, or None."""
    try:
        with default_storage.open(_sidecar(name)) as handle:
            return json.loads(handle.read()).get("hash")
    except (FileNotFoundError, OSError, ValueError):
        return None


def stored_pdf_if_current(name, current_hash):
    """The stored PDF's bytes if it was built from ``current_hash``, else None."""
    if stored_hash(name) != current_hash:
        return None
    try:
        with default_storage.open(name) as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def _overwrite(name, data):
    default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # another writer got there first; its file is as current
        default_storage.delete(saved)


def store_pdf(name, pdf, digest):
    """Store the PDF, then its sidecar: a reader that sees the new hash finds the new PDF
    (or, mid-write, none, and builds one)."""
    _overwrite(name, pdf)
    _overwrite(_sidecar(name), json.dumps(
        {"hash": digest, "built_at": timezone.now().isoformat()}).encode())


def _rebuild_if_changed(name, content, render):
    """Render ``content`` and store it at ``name`` unless the stored PDF was built from
    the same content. Returns True if it stored a new PDF."""
    digest = content_hash(content)
    if stored_hash(name) == digest and default_storage.exists(name):
        return False
    store_pdf(name, render(content), digest)
    return True


def _current_pdf(name, content, render):
    """The PDF of ``content``: the one stored at ``name`` if it was built from it,
    otherwise rendered (and stored) on the spot."""
    digest = content_hash(content)
    pdf = stored_pdf_if_current(name, digest)
    if pdf is None:
        pdf = render(content)
        store_pdf(name, pdf, digest)
    return pdf


def _record_pack(record):
    """(storage name, content, renderer) of the record's contingency sheet."""
    return record_pdf_name(record.pk), contingency_content(record), sheet_pdf


def _suite_pack(suite):
    """(storage name, content, renderer) of the suite's contingency pack, whose sheets
    are the records' own stored ones where they are current (rendered and stored
    where not)."""
    def current_sheet(sheet):
        return _current_pdf(record_pdf_name(sheet["record_id"]), sheet, sheet_pdf)

    return (suite_pdf_name(suite.code), suite_contingency_content(suite),
            lambda content: suite_contingency_pdf(suite, content,
                                                  sheet_pdf_of=current_sheet))


def rebuild_contingency_if_changed(record):
    """Build and store the record's contingency PDF unless the stored one was built from
    the same content. Returns True if it stored a new PDF."""
    rebuilt = _rebuild_if_changed(*_record_pack(record))
    if rebuilt:
        log.info("custody.contingency.rebuilt", record_id=record.pk)
    return rebuilt


def rebuild_suite_contingency_if_changed(suite):
    """The same for the suite's pack. Returns True if it stored a new PDF."""
    rebuilt = _rebuild_if_changed(*_suite_pack(suite))
    if rebuilt:
        log.info("custody.contingency.suite_rebuilt", suite_id=suite.pk)
    return rebuilt


def current_contingency_pdf(record):
    """The record's contingency PDF as it should be now: the stored one if current,
    otherwise built (and stored) on the spot."""
    return _current_pdf(*_record_pack(record))


def current_suite_contingency_pdf(suite):
    """The same for the suite's pack."""
    return _current_pdf(*_suite_pack(suite))


def contingency_packs_rebuild(record):
    """Rebuild the record's pack and its suite's pack if their content changed. A
    closed record's own pack is left as it was; the suite's pack drops it."""
    if record.is_open:
        rebuild_contingency_if_changed(record)
    rebuild_suite_contingency_if_changed(record.suite)
