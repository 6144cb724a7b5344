"""Intelligence reports as the audit viewer names them (athena/audit/presentation): by
reference, and found by the people linked to them."""

from athena.audit.presentation import register_records
from intelligence.models import IntelligenceReport


def report_names(ids):
    return dict(IntelligenceReport.objects.filter(pk__in=ids)
                .values_list("pk", "reference"))


def reports_about(person_ids):
    return (IntelligenceReport.objects.filter(links__person_id__in=person_ids)
            .values_list("pk", flat=True).distinct())


def register():
    register_records("intelligence.intelligencereport", kind="Intelligence report",
                     url_name="intelligence:report_detail", names=report_names,
                     about_people=reports_about)
