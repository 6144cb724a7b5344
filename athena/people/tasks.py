"""Job handlers of the nominal index. The shared ``run_job`` task claims the row first,
so a handler runs once per job however often its message is delivered."""

from athena.jobs.registry import job_handler
from athena.people.services import PERSON_INDEX_JOB, person_index_names


@job_handler(PERSON_INDEX_JOB)
def person_index(job):
    """Recompute the person's phonetic keys from the names they have now."""
    person_index_names(person_id=int(job.object_id))
