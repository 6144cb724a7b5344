"""The fault suite's tally counts a job by its handler's effect, so it sees a loss or a
duplicate that the job's status hides. Plain data in, no processes: runs everywhere."""

from tests.faults.accounting import (
    EMAIL_JOB,
    SUBMIT_JOB,
    Outcome,
    tally_entries,
    tally_files,
    tally_jobs,
)

DONE_AT = "2026-12-07T10:00:30+00:00"


def job(pk, kind, object_id, status="done", finished_at=DONE_AT):
    return {"pk": pk, "kind": kind, "object_id": str(object_id), "status": status,
            "attempts": 1, "last_error": "", "finished_at": finished_at}


def counted(jobs, *, ready_events=1, notifications=()):
    return {"jobs": jobs, "notifications": list(notifications),
            "files": [{"pk": 7, "urn": "42CJ0000726", "ready_events": ready_events,
                       "submissions": [{"pk": 1, "problems": {}}]}]}


NOTIFICATION = {"pk": 3, "title": "Case file 42CJ0000726 is ready for review",
                "email": "supervisor@faults.example"}


def email(at=1796637631.0):
    return {"at": at, "to": ["supervisor@faults.example"],
            "subject": "Athena: Case file 42CJ0000726 is ready for review"}


def test_it_counts_a_submission_done_once_by_its_ready_event():
    outcome = Outcome("t")
    last_done, lost = tally_jobs(outcome, counted([job(1, SUBMIT_JOB, 7)]), [])
    assert (outcome.done_once, outcome.lost, outcome.duplicated, lost) == (1, 0, 0, [])
    assert last_done == 1796637630.0


def test_it_counts_a_handler_run_twice_as_a_duplicate_though_the_job_is_done():
    outcome = Outcome("t")
    tally_jobs(outcome, counted([job(1, SUBMIT_JOB, 7)], ready_events=2), [])
    assert (outcome.done_once, outcome.duplicated) == (0, 1)


def test_it_counts_a_done_job_without_its_effect_as_lost():
    outcome = Outcome("t")
    _, lost = tally_jobs(outcome, counted([job(1, SUBMIT_JOB, 7)], ready_events=0), [])
    assert (outcome.lost, lost) == (1, [1])


def test_it_counts_a_job_left_running_as_lost():
    outcome = Outcome("t")
    _, lost = tally_jobs(outcome, counted([job(1, SUBMIT_JOB, 7, status="running",
                                               finished_at=None)]), [])
    assert (outcome.lost, lost) == (1, [1])
    assert "running after 1 attempt(s)" in outcome.problems[0]


def test_it_counts_an_email_by_the_messages_the_mail_server_received():
    jobs = [job(2, EMAIL_JOB, 3)]
    once, twice, never = Outcome("once"), Outcome("twice"), Outcome("never")
    tally_jobs(once, counted(jobs, notifications=[NOTIFICATION]), [email()])
    tally_jobs(twice, counted(jobs, notifications=[NOTIFICATION]), [email(), email()])
    tally_jobs(never, counted(jobs, notifications=[NOTIFICATION]), [])
    assert (once.done_once, twice.duplicated, never.lost) == (1, 1, 1)


def test_it_counts_a_file_submitted_twice_as_a_duplicate():
    outcome = Outcome("t")
    tally_files(outcome, [{"urn": "42CJ0000726", "submissions": [
        {"pk": 1, "problems": {}}, {"pk": 2, "problems": {}}]}])
    assert outcome.duplicated == 1


def test_it_counts_each_custody_entry_by_its_row_and_its_timeline_entry():
    outcome = Outcome("t")
    tally_entries(outcome, "dose", ["a" * 32, "b" * 32, "c" * 32],
                  {"a" * 32: [1, 1], "b" * 32: [0, 0], "c" * 32: [1, 2]})
    assert (outcome.entries, outcome.lost, outcome.duplicated) == (3, 1, 1)
