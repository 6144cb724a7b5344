"""Which case files a user may read through the API, as one queryset.

The pages check one file at a time: ``cases.view_casefile`` (cases/permissions.py) for
the police, ``cases.view_cps_casefile`` (cases/permissions_cps.py) for CPS lawyers. A
list needs the same rules as a query. ``case_files_visible_to`` is that query, built from
the same role predicates and statuses, and the tests hold it to the same answer as the
two permissions for every role.
"""

import operator
from functools import reduce

from django.db.models import Count, Prefetch, Q

from cases.models import CaseFile, CaseSection, ChargedOffence, Suspect
from cases.permissions import reads_force_files
from cases.permissions_cps import CPS_STATUSES, is_cps_lawyer
from cases.sections import SectionKind


def case_files_visible_to(*, user):
    """The case files ``user`` may read: ``cases.view_casefile`` or
    ``cases.view_cps_casefile``, as a queryset.

    Police, force first: the officer in the case reads their own files; file
    supervisors, inspectors and superintendents every file of their force. CPS lawyers,
    one national service: every force's files once sent to the CPS (sent or decided),
    never before. An active superuser reads every file, as ``has_perm`` lets them.
    Nobody else, and no anonymous or inactive user, reads any.
    """
    if not user.is_authenticated or not user.is_active:
        return CaseFile.objects.none()
    if user.is_superuser:
        return CaseFile.objects.all()
    may_read = []
    if user.force_id is not None:
        if reads_force_files.test(user):
            may_read.append(Q(force_id=user.force_id))
        else:
            may_read.append(Q(force_id=user.force_id, officer_in_case=user))
    if is_cps_lawyer.test(user):
        may_read.append(Q(status__in=CPS_STATUSES))
    if not may_read:
        return CaseFile.objects.none()
    return CaseFile.objects.filter(reduce(operator.or_, may_read))


def case_files_for_list(*, user, statuses=()):
    """The files the user may read, newest change first, with what a list row shows."""
    files = case_files_visible_to(user=user).select_related("force", "officer_in_case")
    if statuses:
        files = files.filter(status__in=statuses)
    return files.order_by("-updated_at", "-pk")


def case_files_with_details(*, user):
    """The files the user may read, each with what the detail shows (its suspects and
    their offences, sections, participants count and deadlines) in a fixed number of
    queries, however many suspects, offences and sections it has."""
    return case_files_visible_to(user=user).select_related(
        "force", "officer_in_case", "custody_record",
    ).prefetch_related(
        # The charging deadline of a file started from custody comes from the detention
        # clock, which reads the record's reviews.
        "custody_record__reviews",
        Prefetch("suspects", queryset=Suspect.objects.select_related("person").prefetch_related(
            Prefetch("offences", queryset=ChargedOffence.objects.select_related("offence")))),
        # The deadlines read the charge date from the charges section's answers; the
        # API lists every section by its state alone, without loading the answers.
        Prefetch("sections", queryset=CaseSection.objects.filter(
            kind=SectionKind.CHARGES).only("pk", "case_id", "kind", "data")),
        Prefetch("sections", to_attr="section_states", queryset=CaseSection.objects.only(
            "pk", "case_id", "kind", "status", "review_state", "updated_at", "reviewed_at")),
    ).annotate(participants_count=Count("participants"))
