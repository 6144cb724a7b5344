"""The supervisor's pages: the queue of files awaiting review, the section-by-section
review (approve, return with a comment, correct a slip, complete), and the file's
history for everyone who may see the file.

Who may review is the rule ``cases.review_casefile`` (review/permissions.py): a file
supervisor of the file's force who is not the officer in the case. Someone who may see
the file but not review it gets 403; anyone else 404, as for the file itself.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athena.audit.reads import read_audited
from athena.audit.services import audit_record
from cases import rules, selectors
from cases.bundle import answer_text
from cases.constants import Requirement
from cases.forms import court_choices
from cases.models import CaseEventKind, CaseStatus, ReviewState, SectionItem
from cases.review import services
from cases.review.forms import QueueFilterForm, ReturnSectionForm, correction_form
from cases.review.selectors import (
    ITEM_POINTER,
    QueueFilters,
    case_events,
    case_get_for_review,
    check_passed,
    latest_submission,
    review_queue,
    sections_under_review,
)
from cases.sections import SECTIONS
from cases.services import StaleEdit

QUEUE_PAGE_SIZE = 50


# --- The queue -----------------------------------------------------------------------------

@require_GET
@read_audited("cases.review_queue.viewed")
def queue(request):
    """Files of the supervisor's force awaiting review, soonest deadline first, with
    filters by team, offence and how long they have waited."""
    if not request.user.has_perm("cases.view_review_queue"):
        raise PermissionDenied
    form = QueueFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # invalid filters are explained beside them and left out
    chosen = getattr(form, "cleaned_data", {})
    filters = QueueFilters(team=chosen.get("team", ""), offence=chosen.get("offence", ""),
                           age=chosen.get("age", ""))
    files, facets = review_queue(user=request.user, filters=filters)
    page = Paginator(files, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(request, "cases/review_queue.html", {
        "form": form, "filters": filters, "facets": facets, "page": page,
        "total": page.paginator.count,
        "rows": [_queue_row(case, now) for case in page.object_list],
        "filtered": bool(filters.team or filters.offence or filters.age),
    })


def _queue_row(case, now):
    suspects = list(case.suspects.all())
    offences = sorted({charged.offence.title for suspect in suspects
                       for charged in suspect.offences.all()})
    waited = (now - case.last_submitted_at).days if case.last_submitted_at else None
    return {
        "case": case,
        "url": reverse("cases:review", args=[case.pk]),
        "suspects": ", ".join(suspect.person.full_name for suspect in suspects),
        "offences": offences,
        "officer": case.officer_in_case.display_name,
        "team": case.officer_in_case.team,
        "days_waiting": waited,
        "overdue": bool(case.next_deadline_at and case.next_deadline_at < now),
    }


# --- One file's review -----------------------------------------------------------------------

def _case_for_review(request, pk):
    case = case_get_for_review(user=request.user, pk=pk)
    if not request.user.has_perm("cases.review_casefile", case):
        raise PermissionDenied
    return case


def _known_kind(kind):
    if kind not in SECTIONS:
        raise Http404("No such section")
    return kind


@dataclass
class _Review:
    """What the review page and its forms are built from."""

    case: object
    requirements: object
    kinds: list
    submission: object

    @classmethod
    def of(cls, case):
        requirements = rules.evaluate(selectors.case_facts(case))
        return cls(case, requirements, sections_under_review(case, requirements),
                   latest_submission(case))

    def shown_fields(self, kind):
        """The section's fields this file asks for (required or optional)."""
        return [definition for definition in SECTIONS[kind].fields
                if (result := self.requirements.fields.get((kind, definition.name)))
                and result.level != Requirement.NOT_NEEDED]

    def pointer_choices(self, kind):
        shown = {definition.name for definition in self.shown_fields(kind)}
        return [(value, label) for value, label in services.return_pointer_choices(
            kind, selectors.case_section(self.case, kind))
            if value in shown or value.startswith(ITEM_POINTER)]

    def return_form(self, kind, data=None):
        return ReturnSectionForm(data, prefix=kind, pointer_choices=self.pointer_choices(kind))

    @property
    def can_decide(self):
        return self.case.status == CaseStatus.IN_REVIEW or (
            self.case.status == CaseStatus.SUBMITTED and check_passed(self.submission))


