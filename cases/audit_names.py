"""Case files as the audit viewer names them (athena/audit/presentation): by URN, and
found by the people they are about (a suspect or a victim or witness on the index)."""

from django.db.models import Q

from athena.audit.presentation import register_records
from cases.models import CaseFile


def case_names(ids):
    return dict(CaseFile.objects.filter(pk__in=ids).values_list("pk", "urn"))


def cases_about(person_ids):
    return (CaseFile.objects.filter(Q(suspects__person_id__in=person_ids)
                                    | Q(participants__person_id__in=person_ids))
            .values_list("pk", flat=True).distinct())


def register():
    register_records("cases.casefile", kind="Case file", url_name="cases:detail",
                     names=case_names, about_people=cases_about)
