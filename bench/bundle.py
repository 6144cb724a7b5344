"""Time from "Submit for review" to a ready bundle, for a complete file of about 100 pages.

Usage: .venv/bin/python bench/bundle.py [--runs 3] [--cold]

Builds the file through the services (as an officer would: each save queues a render
job), runs those render jobs as the worker would after each save, then times
``case_submit`` plus the submit job run in-process, until the bundle is stored. The
budget is 5 s. ``--cold`` also times a submission whose sections were never rendered
(every section rendered during the submit job), to show what the save-time cache buys.

Runs against a throwaway SQLite database by default (ATHENA_VAR_DIR is set to a
temporary folder), or whatever DATABASE_URL names (a scratch database: the bench
migrates it and leaves its rows). Files always go to a temporary MEDIA_ROOT.
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if "DATABASE_URL" not in os.environ:
    os.environ["ATHENA_VAR_DIR"] = tempfile.mkdtemp(prefix="athena-bench-")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="athena-bench-media-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

BUDGET_SECONDS = 5.0
STATEMENTS = 12
EXHIBIT_PDF_PAGES = 40
WORDS = ("the suspect walked towards the counter and I saw him pick up two bottles from "
         "the top shelf before he looked around and put them inside his coat then he "
         "walked past the tills without stopping I followed him out of the door and "
         "asked him to come back inside where I called the police").split()


def prose(rng, words, paragraph=120):
    chosen = [rng.choice(WORDS) for _ in range(words)]
    paragraphs = [" ".join(chosen[i:i + paragraph]).capitalize() + "."
                  for i in range(0, words, paragraph)]
    return "\n\n".join(paragraphs)


def upload(name, content, file_type):
    uploaded = SimpleUploadedFile(name, content)
    uploaded.athena_file_type = file_type  # set by the upload form once it checked it
    return uploaded


def exhibit_pdf(pages):
    from weasyprint import HTML

    rows = "".join(f"<tr><td>{n:04d}</td><td>Camera {n % 6 + 1}</td><td>Person in dark coat "
                   "crosses the aisle</td></tr>" for n in range(25))
    html = "".join(f'<section style="break-after: page"><h1>CCTV log, page {page}</h1>'
                   f"<table>{rows}</table></section>" for page in range(1, pages + 1))
    return HTML(string=html).write_pdf()


def exhibit_photo():
    from PIL import Image

    rng = random.Random(7)
    image = Image.new("RGB", (1600, 1200))
    image.putdata([(rng.randrange(256), 90, 120) for _ in range(1600 * 1200)])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def build_file(officer, rng):
    """A complete, police-charged file (summary-only offence, not guilty plea)."""
    from athena.offences.models import Offence, OffenceCategory, mode_of_trial_for
    from athena.people.services import person_create
    from cases.sections import SectionKind as S
    from cases.services import case_create, section_item_save, section_save

    offence, _ = Offence.objects.get_or_create(cjs_code="ZZ98001", defaults={
        "title": "Bench offence (summary only)",
        "category": OffenceCategory.SUMMARY_NON_MOTORING,
        "mode_of_trial": mode_of_trial_for(OffenceCategory.SUMMARY_NON_MOTORING),
        "recordable_on_pnc": True})
    person = person_create(acting_user=officer, surname="Benchmark", forenames="Barry")
    case = case_create(acting_user=officer, person=person, offences=[(offence, "not_guilty")])
    sections = {
        S.CASE_SUMMARY: {"summary": prose(rng, 1500), "interview_type": "full_account",
                         "interview_summary": prose(rng, 400)},
        S.EVIDENCE_FOR_PROSECUTOR: {"charge_rationale": prose(rng, 300),
                                    "other_information": prose(rng, 300)},
        S.CHARGES: {"charge_date": "2026-11-20", "reply_to_charge": "No reply",
                    "first_hearing_date": "2026-12-04",
                    "court": "Chelmsford Magistrates' Court"},
        S.PREVIOUS_CONVICTIONS: {"pnc_check_performed": "yes", "pnc_convictions": "None"},
        S.STREAMLINED_DISCLOSURE: {"material": "None", "certified": "yes"},
    }
    for kind, data in sections.items():
        section_save(acting_user=officer, case=case, kind=kind, data=data, expected_version=0)
    for number in range(1, STATEMENTS + 1):
        section_item_save(acting_user=officer, case=case, kind=S.WITNESS_STATEMENTS, data={
            "witness_name": f"Witness {number}", "statement_date": "2026-11-19",
            "statement": prose(rng, 2600), "declaration": "yes"})
    for reference, name, content, file_type in [
        ("SC/1", "cctv-log.pdf", exhibit_pdf(EXHIBIT_PDF_PAGES), "pdf"),
        ("SC/2", "store.jpg", exhibit_photo(), "jpeg"),
    ]:
        section_item_save(acting_user=officer, case=case, kind=S.EXHIBITS,
                          data={"reference": reference, "description": f"Exhibit {name}",
                                "produced_by": "PC Bench"},
                          upload=upload(name, content, file_type))
    return case


def run_render_jobs():
    """Run every queued section render, as the worker does after each save."""
    from athena.jobs.models import Job, JobStatus
    from athena.jobs.tasks import run_job
    from cases.services import RENDER_SECTION_JOB

    queued = Job.objects.filter(kind=RENDER_SECTION_JOB, status=JobStatus.QUEUED)
    started = time.perf_counter()
    for job_id in list(queued.values_list("pk", flat=True)):
        run_job(job_id)
    return time.perf_counter() - started


def submit_and_wait(officer, case):
    """Seconds from case_submit to the bundle stored, and the submission."""
    from athena.jobs.tasks import run_job
    from cases.models import CaseFile, CaseStatus, FileSubmission
    from cases.services import case_submit

    CaseFile.objects.filter(pk=case.pk).update(status=CaseStatus.DRAFT)  # to submit again
    case.refresh_from_db()
    started = time.perf_counter()
    submission = case_submit(acting_user=officer, case=case)
    outcome = run_job(submission.job_id)
    elapsed = time.perf_counter() - started
    submission = FileSubmission.objects.get(pk=submission.pk)
    if outcome != "done" or submission.problems or not submission.bundle:
        raise SystemExit(f"The submission did not produce a bundle: {outcome} "
                         f"{submission.problems}")
    return elapsed, submission


def restricted_pages(submission):
    from pypdf import PdfReader

    if not submission.restricted_bundle:
        return 0
    with submission.restricted_bundle.open("rb") as stored:
        return len(PdfReader(stored).pages)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true",
                        help="also time a submission with no section rendered beforehand")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from athena.accounts.models import Force, Rank, User
    from cases.models import CaseSection

    officer, _ = User.objects.get_or_create(
        username="bench_officer",
        defaults={"force": Force.objects.get(code="42"), "rank": Rank.CONSTABLE,
                  "first_name": "Bench", "last_name": "Officer", "collar_number": "9999"})
    # The bench runs each job in-process; no message goes to a broker.
    with mock.patch("athena.jobs.services.job_send", return_value=True):
        case = build_file(officer, random.Random(2026))
        render_seconds = run_render_jobs()
        sections = CaseSection.objects.filter(case=case)
        rendered_pages = sum(section.rendered_pages for section in sections)
        timings = []
        for _ in range(args.runs):
            elapsed, submission = submit_and_wait(officer, case)
            timings.append(elapsed)
        cold = None
        if args.cold:
            sections.update(rendered_hash="")
            cold, _ = submit_and_wait(officer, case)

    print(f"database: {django.db.connection.vendor}; case {case.urn}")
    print(f"section renders at save time: {rendered_pages} pages in {render_seconds:.2f} s "
          f"({render_seconds / max(rendered_pages, 1):.3f} s a page)")
    print(f"bundle: {submission.bundle_pages} pages (disclosable) + "
          f"{restricted_pages(submission)} pages (restricted)")
    print("submit to bundle ready: " + ", ".join(f"{t:.2f} s" for t in timings)
          + f"; median {statistics.median(timings):.2f} s (budget {BUDGET_SECONDS:.0f} s)")
    if cold is not None:
        print(f"the same with no section rendered beforehand: {cold:.2f} s")
    if statistics.median(timings) > BUDGET_SECONDS:
        raise SystemExit("over budget")


if __name__ == "__main__":
    main()
