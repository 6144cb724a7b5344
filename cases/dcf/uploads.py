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

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from athena.audit.services import audit_record
from athena.jobs.models import Job
from athena.jobs.services import job_enqueue
from cases.dcf.importer import dcf_import_file
from cases.dcf.problems import DcfProblem
from cases.models import CaseEvent, CaseEventKind

DCF_IMPORT_JOB = "cases.dcf.import"
UPLOAD_OBJECT_TYPE = "cases.dcf_upload"
UPLOAD_DIR = "dcf_imports"
READ_PERCENT = 5
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


# --- The worker's import ------------------------------------------------------------------

def _imported_case(token):
    event = (CaseEvent.objects.filter(kind=CaseEventKind.IMPORTED, details__upload=token)
             .select_related("case").first())
    return event.case if event is not None else None


def _case_result(case):
    return {"case_id": case.pk, "urn": case.urn}


def _importer(token):
    """The officer who uploaded the file, while they may still start case files."""
    meta = upload_meta(token) or {}
    user = get_user_model().objects.filter(pk=meta.get("user_id"), is_active=True).first()
    return user if user is not None and user.has_perm("cases.add_casefile") else None


def upload_import(*, token, progress=None):
    """Import an uploaded file as a new case file of the officer who uploaded it (the
    worker's job, ``cases.dcf.import``), record the outcome, and remove the bytes.
    ``progress(percent)`` is told how far it got.

    Running it again is safe: a file already imported from this upload (its history line
    names the upload) is found rather than imported twice, and a recorded outcome is left
    as it is.
    """
    report = progress or (lambda percent: None)
    if not is_token(token) or upload_result(token) is not None:
        return
    existing = _imported_case(token)
    if existing is not None:
        upload_record_result(token, _case_result(existing))
        upload_discard(token)
        return
    user = _importer(token)
    stored = upload_open(token)
    problem = None
    if stored is None:
        problem = DcfProblem(path="", rule="file.missing",
                             message="The uploaded file is no longer there. Upload it again.")
    elif user is None:
        stored.close()
        problem = DcfProblem(path="", rule="athena.import.permission",
                             message="Your account may no longer start case files, so the "
                                     "file was not imported.")
    if problem is not None:
        upload_record_result(token, {"problems": [problem.as_dict()]})
        upload_discard(token)
        return
    report(READ_PERCENT)
    with stored:
        case, problems = dcf_import_file(acting_user=user, source=stored, source_key=token,
                                         progress=report)
    if case is not None:
        upload_record_result(token, _case_result(case))
    else:
        upload_record_result(token, {"problems": [p.as_dict() for p in problems]})
    upload_discard(token)


def upload_import_failed(*, token):
    """The import failed for good (an error, or a worker that died): the transaction left
    nothing behind; say so, and remove the uploaded bytes."""
    if is_token(token) and upload_result(token) is None:
        upload_record_result(token, {"failed": True})
    if is_token(token):
        upload_discard(token)
