"""Reads for the supervisor's review: the queue of files awaiting review with its
filters, a file's sections under review, the officer's returned sections, and the
file's history. Each is scoped to the user and runs a fixed number of queries however
many rows it returns."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from athena.jobs.models import JobStatus
from athena.offences.models import ModeOfTrial
from cases.constants import Requirement
from cases.models import (
    CaseEvent,
    CaseFile,
    CaseSection,
    CaseStatus,
    ChargedOffence,
    FileSubmission,
    ReviewState,
    SectionItem,
    Suspect,
)
from cases.rules import offence_groups
from cases.sections import SECTIONS
from cases.selectors import POLICE, case_files_visible_to, case_section
from cases.validation import section_has_answers
from custody.selectors import clock_prefetch

# --- The queue's filters -----------------------------------------------------------------

# Offence filter. Two views a supervisor triages by, both already data the rules read:
# where the offence is tried (the mode of trial of the offence catalogue: indictable-only
# files go to the Crown Court and the CPS, summary-only ones run against the six-month
# limit), and the offence groups of DG6 Annex 1 that decide who charges (the reviewed
# code lists in cases/data, the same the charging rules use). A file is in a group when
# any of its offences is.
MODE_FILTERS = {
    "indictable_only": ("Indictable only", ModeOfTrial.INDICTABLE_ONLY),
    "either_way": ("Either way", ModeOfTrial.EITHER_WAY),
    "summary_only": ("Summary only", ModeOfTrial.SUMMARY_ONLY),
}
GROUP_LABELS = {
    "death": "Offences involving a death",
    "terrorism_official_secrets": "Terrorism and official secrets",
    "harassment_stalking": "Harassment and stalking",
    "violent_disorder_affray": "Violent disorder and affray",
    "gbh_wounding_abh": "GBH, wounding and ABH",
    "sexual_offences_act": "Sexual offences",
    "sexual_offence_against_child": "Sexual offences involving a child",
    "licensing_act_2003": "Licensing Act 2003",
    "hate_crime": "Hate crime",
    "retail_theft": "Retail theft",
}


def offence_filter_choices():
    """[(optgroup label, [(value, label)])] for the offence filter."""
    groups = [(name, GROUP_LABELS.get(name, name.replace("_", " ").capitalize()))
              for name in offence_groups()]
    return [
        ("Where it is tried", [(value, label) for value, (label, _) in MODE_FILTERS.items()]),
        ("Offence groups of the charging rules (DG6)",
         sorted(groups, key=lambda choice: choice[1])),
    ]


def _offence_condition(value):
    offences = ChargedOffence.objects.filter(suspect__case=OuterRef("pk"))
    if value in MODE_FILTERS:
        return Exists(offences.filter(offence__mode_of_trial=MODE_FILTERS[value][1]))
    return Exists(offences.filter(offence__cjs_code__in=sorted(offence_groups()[value])))


# Age: whole days since the file was (last) submitted.
AGE_BANDS = {
    "under_1_day": ("Less than a day", 0, 1),
    "1_to_2_days": ("1 to 2 days", 1, 3),
    "3_to_6_days": ("3 to 6 days", 3, 7),
    "7_days_or_more": ("7 days or more", 7, None),
}


def _age_condition(band, now):
    _, youngest, oldest = AGE_BANDS[band]
    condition = Q(last_submitted_at__lte=now - timedelta(days=youngest))
    if oldest is not None:
        condition &= Q(last_submitted_at__gt=now - timedelta(days=oldest))
    return condition


NO_TEAM = "none"  # the filter value for officers with no team recorded


def _team_condition(team):
    return Q(officer_in_case__team="") if team == NO_TEAM else Q(officer_in_case__team=team)


# --- The queue -----------------------------------------------------------------------------

def _latest_submissions():
    return FileSubmission.objects.filter(case=OuterRef("pk")).order_by("-submitted_at", "-pk")


def awaiting_review(*, user):
    """The files of the user's force awaiting review: submitted files whose automatic
    check passed (the latest submission's job is done and found no problems), and files
    in review. Not the user's own files: another supervisor reviews those."""
    latest = _latest_submissions()
    check_passed = FileSubmission.objects.filter(
        pk=OuterRef("latest_submission_id"), job__status=JobStatus.DONE, problems={})
    return (CaseFile.objects.filter(force_id=user.force_id)
            .exclude(officer_in_case_id=user.pk)
            .filter(status__in=[CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW])
            .annotate(last_submitted_at=Subquery(latest.values("submitted_at")[:1]),
                      latest_submission_id=Subquery(latest.values("pk")[:1]))
            .filter(Q(status=CaseStatus.IN_REVIEW) | Q(Exists(check_passed))))


def _queue_order(queryset):
    return queryset.order_by(F("next_deadline_at").asc(nulls_last=True),
                             F("last_submitted_at").asc(nulls_last=True), "urn")


def _with_rows(queryset):
    return queryset.select_related("officer_in_case").prefetch_related(
        Prefetch("suspects", queryset=Suspect.objects.select_related("person").prefetch_related(
            Prefetch("offences", queryset=ChargedOffence.objects.select_related("offence")))))


@dataclass(frozen=True)
class QueueFilters:
    team: str = ""
    offence: str = ""
    age: str = ""

    def conditions(self, now, *, leave_out=""):
        conditions = []
        if self.team and leave_out != "team":
            conditions.append(_team_condition(self.team))
        if self.offence and leave_out != "offence":
            conditions.append(_offence_condition(self.offence))
        if self.age and leave_out != "age":
            conditions.append(_age_condition(self.age, now))
        return conditions


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int


def review_queue(*, user, filters, now=None):
    """(files, facets): the filtered queue of files awaiting review, soonest deadline
    first (then longest waiting), as a queryset to paginate; and for each filter its
    options with how many files each would show, given the other filters."""
    now = now or timezone.now()
    base = awaiting_review(user=user)
    files = _with_rows(_queue_order(base.filter(*filters.conditions(now))))
    return files, {
        "team": _team_facet(base.filter(*filters.conditions(now, leave_out="team"))),
        "offence": _offence_facet(base.filter(*filters.conditions(now, leave_out="offence"))),
        "age": _age_facet(base.filter(*filters.conditions(now, leave_out="age")), now),
    }


def _team_facet(queryset):
    rows = (queryset.order_by().values("officer_in_case__team")
            .annotate(files=Count("pk")).order_by("officer_in_case__team"))
    return [FacetOption(row["officer_in_case__team"] or NO_TEAM,
                        row["officer_in_case__team"] or "No team recorded", row["files"])
            for row in rows]


def _offence_facet(queryset):
    """Each offence filter's count of files, from one read of the queue's offences.

    Counted in Python over (file, mode of trial, code) rows, not with an EXISTS per
    filter per file: with 10,000 files in review the fifteen subplans read 2.2 million
    buffers (1.2 s, docs/benchmarks.md); the rows are a few per file."""
    rows = (ChargedOffence.objects.filter(suspect__case__in=queryset.order_by().values("pk"))
            .values_list("suspect__case_id", "offence__mode_of_trial", "offence__cjs_code")
            .distinct())
    groups = offence_groups()
    files = {value: set() for _, choices in offence_filter_choices() for value, _ in choices}
    for case_id, mode_of_trial, cjs_code in rows:
        for value, (_, mode) in MODE_FILTERS.items():
            if mode == mode_of_trial:
                files[value].add(case_id)
        for name, codes in groups.items():
            if cjs_code in codes:
                files[name].add(case_id)
    return [(group, [FacetOption(value, label, len(files[value])) for value, label in choices])
            for group, choices in offence_filter_choices()]


def _age_facet(queryset, now):
    counts = queryset.order_by().aggregate(**{
        band: Count("pk", filter=_age_condition(band, now)) for band in AGE_BANDS})
    return [FacetOption(band, label, counts[band])
            for band, (label, _, _) in AGE_BANDS.items()]


def files_awaiting_review_for_home(*, user, limit):
    return list(_with_rows(_queue_order(awaiting_review(user=user)))[:limit])


# --- One file under review -------------------------------------------------------------------

def case_get_for_review(*, user, pk):
    """The file with its sections, their items and who decided them; 404 unless the user
    may see the file. Whether they may review it is the view's check (403)."""
    case = (case_files_visible_to(user, side=POLICE)
            .select_related("force", "officer_in_case", "custody_record")
            .prefetch_related(
                *clock_prefetch("custody_record"),
                Prefetch("suspects", queryset=Suspect.objects.select_related(
                    "person").prefetch_related(Prefetch(
                        "offences", queryset=ChargedOffence.objects.select_related("offence")))),
                Prefetch("sections", queryset=CaseSection.objects.select_related(
                    "reviewed_by", "updated_by").prefetch_related(
                    Prefetch("items", queryset=SectionItem.objects.order_by("position", "pk")))),
            ).filter(pk=pk).first())
    if case is None:
        raise Http404("No such case file")
    return case


def latest_submission(case):
    """The file's latest submission, with its job; None if it was never submitted."""
    return (FileSubmission.objects.filter(case_id=case.pk).select_related("job")
            .order_by("-submitted_at", "-pk").first())


def check_passed(submission):
    """Whether the worker's check of this submission is finished and found nothing."""
    return (submission is not None and submission.job.status == JobStatus.DONE
            and not submission.problems)


def sections_under_review(case, requirements):
    """The kinds of section the supervisor decides on, in the file's order: every
    required section, and each optional one the officer filled in."""
    kinds = []
    for kind in requirements.listed_sections():
        level = requirements.sections[kind].level
        if level == Requirement.REQUIRED or section_has_answers(case_section(case, kind)):
            kinds.append(kind)
    return kinds


# --- The officer's returned sections ----------------------------------------------------------

ITEM_POINTER = "item:"  # review_fields entries naming a statement or exhibit: "item:<id>"


def returned_section_url(case, section):
    """Where the officer fixes a returned section: the first field the supervisor pointed
    at (of the first statement or exhibit pointed at), or the section itself."""
    pointed = section.review_fields or []
    fields = [name for name in pointed if not str(name).startswith(ITEM_POINTER)]
    anchor = f"#field-{fields[0]}" if fields else "#review-comment"
    if not SECTIONS[section.kind].repeatable:
        return reverse("cases:section", args=[case.pk, section.kind]) + anchor
    item_ids = {str(item.pk) for item in section.items.all()}
    for name in pointed:
        item_id = str(name).removeprefix(ITEM_POINTER)
        if str(name).startswith(ITEM_POINTER) and item_id in item_ids:
            return reverse("cases:item_edit", args=[case.pk, section.kind, int(item_id)]) + anchor
    return reverse("cases:items", args=[case.pk, section.kind]) + "#review-comment"


def returned_sections_for_officer(*, user, limit):
    """Sections returned to the officer on their returned files, most urgent file first,
    with their items (to link a comment to the statement or exhibit it points at)."""
    return list(
        CaseSection.objects.filter(case__officer_in_case=user, case__status=CaseStatus.RETURNED,
                                   review_state=ReviewState.RETURNED)
        .select_related("case", "reviewed_by")
        .prefetch_related("items")
        .order_by(F("case__next_deadline_at").asc(nulls_last=True), "case__urn", "pk")[:limit])


# --- History -------------------------------------------------------------------------------------

def case_events(case):
    """Every line of the file's history, newest first."""
    return list(CaseEvent.objects.filter(case_id=case.pk).select_related("actor")
                .order_by("-occurred_at", "-pk"))
