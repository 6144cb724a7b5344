"""Job rows: the database's record of background work (the worker only executes).

A job is written in the same transaction as the change that needs it and its task is
sent on commit. The worker claims a job with a conditional update, so a second delivery
of the same message finds nothing to claim. A sweeper sends again any job left queued
or running too long, so a dead worker or broker delays work but never loses it.
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
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["object_type", "object_id"]),
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
