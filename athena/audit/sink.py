"""The append-only file outside the database that every checkpoint is also written to.

One JSON object a line: the checkpoint's signed fields and its signature. The file is
only ever opened to append; nothing here rewrites or truncates it. In production it
should be shipped as it grows to a separate log host or WORM storage (docs/security.md).
"""

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import structlog
from django.conf import settings
from django.db import connection

from athena.audit.signing import SIGNED_FIELDS

log = structlog.get_logger(__name__)

_HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class SinkLine:
    source: str
    line_number: int
    fields: dict | None  # None when the line is not a checkpoint at all
    signature: str | None

    @property
    def where(self):
        return f"{self.source} line {self.line_number}"


def default_sink_path():
    """``ATHENA_AUDIT_CHECKPOINT_SINK``, or a file in ``var/`` named after the database.

    Named after the database so each database's chain has its own record (the test
    database's never lands in the developer's file). Looked up when used, not at start,
    because the test runner renames the database after settings load.
    """
    if settings.ATHENA_AUDIT_CHECKPOINT_SINK:
        return Path(settings.ATHENA_AUDIT_CHECKPOINT_SINK)
    database = Path(str(connection.settings_dict["NAME"])).stem
    database = re.sub(r"[^A-Za-z0-9_.-]", "_", database) or "default"
    return Path(settings.VAR_DIR) / f"audit-checkpoints-{database}.jsonl"


def sink_line(fields, signature):
    return json.dumps({**fields, "signature": signature}, sort_keys=True,
                      separators=(",", ":")) + "\n"


def sink_append(*, fields, signature, path=None):
    """Append one checkpoint and flush it to disk. Raises ``OSError`` if it cannot."""
    path = Path(path or default_sink_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: every write lands at the end, whoever else has the file open.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, sink_line(fields, signature).encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sink_append_after_commit(fields, signature):
    """The on-commit write: the checkpoint is in the database already, so a failure here
    must not fail the request that committed it. It is logged (the log is a second copy
    of every checkpoint) and ``verify_audit`` reports the checkpoint missing from the sink.
    """
    log.info("audit.checkpoint.signed", signature=signature, **fields)
    try:
        sink_append(fields=fields, signature=signature)
    except OSError as error:
        log.error("audit.checkpoint.sink_failed", event_count=fields["event_count"],
                  error=str(error))


def _parse(text):
    try:
        record = json.loads(text)
    except ValueError:
        return None, None
    if not isinstance(record, dict):
        return None, None
    fields = {name: record.get(name) for name in SIGNED_FIELDS}
    well_formed = (
        isinstance(fields["event_count"], int) and fields["event_count"] > 0
        and isinstance(fields["event_id"], int)
        and isinstance(fields["chain_hash"], str) and _HASH.match(fields["chain_hash"])
        and isinstance(fields["created_at"], str) and isinstance(fields["key_id"], str)
    )
    if not well_formed:
        return None, None
    return fields, record.get("signature")


def sink_read(path):
    """Every line of the sink at ``path``, or ``None`` when there is no such file.
    Raises ``OSError`` when the file is there but cannot be read."""
    path = Path(path)
    try:
        text = path.read_text()
    except (FileNotFoundError, NotADirectoryError):
        return None
    lines = []
    for number, line_text in enumerate(text.splitlines(), start=1):
        if not line_text.strip():
            continue
        fields, signature = _parse(line_text)
        lines.append(SinkLine(str(path), number, fields, signature))
    return lines
