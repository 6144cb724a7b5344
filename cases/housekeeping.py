"""Stored files nothing points to, found and deleted.

A file is stored before the row that points to it is committed: an exhibit's upload, a
section's render, a submission's bundle, a DCF import's upload. A request or a worker
killed between the two (or a transaction rolled back) leaves the file in storage with
nothing referring to it: personal data kept for no one, for ever.

An orphan is a file under one of the folders the project's FileFields upload to that no
row of any FileField names, or a DCF import's folder whose job row was never committed;
only once it is older than GRACE, so that work still between storing its file and
committing its row is never touched. Other stored files (the custody contingency packs,
kept at fixed names) are not looked at.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import structlog
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from athena.jobs.models import Job
from cases.dcf import uploads

log = structlog.get_logger(__name__)

# Far longer than any request or job takes between storing a file and committing its row.
GRACE = timedelta(hours=1)


@dataclass
class Sweep:
    """What a sweep found: per folder, how many files it looked at and which were orphans."""

    looked_at: dict = field(default_factory=dict)  # folder -> files older than the grace
    orphans: dict = field(default_factory=dict)  # folder -> [(storage, name)]
    deleted: int = 0

    @property
    def orphan_count(self):
        return sum(len(found) for found in self.orphans.values())


def file_fields():
    """Every FileField (and ImageField) of every model: (model, field)."""
    return [(model, model_field) for model in apps.get_models()
            for model_field in model._meta.concrete_fields
            if isinstance(model_field, models.FileField)]


def upload_folders():
    """The folders the FileFields upload to, with their storage: {folder: storage}. A
    folder is upload_to up to its first date pattern ("exhibits/%Y/" is "exhibits/");
    a field that works its folder out in a function has none to look in."""
    folders = {}
    for model, model_field in file_fields():
        upload_to = model_field.upload_to
        if callable(upload_to):
            log.warning("uploads.folder_unknown", model=model._meta.label,
                        field=model_field.name)
            continue
        folder = str(upload_to).split("%", 1)[0].rsplit("/", 1)[0]
        if folder:
            folders[folder] = model_field.storage
    # A folder inside another is looked through with it.
    return {folder: storage for folder, storage in folders.items()
            if not any(folder.startswith(f"{other}/") for other in folders)}


def referenced_names():
    """The name of every stored file a row of any FileField points to."""
    names = set()
    for model, model_field in file_fields():
        names.update(model._base_manager.exclude(**{model_field.attname: ""})
                     .exclude(**{f"{model_field.attname}__isnull": True})
                     .values_list(model_field.attname, flat=True).iterator())
    return names


def _files_under(storage, folder):
    """Every stored name under ``folder``, however deep."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _files_under(storage, f"{folder}/{directory}")


def _older_than(storage, names, cutoff):
    found = []
    for name in names:
        try:
            if storage.get_modified_time(name) < cutoff:
                found.append(name)
        except FileNotFoundError:  # deleted meanwhile
            continue
    return found


def _unreferenced_uploads(cutoff, sweep):
    candidates = {folder: (storage, _older_than(storage, _files_under(storage, folder), cutoff))
                  for folder, storage in upload_folders().items()}
    # Read after listing: a row committed while the folders were listed is seen.
    referenced = referenced_names()
    for folder, (storage, old) in candidates.items():
        sweep.looked_at[folder] = len(old)
        sweep.orphans[folder] = [(storage, name) for name in old if name not in referenced]


def _abandoned_dcf_uploads(cutoff, sweep):
    """The files of DCF import uploads older than the grace whose job row never
    committed (the job names its upload's token)."""
    folder = uploads.UPLOAD_DIR
    try:
        tokens, _ = default_storage.listdir(folder)
    except FileNotFoundError:
        tokens = []
    old = {}
    for token in filter(uploads.is_token, tokens):
        names = list(_files_under(default_storage, f"{folder}/{token}"))
        if names and len(_older_than(default_storage, names, cutoff)) == len(names):
            old[token] = names
    with_jobs = set(Job.objects.filter(kind=uploads.DCF_IMPORT_JOB,
                                       object_type=uploads.UPLOAD_OBJECT_TYPE,
                                       object_id__in=list(old))
                    .values_list("object_id", flat=True))
    sweep.looked_at[folder] = sum(len(names) for names in old.values())
    sweep.orphans[folder] = [(default_storage, name) for token, names in old.items()
                             if token not in with_jobs for name in names]


def orphaned_uploads(*, now=None, grace=GRACE):
    """Find the orphans (see the module); deletes nothing."""
    cutoff = (now or timezone.now()) - grace
    sweep = Sweep()
    _unreferenced_uploads(cutoff, sweep)
    _abandoned_dcf_uploads(cutoff, sweep)
    return sweep


def orphaned_uploads_delete(*, dry_run=False, now=None, grace=GRACE):
    """Find the orphans and, unless ``dry_run``, delete them. Logs the counts per
    folder (never a file's name: exhibits are named by whoever uploaded them)."""
    sweep = orphaned_uploads(now=now, grace=grace)
    if not dry_run:
        for found in sweep.orphans.values():
            for storage, name in found:
                storage.delete(name)
                sweep.deleted += 1
    for folder, found in sweep.orphans.items():
        log.info("uploads.orphans", folder=folder, older_than_grace=sweep.looked_at[folder],
                 orphans=len(found), dry_run=dry_run)
    log.info("uploads.orphans_deleted", orphans=sweep.orphan_count, deleted=sweep.deleted,
             dry_run=dry_run)
    return sweep
