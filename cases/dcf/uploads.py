"""An uploaded DCF file waiting for the worker to import it, and what came of it.

No table holds uploads: each has a random token, and under ``dcf_imports/<token>/`` in
the default storage its bytes (``upload.json``, removed once read), who uploaded it
(``meta.json``) and the outcome (``result.json``: the new file, or the problems). The
job row (kind ``cases.dcf.import``, object ``cases.dcf_upload`` and the token) carries
the progress the page shows.
"""

import json
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from athena.audit.services import audit_record
from athena.jobs.models import Job
from athena.jobs.services import job_enqueue

DCF_IMPORT_JOB = "cases.dcf.import"
UPLOAD_OBJECT_TYPE = "cases.dcf_upload"
UPLOAD_DIR = "dcf_imports"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def is_token(token):
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


def _path(token, name):
    if not is_token(token):
        raise ValueError("Not an upload token")
    return f"{UPLOAD_DIR}/{token}/{name}"


def _write_json(token, name, value):
    path = _path(token, name)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(json.dumps(value).encode()))


def _read_json(token, name):
    if not is_token(token):
        return None
    path = _path(token, name)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return json.loads(stored.read())


def upload_receive(*, acting_user, upload):
    """Keep an uploaded file (already checked for size) and queue its import. Returns
    the upload's token."""
    token = secrets.token_urlsafe(24)
    default_storage.save(_path(token, "upload.json"), upload)
    _write_json(token, "meta.json", {
        "user_id": acting_user.pk,
        "file_name": str(getattr(upload, "name", ""))[:200],
        "size": upload.size,
        "uploaded_at": timezone.now().isoformat(),
    })
    with transaction.atomic():
        job = job_enqueue(kind=DCF_IMPORT_JOB, object_type=UPLOAD_OBJECT_TYPE,
                          object_id=token)
        audit_record(actor=acting_user, action="cases.dcf.uploaded",
                     object_type=UPLOAD_OBJECT_TYPE, object_id=token,
                     details={"job": job.pk, "size": upload.size})
    return token


def upload_meta(token):
    return _read_json(token, "meta.json")


def upload_result(token):
    return _read_json(token, "result.json")


def upload_record_result(token, result):
    _write_json(token, "result.json", result)


def upload_open(token):
    """The uploaded bytes as a file, or None once they have been read and removed."""
    path = _path(token, "upload.json")
    return default_storage.open(path, "rb") if default_storage.exists(path) else None


def upload_discard(token):
    path = _path(token, "upload.json")
    if default_storage.exists(path):
        default_storage.delete(path)


def upload_job(token):
    if not is_token(token):
        return None
    return Job.objects.filter(kind=DCF_IMPORT_JOB, object_type=UPLOAD_OBJECT_TYPE,
                              object_id=token).order_by("-pk").first()
