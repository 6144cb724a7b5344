"""Reads of case files, scoped to the user, and the facts the file rules work from.

Which files a user may read is one queryset, ``case_files_visible_to``: the pages fetch
through it, the permissions ``cases.view_casefile`` and ``cases.view_cps_casefile`` are
membership of it (permissions.py, cps/permissions.py), and the API lists from it.
"""

import operator
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from athena.accounts.models import User
from athena.accounts.roles import Role
from athena.accounts.rules import has_role
from cases.models import (
    CPS_STATUSES,
    CaseFile,
    CaseSection,
    CaseStatus,
    ChargedOffence,
    FileSubmission,
    Participant,
    ParticipantRole,
    Suspect,
)
from cases.rules import CaseFacts, OffenceFacts
from cases.sections import SectionKind
from custody.selectors import clock_prefetch

# Who reads which files, by role.
reads_force_files = has_role(Role.FILE_SUPERVISOR, Role.INSPECTOR, Role.SUPERINTENDENT)
is_cps_lawyer = has_role(Role.CPS_LAWYER)

# The two sides a file is read from: the police's pages, and the CPS lawyer's.
POLICE = "police"
CPS = "cps"


def case_files_visible_to(user, *, side=None):
    """The case files ``user`` may read, as one queryset: ``side`` POLICE for the police's
    pages (``cases.view_casefile``), CPS for the CPS lawyer's (``cases.view_cps_casefile``),
    None for either (the API).

    Police, force first: the officer in the case reads their own files; file supervisors,
    inspectors and superintendents every file of their force. CPS lawyers, one national
    service: every force's files once sent to the CPS (sent or decided), never before. An
    active superuser reads every file, as ``has_perm`` lets them. Nobody else, and no
    anonymous or inactive user, reads any.
    """
    if not user.is_authenticated or not user.is_active:
        return CaseFile.objects.none()
    if user.is_superuser:
        return CaseFile.objects.all()
    may_read = []
    if side in (None, POLICE) and user.force_id is not None:
        if reads_force_files.test(user):
            may_read.append(Q(force_id=user.force_id))
        else:
            may_read.append(Q(force_id=user.force_id, officer_in_case_id=user.pk))
    if side in (None, CPS) and is_cps_lawyer.test(user):
        may_read.append(Q(status__in=CPS_STATUSES))
    if not may_read:
        return CaseFile.objects.none()
    return CaseFile.objects.filter(reduce(operator.or_, may_read))


def case_is_visible_to(user, case, *, side=None):
    """Whether ``case`` is among ``case_files_visible_to(user, side=side)``."""
    return case is not None and case_files_visible_to(user, side=side).filter(
        pk=case.pk).exists()


def _suspects_with_offences():
    return Prefetch("suspects", queryset=Suspect.objects.select_related("person").prefetch_related(
        Prefetch("offences", queryset=ChargedOffence.objects.select_related("offence"))))


def _with_contents(files):
    """Files with everything a file's page, the worker's check and the bundle read: the
    suspects and their offences, the sections with their items, and the custody record
    with all its detention clock reads (the charging deadline)."""
    return files.select_related(
        "force", "officer_in_case", "custody_record",
    ).prefetch_related(
        *clock_prefetch("custody_record"),
        _suspects_with_offences(),
        Prefetch("sections", queryset=CaseSection.objects.prefetch_related("items")),
        "participants",
    )


def _one_for_user(files, *, user, pk, permission):
    case = files.filter(pk=pk).first()
    if case is None or (permission is not None and not user.has_perm(permission, case)):
        raise Http404("No such case file")
    return case


def case_get_for_user(*, user, pk, permission=None, side=POLICE):
    """The case file with everything its page shows; 404 unless the user may read it
    from ``side`` and, when ``permission`` is given, has that permission on it."""
    return _one_for_user(_with_contents(case_files_visible_to(user, side=side)),
                         user=user, pk=pk, permission=permission)


def case_row_for_user(*, user, pk, permission=None, side=POLICE):
    """The file's own row only, for a page that hands the file to a service (which reads
    the rest under its lock); 404 as ``case_get_for_user``."""
    return _one_for_user(case_files_visible_to(user, side=side), user=user, pk=pk,
                         permission=permission)


def case_get(*, pk):
    """The case file with everything the worker's check and bundle read (no user scope:
    for background jobs only)."""
    return _with_contents(CaseFile.objects.all()).get(pk=pk)


def case_for_change(*, pk):
    """The file locked for a change (call it inside the change's transaction), with what
    the file rules read, read under the lock: its sections, and every suspect's offences
    as ``charged_offences`` (one query, in the suspects' order). Every change to a file or
    its sections takes this lock first, so what it reads stays as read until the change
    commits."""
    case = CaseFile.objects.select_for_update(of=("self",)).annotate(
        victims_count=_participants_count(ParticipantRole.VICTIM),
        witnesses_count=_participants_count(ParticipantRole.WITNESS),
    ).prefetch_related("sections").get(pk=pk)
    case.charged_offences = list(
        ChargedOffence.objects.filter(suspect__case_id=pk).select_related("offence")
        .order_by("suspect__position", "suspect_id", "pk"))
    return case


def _participants_count(role):
    """How many victims (or witnesses) the file names, as a subquery: the row of a file
    locked for a change can carry it (no GROUP BY beside FOR UPDATE)."""
    return Coalesce(Subquery(
        Participant.objects.filter(case_id=OuterRef("pk"), role=role)
        .values("case_id").annotate(n=Count("pk")).values("n")), 0)


