"""Custody records as the audit viewer names them (athena/audit/presentation): by
custody number, and found by the detainee."""

from athena.audit.presentation import register_records
from custody.models import CustodyRecord


def record_names(ids):
    return dict(CustodyRecord.objects.filter(pk__in=ids).values_list("pk", "custody_number"))


def records_about(person_ids):
    return CustodyRecord.objects.filter(person_id__in=person_ids).values_list("pk", flat=True)


def register():
    register_records("custody.custodyrecord", kind="Custody record",
                     url_name="custody:record", names=record_names,
                     about_people=records_about)