def _answers(fields, data):
    return [{"name": definition.name, "label": definition.label,
             "value": answer_text(definition, data.get(definition.name)),
             "long": definition.type == "long_text"}
            for definition in fields]


def _item_heading(kind, item):
    if kind == "witness_statements":
        name = str(item.data.get("witness_name") or "").strip()
        return f"Statement {item.position}" + (f": {name}" if name else "")
    reference = str(item.data.get("reference") or "").strip()
    return f"Exhibit {item.position}" + (f": {reference}" if reference else "")


def _section_card(review, kind, form):
    case = review.case
    section = selectors.case_section(case, kind)
    definition = SECTIONS[kind]
    fields = review.shown_fields(kind)
    problems = (review.submission.problems or {}).get(kind, []) if review.submission else []
    card = {
        "kind": kind, "definition": definition, "section": section,
        "requirement": review.requirements.sections[kind],
        "state": section.review_state if section else ReviewState.PENDING,
        "problems": problems,
        "form": form or review.return_form(kind),
        "correct_url": (None if definition.repeatable
                        else reverse("cases:review_correct", args=[case.pk, kind])),
    }
    if definition.repeatable:
        card["entries"] = [
            {"item": item, "heading": _item_heading(kind, item),
             "answers": _answers(fields, item.data),
             "correct_url": reverse("cases:review_item_correct", args=[case.pk, kind, item.pk])}
            for item in (section.items.all() if section else [])]
    else:
        card["answers"] = _answers(fields, section.data if section else {})
    return card


def _review_page(request, case, *, review=None, return_forms=None, incomplete=None,
                 status=200):
    review = review or _Review.of(case)
    cards = [_section_card(review, kind, (return_forms or {}).get(kind))
             for kind in review.kinds]
    counts = {state: sum(1 for card in cards if card["state"] == state)
              for state in ReviewState.values}
    return render(request, "cases/review.html", {
        "case": case, "cards": cards, "counts": counts, "can_decide": review.can_decide,
        "submission": review.submission,
        "check_passed": check_passed(review.submission),
        "incomplete": [(kind, SECTIONS[kind].title) for kind in incomplete or []],
        "form_errors": any(form.errors for form in (return_forms or {}).values()),
    }, status=status)


def _back_to_review(case, kind=None):
    url = reverse("cases:review", args=[case.pk])
    return redirect(f"{url}#section-{kind}" if kind else url)


@require_GET
def review(request, pk):
    case = _case_for_review(request, pk)
    audit_record(actor=request.user, action="cases.case.viewed", obj=case,
                 details={"page": "review"})
    return _review_page(request, case)


@require_POST
def section_approve(request, pk, kind):
    kind = _known_kind(kind)
    case = _case_for_review(request, pk)
    try:
        services.section_approve(acting_user=request.user, case=case, kind=kind)
    except services.SectionNotUnderReview:
        raise Http404("This section is not under review") from None
    except services.NotAwaitingReview as error:
        messages.error(request, f"This file is not awaiting review: {error}.")
        return _back_to_review(case)
    messages.success(request, f"{SECTIONS[kind].title}: approved")
    return _back_to_review(case, kind)