def _role_counts(case):
    """(victims, witnesses) of the file: counted with its locked row, or from its
    prefetched participants."""
    if hasattr(case, "victims_count"):
        return case.victims_count, case.witnesses_count
    roles = [participant.role for participant in case.participants.all()]
    return roles.count(ParticipantRole.VICTIM), roles.count(ParticipantRole.WITNESS)


def _charged_offences(case):
    """Every offence of every suspect of the file, in the suspects' order."""
    if hasattr(case, "charged_offences"):
        return case.charged_offences
    return [charged for suspect in case.suspects.all() for charged in suspect.offences.all()]


def _case_files_for_deadlines():
    """Case files with just what deadlines.case_deadlines reads, for lists."""
    return CaseFile.objects.select_related("officer_in_case", "custody_record").prefetch_related(
        *clock_prefetch("custody_record"),
        _suspects_with_offences(),
        Prefetch("sections", queryset=CaseSection.objects.filter(kind=SectionKind.CHARGES).only(
            "pk", "case_id", "kind", "data")),
    )


def cases_for_officer(*, user):
    """The officer's files for their list, newest change first: the suspects' names, not
    the sections (a busy officer has hundreds of files)."""
    return CaseFile.objects.filter(officer_in_case=user).prefetch_related(
        Prefetch("suspects", queryset=Suspect.objects.select_related("person"))
    ).order_by("-updated_at", "-pk")


def cases_for_supervision(*, user, team="", query="", status=""):
    """The files a supervisor (or inspector) reads, for their list: their team's, or the
    whole force's when ``team`` is "" ; narrowed by ``query`` (a URN, or a suspect's name)
    and ``status``. Newest change first, with the suspects' names and the officer."""
    files = case_files_visible_to(user, side=POLICE).exclude(officer_in_case=None)
    if team:
        files = files.filter(officer_in_case__team__iexact=team)
    words = query.split()[:4]
    for word in words:
        files = files.filter(Q(urn__iexact=word) | Q(suspects__person__surname__icontains=word)
                             | Q(suspects__person__forenames__icontains=word))
    if status in CaseStatus.values:
        files = files.filter(status=status)
    return files.select_related("officer_in_case").prefetch_related(
        Prefetch("suspects", queryset=Suspect.objects.select_related("person"))
    ).distinct().order_by("-updated_at", "-pk")


def open_cases_by_urgency(*, user, statuses, limit):
    """The officer's files in those statuses, soonest deadline first, then those without
    one; sorted by the database on the stored next deadline."""
    return list(_case_files_for_deadlines().filter(
        officer_in_case=user, status__in=statuses,
    ).order_by(F("next_deadline_at").asc(nulls_last=True), "urn")[:limit])


def case_for_deadlines(*, pk):
    return _case_files_for_deadlines().get(pk=pk)


def case_facts(case):
    """The facts of a file the rules decide from, read from prefetched rows (the suspects
    and their offences, or ``case_for_change``'s ``charged_offences``, and the sections)."""
    offences = tuple(
        OffenceFacts(cjs_code=charged.offence.cjs_code, title=charged.offence.title,
                     mode_of_trial=charged.offence.mode_of_trial,
                     anticipated_plea=charged.anticipated_plea)
        for charged in _charged_offences(case)
    )
    victims, witnesses = _role_counts(case)
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
        victims=victims,
        witnesses=witnesses,
    )


def case_section(case, kind):
    """The section row of that kind from the prefetched sections, or None."""
    return next((s for s in case.sections.all() if s.kind == kind), None)


def submission_for_job(job):
    """The submission a job checks (``cases.file.submit``), or None."""
    return FileSubmission.objects.filter(job=job).first()


def submission_get(*, pk):
    """The submission, or None (it may have gone since its job was queued)."""
    return FileSubmission.objects.filter(pk=pk).first()


def section_for_render(*, pk):
    """The section with its file and items, as its PDF render reads it; None if it is
    gone."""
    return (CaseSection.objects.select_related("case").prefetch_related("items")
            .filter(pk=pk).first())


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


def case_files_for_person(*, person_id, user, limit=50):
    """The case files in which the person is a suspect that ``user`` may open (their own
    force's, and of those the ones their role reads: ``case_files_visible_to``), newest
    change first, at most ``limit``. A fixed number of queries whatever the number."""
    files = (case_files_visible_to(user, side=POLICE).filter(suspects__person_id=person_id)
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


def supervisors_to_tell(case):
    """The file supervisors told a file is ready for review: those of the officer's team
    in the force, or every file supervisor of the force when none shares the team."""
    supervisors = User.objects.filter(force_id=case.force_id, is_active=True,
                                      groups__name=Role.FILE_SUPERVISOR).distinct()
    team = (case.officer_in_case.team or "").strip()
    same_team = [user for user in supervisors if team and user.team.strip() == team]
    return same_team or list(supervisors)


def person_case_reason(*, user, thing):
    """"Case file <URN>" when the person ``thing`` names ("people.person:7") is a suspect,
    victim or witness on a file this user is the officer in the case of: their own work
    is the reason they open the person's record (athena/audit/enquiry.py). A supervisor,
    who reads every file of the team, states a reason like anyone else. One query."""
    kind, _, pk = str(thing).partition(":")
    if kind != "people.person" or not pk.isdigit() or not user.is_authenticated:
        return None
    urn = (CaseFile.objects.filter(officer_in_case=user)
           .filter(Q(suspects__person_id=int(pk)) | Q(participants__person_id=int(pk)))
           .order_by("-updated_at", "-pk").values_list("urn", flat=True).first())
    return f"Case file {urn}" if urn else None
