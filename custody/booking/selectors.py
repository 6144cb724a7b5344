"""Reads of what was recorded at booking in, for the booking pages: each a record's
rows, with who recorded them."""

from custody.models import Needs, PropertyItem, RightsGiven, RiskAssessment


def rights_for_record(record):
    return RightsGiven.objects.filter(record=record).select_related("given_by")


def risk_assessments_for_record(record):
    return RiskAssessment.objects.filter(record=record).select_related("assessed_by")


def property_for_record(record):
    return PropertyItem.objects.filter(record=record).select_related("recorded_by")


def needs_for_record(record):
    return Needs.objects.filter(record=record).select_related("recorded_by")