@require_POST
@read_audited("cases.review_section.viewed", object_type="cases.casefile")
def section_return(request, pk, kind):
    kind = _known_kind(kind)
    case = _case_for_review(request, pk)
    review = _Review.of(case)
    if kind not in review.kinds:
        raise Http404("This section is not under review")
    form = review.return_form(kind, data=request.POST)
    if not form.is_valid():
        return _review_page(request, case, review=review, return_forms={kind: form})
    try:
        services.section_return(
            acting_user=request.user, case=case, kind=kind,
            comment=form.cleaned_data["comment"], fields=form.cleaned_data["point_at"])
    except services.NotAwaitingReview as error:
        messages.error(request, f"This file is not awaiting review: {error}.")
        return _back_to_review(case)
    messages.success(request, f"{SECTIONS[kind].title}: returned to the officer when you "
                              "complete the review")
    return _back_to_review(case, kind)


@require_POST
def review_complete(request, pk):
    case = _case_for_review(request, pk)
    try:
        status = services.case_review_complete(acting_user=request.user, case=case)
    except services.ReviewIncomplete as error:
        return _review_page(request, case, incomplete=error.kinds)
    except services.NotAwaitingReview as error:
        messages.error(request, f"This file is not awaiting review: {error}.")
        return _back_to_review(case)
    if status == CaseStatus.RETURNED:
        messages.success(request, f"{case.urn} is returned to "
                                  f"{case.officer_in_case.display_name}.")
    else:
        messages.success(request, f"{case.urn} is approved.")
    return redirect("cases:detail", pk=case.pk)


@require_POST
def return_not_ready(request, pk):
    """Return an approved file the send found not ready to its officer, each section with
    a problem returned with the problems as its comment."""
    case = _case_for_review(request, pk)
    try:
        services.case_return_not_ready(acting_user=request.user, case=case)
    except services.FileReady:
        messages.success(request, "Nothing is missing now: the file can be sent.")
        return redirect("cases:cps_send", pk=case.pk)
    except services.NotAwaitingReview as error:
        messages.error(request, f"Only an approved file can be returned from here: it is "
                                f"{error}.")
        return redirect("cases:detail", pk=case.pk)
    messages.success(request, f"{case.urn} is returned to {case.officer_in_case.display_name} "
                              "with what the CPS still needs.")
    return redirect("cases:detail", pk=case.pk)


@require_http_methods(["GET", "POST"])
@read_audited("cases.review_section.viewed", object_type="cases.casefile")
def section_correct(request, pk, kind, item_id=None):
    """Correct a trivial slip in a section, or in one statement or exhibit, as the
    supervisor's own edit."""
    kind = _known_kind(kind)
    if SECTIONS[kind].repeatable != (item_id is not None):
        raise Http404("Statements and exhibits are corrected one at a time")
    case = _case_for_review(request, pk)
    review = _Review.of(case)
    if kind not in review.kinds:
        raise Http404("This section is not under review")
    section = selectors.case_section(case, kind)
    item = None
    if item_id is not None:
        item = get_object_or_404(SectionItem, pk=item_id, section__case=case,
                                 section__kind=kind)
    stored = item.data if item else (section.data if section else {})
    version = item.version if item else (section.version if section else 0)
    shown = review.shown_fields(kind)
    names = [definition.name for definition in shown]
    if request.method == "POST":
        form = correction_form(kind, shown_fields=names, data=request.POST)
        if form.is_valid():
            response, form = _save_correction(request, case, kind, item, form, names)
            if response is not None:
                return response
    else:
        form = correction_form(kind, shown_fields=names, initial={**stored, "version": version})
    return render(request, "cases/review_correct.html", {
        "case": case, "kind": kind, "definition": SECTIONS[kind], "item": item,
        "heading": _item_heading(kind, item) if item else "",
        "form": form, "fields": [{
            "bound": form[definition.name], "definition": definition,
            "error": form.errors.get(definition.name, [""])[0],
            **court_choices(definition, form[definition.name], case)} for definition in shown],
        "can_decide": review.can_decide,
    })


