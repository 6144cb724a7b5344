"""An authorisation on a custody record: detention (s.37), a delay in telling someone of
the arrest (s.56) or in legal advice (s.58), a rest period (Code C 12.2), the next court
for a person kept after charge (s.46), pre-charge bail and its extensions (ss.47ZA-47ZG).
The rules are custody/authorisations/rules.py's; these rows hold the facts."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuthorisationKind(models.TextChoices):
    DETENTION = "detention", "Detention authorised"
    DELAY_INFORMING = "delay_informing", "Delay in telling someone of the arrest"
    DELAY_LEGAL_ADVICE = "delay_legal_advice", "Delay in access to legal advice"
    REST_PERIOD = "rest_period", "Rest period"
    NEXT_COURT = "next_court", "Kept after charge for the next court"
    PRE_CHARGE_BAIL = "pre_charge_bail", "Released on pre-charge bail"
    BAIL_EXTENSION = "bail_extension", "Pre-charge bail extended"


class Authorisation(models.Model):
    record = models.ForeignKey("custody.CustodyRecord", on_delete=models.PROTECT,
                               related_name="authorisations")
    kind = models.CharField(max_length=20, choices=AuthorisationKind.choices)
    at = models.DateTimeField()
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+")
    by_role = models.CharField(max_length=20)  # the Role it was authorised in
    grounds = models.TextField(blank=True)  # a choice's code, or the words given
    reasons = models.JSONField(default=list, blank=True)  # the provision's reasons chosen
    until = models.DateTimeField(null=True, blank=True)  # when it ends, where it does
    court = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.record} {self.kind} {self.at:%Y-%m-%d %H:%M}"
