"""Job handlers of custody: the contingency pack, rebuilt in the background whenever its
content changes. The shared ``run_job`` task claims the job row first, so a handler runs
once per job; the rebuild compares content hashes, so running it again does nothing.

Import this module in CustodyConfig.ready so every process knows the handler.
"""

from athena.jobs.models import Job, JobStatus
from athena.jobs.registry import job_handler
from athena.jobs.services import job_enqueue
from custody.models import CustodyRecord

CONTINGENCY_REBUILD_JOB = "custody.contingency.rebuild"


def queue_contingency_rebuild(record):
    """Queue a rebuild of the record's contingency PDF and its suite's, unless one is
    already waiting to run: the job builds whatever the record holds when it runs, so
    changes in quick succession share a job. Call it inside the change's transaction."""
    waiting = Job.objects.filter(kind=CONTINGENCY_REBUILD_JOB,
                                 object_type=CustodyRecord._meta.label_lower,
                                 object_id=str(record.pk), status=JobStatus.QUEUED)
    if not waiting.exists():
        job_enqueue(kind=CONTINGENCY_REBUILD_JOB, obj=record)


@job_handler(CONTINGENCY_REBUILD_JOB)
def contingency_rebuild(job):
    """Rebuild the record's pack and its suite's pack if their content changed. A
    closed record's own pack is left as it was; the suite's pack drops it."""
    from custody.pdf import (
        rebuild_contingency_if_changed,
        rebuild_suite_contingency_if_changed,
        record_for_pdf,
    )

    record = record_for_pdf(job.object_id)
    if record is None:
        return
    if record.is_open:
        rebuild_contingency_if_changed(record)
    rebuild_suite_contingency_if_changed(record.suite)
