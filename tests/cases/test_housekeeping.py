"""Stored files nothing points to are deleted once older than the grace; every file a
row points to stays (cases.housekeeping, the clean_orphaned_uploads command and its
hourly beat task)."""

import io
import os
import time
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from athena.celery import app as celery_app
from cases import housekeeping
from cases.dcf import uploads
from cases.models import CaseSection, FileSubmission, SectionItem
from cases.tasks import clean_orphaned_uploads
from tests.cases.factories import CaseSectionFactory
from tests.cases.factories_cps import ready_submission
from tests.cases.test_views import png_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%a page\n"


class Killed(Exception):
    """The request or worker dies here."""


def stored(folder):
    """Every stored name under ``folder``."""
    return sorted(housekeeping._files_under(default_storage, folder))


def age(*names, hours=2):
    """Make stored files older than the grace."""
    then = time.time() - hours * 3600
    for name in names:
        os.utime(default_storage.path(name), (then, then))


def clean(*args):
    out = io.StringIO()
    call_command("clean_orphaned_uploads", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def exhibit_kept_and_one_killed(officer_client, shoplift_case):
    """An exhibit saved, and another whose request died before its transaction
    committed: its file was stored, its row never was."""
    add = reverse("cases:item_add", args=[shoplift_case.pk, "exhibits"])
    officer_client.post(add, {"reference": "SC/1", "description": "CCTV still",
                              "file": png_upload("kept.png")})
    with mock.patch("cases.services._store_items_progress", side_effect=Killed), \
            pytest.raises(Killed):
        officer_client.post(add, {"reference": "SC/2", "description": "second still",
                                  "file": png_upload("killed.png")})
    kept = SectionItem.objects.get().file.name
    files = stored("cases/exhibits")
    assert len(files) == 2  # the killed upload's file is there, with no row
    orphan = next(name for name in files if name != kept)
    return kept, orphan


def test_an_upload_killed_before_commit_is_deleted_and_the_exhibit_stays(
        exhibit_kept_and_one_killed):
    kept, orphan = exhibit_kept_and_one_killed
    age(kept, orphan)

    output = clean()

    assert stored("cases/exhibits") == [kept]
    assert "cases/exhibits: 1 orphaned of 2" in output
    assert "Deleted 1." in output
    assert orphan not in output  # counts only: an exhibit's name is the uploader's


def test_an_orphan_younger_than_the_grace_is_kept(exhibit_kept_and_one_killed):
    kept, orphan = exhibit_kept_and_one_killed
    age(kept)

    clean()

    assert stored("cases/exhibits") == sorted([kept, orphan])


def test_a_dry_run_counts_and_deletes_nothing(exhibit_kept_and_one_killed):
    kept, orphan = exhibit_kept_and_one_killed
    age(kept, orphan)

    output = clean("--dry-run")

    assert stored("cases/exhibits") == sorted([kept, orphan])
    assert "Dry run: 1 would be deleted." in output


def test_every_file_field_is_looked_at():
    fields = {(model._meta.label, field.name) for model, field in housekeeping.file_fields()}
    assert fields >= {("cases.SectionItem", "file"), ("cases.CaseSection", "rendered_pdf"),
                      ("cases.FileSubmission", "bundle"),
                      ("cases.FileSubmission", "restricted_bundle")}
    assert set(housekeeping.upload_folders()) >= {"cases/exhibits", "cases/sections",
                                                  "cases/bundles"}


def test_renders_and_bundles_a_row_points_to_stay_and_the_others_go(shoplift_case):
    section = CaseSectionFactory(case=shoplift_case)
    section.rendered_pdf.save("summary.pdf", ContentFile(PDF))
    submission = ready_submission(shoplift_case, restricted=True)
    referenced = [section.rendered_pdf.name, submission.bundle.name,
                  submission.restricted_bundle.name]
    # A render and a bundle stored by workers that died before their rows were updated.
    orphans = [default_storage.save("cases/sections/summary-died.pdf", ContentFile(PDF)),
               default_storage.save("cases/bundles/bundle-died.pdf", ContentFile(PDF))]
    age(*referenced, *orphans)

    sweep = housekeeping.orphaned_uploads_delete()

    assert sweep.deleted == 2
    assert stored("cases/sections") + stored("cases/bundles") == sorted(
        [section.rendered_pdf.name]) + sorted(referenced[1:])
    assert CaseSection.objects.get(pk=section.pk).rendered_pdf.name == referenced[0]
    assert FileSubmission.objects.get(pk=submission.pk).bundle.name == referenced[1]


def test_a_dcf_upload_whose_job_never_committed_is_deleted(officer):
    upload = ContentFile(b'{"schemaVersion": "1.2.2"}', name="case.json")
    with mock.patch("athena.jobs.services.job_send"):
        queued = uploads.upload_receive(acting_user=officer, upload=upload)
    with mock.patch("cases.dcf.uploads.job_enqueue", side_effect=Killed), \
            pytest.raises(Killed):
        uploads.upload_receive(acting_user=officer,
                               upload=ContentFile(b"{}", name="case.json"))
    abandoned = next(token for token in default_storage.listdir(uploads.UPLOAD_DIR)[0]
                     if token != queued)
    age(*stored(uploads.UPLOAD_DIR))

    housekeeping.orphaned_uploads_delete()

    assert stored(f"{uploads.UPLOAD_DIR}/{abandoned}") == []
    assert stored(f"{uploads.UPLOAD_DIR}/{queued}") == [
        f"{uploads.UPLOAD_DIR}/{queued}/meta.json", f"{uploads.UPLOAD_DIR}/{queued}/upload.json"]
    assert uploads.upload_meta(queued)["user_id"] == officer.pk


def test_files_outside_the_upload_folders_are_not_touched():
    pack = default_storage.save("custody/contingency/7.pdf", ContentFile(PDF))
    age(pack)

    housekeeping.orphaned_uploads_delete()

    assert default_storage.exists(pack)


def test_beat_runs_the_task_hourly_and_running_it_twice_is_harmless(
        exhibit_kept_and_one_killed, settings):
    kept, orphan = exhibit_kept_and_one_killed
    age(kept, orphan)
    entry = settings.CELERY_BEAT_SCHEDULE["clean-orphaned-uploads"]
    assert entry["task"] == clean_orphaned_uploads.name
    assert entry["schedule"] == 3600.0
    assert clean_orphaned_uploads.name in celery_app.tasks

    assert clean_orphaned_uploads() == 1
    assert clean_orphaned_uploads() == 0
    assert stored("cases/exhibits") == [kept]