def _save_correction(request, case, kind, item, form, names):
    changes = {name: value for name, value in form.stored_data().items() if name in names}
    try:
        changed = services.section_correct(
            acting_user=request.user, case=case, kind=kind, item=item, changes=changes,
            expected_version=form.cleaned_data["version"])
    except StaleEdit as stale:
        # The typing stays; the form now carries the version saved since, so saving
        # again replaces it knowingly.
        data = request.POST.copy()
        data["version"] = str(stale.current.version)
        form = correction_form(kind, shown_fields=names, data=data)
        form.is_valid()
        form.add_error(None, "Someone changed this since you opened it. Your answers are "
                             "below: check them against the file and save again.")
        return None, form
    except services.NotAwaitingReview as error:
        messages.error(request, f"This file is not awaiting review: {error}.")
        return _back_to_review(case), form
    if changed:
        labels = ", ".join(SECTIONS[kind].field(name).label for name in changed)
        messages.success(request, f"{SECTIONS[kind].title}: you corrected {labels}")
    else:
        messages.info(request, "Nothing was changed")
    return _back_to_review(case, kind), form


# --- History ------------------------------------------------------------------------------------

@require_GET
def history(request, pk):
    """Every event on the file, newest first, as an MoJ timeline."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    audit_record(actor=request.user, action="cases.case.viewed", obj=case,
                 details={"page": "history"})
    return render(request, "cases/history.html", {
        "case": case, "entries": history_entries(case_events(case))})


def _titles(kinds):
    return ", ".join(SECTIONS[kind].title for kind in kinds or [] if kind in SECTIONS)


def _labels(section_kind, names):
    if section_kind not in SECTIONS:
        return ""
    known = {f.name: f.label for f in SECTIONS[section_kind].fields}
    return ", ".join(known[name] for name in names or [] if name in known)


def _section_lines(event, details):
    lines = []
    if event.kind == CaseEventKind.SECTION_RETURNED and details.get("pointed_at"):
        lines.append("Pointed at: " + ", ".join(str(label) for label in details["pointed_at"]))
    elif labels := _labels(event.section_kind, details.get("fields")):
        lines.append(("Corrected: " if event.kind == CaseEventKind.SECTION_CORRECTED
                      else "Pointed at: ") + labels)
    if details.get("item"):
        noun = "statement" if event.section_kind == "witness_statements" else "exhibit"
        lines.append(f"In {noun} {details['item']}")
    return lines


def _check_failed_lines(event, details):
    if details.get("check_could_not_finish"):
        return ["The check could not finish. Nothing entered was lost."]
    titles = _titles(details.get("problems"))
    return [f"Something is missing from: {titles}"] if titles else []


def _titled_lines(*pairs):
    return [f"{label}: {titles}" for label, kinds in pairs if (titles := _titles(kinds))]


_EVENT_LINES = {
    CaseEventKind.SECTION_RETURNED: _section_lines,
    CaseEventKind.SECTION_CORRECTED: _section_lines,
    CaseEventKind.CHECK_FAILED: _check_failed_lines,
    CaseEventKind.SUBMITTED: lambda event, details: _titled_lines(
        ("To review again", details.get("sections_to_review_again")),
        ("Still approved", details.get("sections_still_approved"))),
    CaseEventKind.RETURNED: lambda event, details: _titled_lines(
        ("Returned", details.get("returned")), ("Approved", details.get("approved"))),
}


def _event_lines(event):
    """What the event's details say, in words (events of other apps say it in their
    comment)."""
    details = event.details if isinstance(event.details, dict) else {}
    describe = _EVENT_LINES.get(event.kind)
    return describe(event, details) if describe else []


def history_entries(events):
    """The timeline's items for these events (newest first, as given)."""
    return [{
        "title": event.get_kind_display() + (
            f": {SECTIONS[event.section_kind].title}" if event.section_kind in SECTIONS else ""),
        "byline": event.actor.display_name if event.actor else "Athena",
        "occurred_at": event.occurred_at,
        "comment": event.comment,
        "lines": _event_lines(event),
        "kind": event.kind,
    } for event in events]
