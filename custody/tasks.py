"""Job handlers of custody: the contingency pack, rebuilt in the background whenever its
content changes. The services that change a record queue the job
(custody.records.services.contingency_rebuild_queue); the shared ``run_job`` task claims
the job row first, so a handler runs once per job; the rebuild compares content hashes,
so running it again does nothing.

Import this module in CustodyConfig.ready so every process knows the handler.
"""

from athena.jobs.registry import job_handler
from custody.records.services import CONTINGENCY_REBUILD_JOB
from custody.suite.selectors import record_for_pdf
from custody.suite.services import contingency_packs_rebuild


@job_handler(CONTINGENCY_REBUILD_JOB)
def contingency_rebuild(job):
    """Load the record by id and rebuild its pack and its suite's if their content
    changed (contingency_packs_rebuild). A record since deleted needs nothing."""
    record = record_for_pdf(job.object_id)
    if record is None:
        return
    contingency_packs_rebuild(record)
