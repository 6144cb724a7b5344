"""What the API lists and shows of the case files a user may read.

Which files a user may read is ``cases.selectors.case_files_visible_to``, the one
queryset the pages and the permissions use too; the API reads from either side (the
police's and the CPS lawyer's).
"""

from django.db.models import Count, Prefetch

from cases.models import CaseSection, ChargedOffence, Suspect
from cases.sections import SectionKind
from cases.selectors import case_files_visible_to
from custody.selectors import clock_prefetch


def case_files_for_list(*, user, statuses=()):
    """The files the user may read, newest change first, with what a list row shows."""
    files = case_files_visible_to(user).select_related("force", "officer_in_case")
    if statuses:
        files = files.filter(status__in=statuses)
    return files.order_by("-updated_at", "-pk")


def case_files_with_details(*, user):
    """The files the user may read, each with what the detail shows (its suspects and
    their offences, sections, participants count and deadlines) in a fixed number of
    queries, however many suspects, offences and sections it has."""
    return case_files_visible_to(user).select_related(
        "force", "officer_in_case", "custody_record",
    ).prefetch_related(
        # The charging deadline of a file started from custody comes from the detention
        # clock, which reads the record's reviews, extensions and warrants.
        *clock_prefetch("custody_record"),
        Prefetch("suspects", queryset=Suspect.objects.select_related("person").prefetch_related(
            Prefetch("offences", queryset=ChargedOffence.objects.select_related("offence")))),
        # The deadlines read the charge date from the charges section's answers; the
        # API lists every section by its state alone, without loading the answers.
        Prefetch("sections", queryset=CaseSection.objects.filter(
            kind=SectionKind.CHARGES).only("pk", "case_id", "kind", "data")),
        Prefetch("sections", to_attr="section_states", queryset=CaseSection.objects.only(
            "pk", "case_id", "kind", "status", "review_state", "updated_at", "reviewed_at")),
    ).annotate(participants_count=Count("participants"))
