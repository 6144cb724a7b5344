"""Entries made on a device while the server could not be reached, as they arrived.

Every entry a device sends is kept here by its client id, whatever became of it, so a
second delivery of the same entry is answered "already recorded" and never makes a second
row. One the rules refused on arrival stays open, in front of the custody officers (the
board, the record, the medication page), until one of them resolves it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OfflineEntryStatus(models.TextChoices):
    RECORDED = "recorded", "Recorded"
    REFUSED = "refused", "Refused on arrival"


class OfflineResolution(models.TextChoices):
    RECORDED_AGAIN = "recorded_again", "Recorded again"
    DISMISSED = "dismissed", "Dismissed"


class OfflineEntry(models.Model):
    client_id = models.CharField(max_length=64, unique=True)
    record = models.ForeignKey("custody.CustodyRecord", on_delete=models.PROTECT,
                               related_name="offline_entries")
    # What it was, in words ("Paracetamol 500 mg dose"), and the form it was made on.
    what = models.CharField(max_length=200)
    form_url = models.CharField(max_length=300)
    fields = models.JSONField(default=dict, blank=True)  # what was typed, as posted
    typed = models.JSONField(default=list, blank=True)  # the same, [label, value] pairs
    # Who made it on the device and when they saved it there (the device's clock).
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    saved_at = models.DateTimeField(null=True, blank=True)
    # Who was signed in when it arrived, and when.
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=OfflineEntryStatus.choices)
    problems = models.JSONField(default=list, blank=True)  # [{code, field, message}]
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    resolution = models.CharField(max_length=16, choices=OfflineResolution.choices,
                                  blank=True)
    resolution_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["record", "status", "resolved_at"])]
        verbose_name_plural = "offline entries"

    def __str__(self):
        return f"{self.what} ({self.get_status_display().lower()})"

    @property
    def is_open_refusal(self):
        return self.status == OfflineEntryStatus.REFUSED and self.resolved_at is None

    @property
    def problem_messages(self):
        return [problem.get("message", "") for problem in self.problems]
