"""Job rows: the database's record of background work (the worker only executes).

A job is written in the same transaction as the change that needs it and its task is
sent on commit. The row is the truth; a message only says "look at job N now".

Leases. ``lease_expires_at`` says until when someone answers for the job:
- a running job: the worker that claimed it. It holds a lease of its kind's length
  (registry.py) and renews it every third of that while the handler runs (leases.py,
  and every progress report). A worker that dies stops renewing.
- a queued job: the message sent for it, due then (now, or after a retry's backoff).

A delivery claims the job with one conditional update: a queued job, or a running one
whose lease has run out (its worker died). Of two live deliveries only the first finds
it claimable; the second finds a live lease and sends the message again to arrive when
the lease runs out, so if that worker really died the job is taken up then, and if not
the message finds it done and does nothing. Each claim counts an attempt, and only the
claim holding the row (its ``attempts`` number) records the outcome.

The sweeper sends again a queued job whose message is overdue by its kind's grace and a
running job whose lease has run out, and gives up on a job that used every attempt. So a
dead worker, broker or database delays work by about a lease, never loses it.
"""

from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    kind = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent, for progress bars
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Until when the worker running the job, or the message sent for it, answers for it.
    lease_expires_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["status", "lease_expires_at"], name="job_status_lease_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100),
                                   name="job_progress_at_most_100"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_type} {self.object_id} ({self.status})"


# The rows of WorkerHeartbeat: the worker's own beat, and the one the sweeper writes each
# time beat's schedule makes it run (so /healthz can tell a dead beat from a dead worker).
WORKER_HEARTBEAT_ID = 1
SWEEPER_HEARTBEAT_ID = 2


class WorkerHeartbeat(models.Model):
    """Rows the worker and the sweeper touch on a schedule; /healthz reads how old they are."""

    beat_at = models.DateTimeField()
    hostname = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.hostname} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
