"""The grants that move the detention limit later: a superintendent's extension (PACE
s.42) and a magistrates' warrant of further detention (ss.43-44). The rules are in
custody/clock.py; these rows only hold the facts."""

from django.conf import settings
from django.db import models


class DetentionExtension(models.Model):
    """A superintendent's authorisation to hold the person to ``new_limit_hours`` after
    the relevant time, with the grounds recorded."""

    record = models.ForeignKey("custody.CustodyRecord", on_delete=models.PROTECT,
                               related_name="extensions")
    at = models.DateTimeField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    by_role = models.CharField(max_length=20)  # athena.accounts.roles.Role value
    new_limit_hours = models.PositiveSmallIntegerField()
    grounds = models.TextField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.record} extension to {self.new_limit_hours}h"


class DetentionWarrant(models.Model):
    """A warrant of further detention (s.43) or its extension (s.44), as recorded by the
    custody officer."""

    record = models.ForeignKey("custody.CustodyRecord", on_delete=models.PROTECT,
                               related_name="warrants")
    at = models.DateTimeField("Issued at")
    granted_until = models.DateTimeField()
    court = models.CharField(max_length=200)
    # s.43(5)(b): the court could not sit when 36 hours ran out but sat within 6 hours.
    court_could_not_sit = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.record} warrant until {self.granted_until:%Y-%m-%d %H:%M}"


class HospitalStay(models.Model):
    """Time the detainee spent in hospital, or going there and back (PACE s.41(6)): not
    counted towards the detention limit unless they were questioned."""

    record = models.ForeignKey("custody.CustodyRecord", on_delete=models.PROTECT,
                               related_name="hospital_stays")
    left_at = models.DateTimeField("Left for hospital")
    returned_at = models.DateTimeField("Back at the station", null=True, blank=True)
    questioned = models.BooleanField(default=False)
    hospital = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["left_at", "pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(returned_at__isnull=True)
            | models.Q(returned_at__gte=models.F("left_at")),
            name="custody_hospital_back_after_leaving")]

    def __str__(self):
        return f"{self.record} hospital from {self.left_at:%Y-%m-%d %H:%M}"
