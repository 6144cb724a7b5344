"""Reads of case files, scoped to the user, and the facts the file rules work from."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Prefetch
from django.http import Http404

from cases.models import CaseFile, CaseSection, ChargedOffence, Suspect
from cases.rules import CaseFacts, OffenceFacts


def _case_files():
    return CaseFile.objects.select_related(
        "force", "officer_in_case", "custody_record",
    ).prefetch_related(
        "custody_record__reviews",
        Prefetch("suspects", queryset=Suspect.objects.select_related("person").prefetch_related(
            Prefetch("offences", queryset=ChargedOffence.objects.select_related("offence"))
        )),
        Prefetch("sections", queryset=CaseSection.objects.prefetch_related("items")),
    )


def case_get_for_user(*, user, pk, permission="cases.view_casefile"):
    """The case file with everything its page shows; 404 unless the user may see it."""
    case = _case_files().filter(pk=pk).first()
    if case is None or not user.has_perm(permission, case):
        raise Http404("No such case file")
    return case


def case_get(*, pk):
    """The case file with everything the worker's check and bundle read (no user scope:
    for background jobs only)."""
    return _case_files().get(pk=pk)


def _case_files_for_deadlines():
    """Case files with just what deadlines.case_deadlines reads, for lists."""
    return CaseFile.objects.select_related("officer_in_case", "custody_record").prefetch_related(
        "custody_record__reviews",
        Prefetch("suspects", queryset=Suspect.objects.select_related("person").prefetch_related(
            Prefetch("offences", queryset=ChargedOffence.objects.select_related("offence"))
        )),
        Prefetch("sections", queryset=CaseSection.objects.filter(kind="charges").only(
            "pk", "case_id", "kind", "data")),
    )


def cases_for_officer(*, user):
    """The officer's files for their list, newest change first: the suspects' names, not
    the sections (a busy officer has hundreds of files)."""
    return CaseFile.objects.filter(officer_in_case=user).prefetch_related(
        Prefetch("suspects", queryset=Suspect.objects.select_related("person"))
    ).order_by("-updated_at", "-pk")


def open_cases_by_urgency(*, user, statuses, limit):
    """The officer's files in those statuses, soonest deadline first, then those without
    one; sorted by the database on the stored next deadline."""
    return list(_case_files_for_deadlines().filter(
        officer_in_case=user, status__in=statuses,
    ).order_by(F("next_deadline_at").asc(nulls_last=True), "urn")[:limit])


def case_for_deadlines(*, pk):
    return _case_files_for_deadlines().get(pk=pk)


def case_facts(case):
    """The facts of a file the rules decide from, read from prefetched rows."""
    offences = tuple(
        OffenceFacts(cjs_code=charged.offence.cjs_code, title=charged.offence.title,
                     mode_of_trial=charged.offence.mode_of_trial,
                     anticipated_plea=charged.anticipated_plea)
        for suspect in case.suspects.all()
        for charged in suspect.offences.all()
    )
    return CaseFacts(
        offences=offences,
        markers=frozenset(case.markers),
        remand_sought=case.remand_sought,
        case_begins=case.case_begins,
        stage=case.stage,
        likely_venue=case.likely_venue,
        bail_status=case.bail_status,
        loss_value=case.loss_value,
        custody_over_12_months_likely=case.custody_over_12_months_likely,
        section_data={section.kind: section.data for section in case.sections.all()},
    )


def case_section(case, kind):
    """The section row of that kind from the prefetched sections, or None."""
    return next((s for s in case.sections.all() if s.kind == kind), None)


# --- For the intelligence app (a subject's profile reads cases only through this) ------

@dataclass(frozen=True)
class CaseFileForPerson:
    case_id: int
    urn: str
    status_label: str
    offences: tuple  # titles of the offences the person is to be charged with
    force_id: int
    officer: str  # the officer in the case, as they sign
    updated_at: datetime


def case_files_for_person(*, person_id, force_id, limit=50):
    """The case files of ``force_id`` in which the person is a suspect (case files are
    force scoped: another force's files are never listed), newest change first, at most
    ``limit``. A fixed number of queries whatever the number of files."""
    files = (CaseFile.objects.filter(force_id=force_id, suspects__person_id=person_id)
             .select_related("officer_in_case")
             .prefetch_related(Prefetch(
                 "suspects", to_attr="the_person_as_suspect",
                 queryset=Suspect.objects.filter(person_id=person_id).prefetch_related(
                     Prefetch("offences",
                              queryset=ChargedOffence.objects.select_related("offence")))))
             .order_by("-updated_at", "-pk")[:limit])
    return tuple(
        CaseFileForPerson(
            case_id=case.pk, urn=case.urn, status_label=case.get_status_display(),
            offences=tuple(charged.offence.title for suspect in case.the_person_as_suspect
                           for charged in suspect.offences.all()),
            force_id=case.force_id, officer=case.officer_in_case.display_name,
            updated_at=case.updated_at)
        for case in files)
