"""Pages of finding intelligence and keeping it lawfully: the search, the stated reason
for access (DPA 2018 s.62, the platform's enquiry: athena/audit/enquiry.py), a subject's
profile and who looked at it, and the MoPI retention reviews. Each view checks
permission, calls a form, a read and a service, renders.

A search, a subject's profile and a subject's access log are each read for the user's
enquiry: opening one the enquiry does not cover yet asks, in one click, whether it is
part of the same enquiry."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from athena.accounts.roles import Role
from athena.audit import enquiry
from intelligence import access, selectors, services, subjects
from intelligence.forms_search import IntelligenceSearchForm, RetentionReviewForm
from intelligence.grading import (
    HANDLING_CODE_MEANINGS,
    INTELLIGENCE_ASSESSMENT_MEANINGS,
    SOURCE_EVALUATION_MEANINGS,
    HandlingCode,
    IntelligenceAssessment,
    SourceEvaluation,
)
from intelligence.models import EntityType, IntelligenceReport
from intelligence.retention import RETENTION_RULES, RetentionGroup
from intelligence.search import intelligence_search

SEARCH_LIMIT = 50
ACCESS_LOG_PAGE_SIZE = 50
# Reports listed for review: overdue ones and those due within this many days.
RETENTION_WINDOW_DAYS = selectors.RETENTION_NOTICE_DAYS
RETENTION_QUEUE_LIMIT = 200
RETENTION_REVIEW_REASON = "MoPI retention review of the report"
SEARCH_THING = "intelligence.search"


def _require_intelligence(request):
    if not selectors.may_use_intelligence(request.user):
        raise PermissionDenied


def _require_analyst(request):
    user = request.user
    if not (selectors.may_use_intelligence(user)
            and Role.INTELLIGENCE_ANALYST in user.role_names):
        raise PermissionDenied


def _may_state_a_reason(user):
    """Police roles, for what they search and open; administrators, for the access log."""
    return selectors.may_use_intelligence(user) or user.has_role(Role.ADMINISTRATOR)


def _change_reason_href(request, thing):
    return enquiry.reason_address(request, thing, reason_url=access.REASON_URL, new=True)


def _filter_tags(request, form):
    """Each filter in use with the address of the same search without it."""
    tags = []
    for label, words, name in form.selected_filters():
        query = request.GET.copy()
        query.pop(name, None)
        for button in ("search", "filter"):
            query.pop(button, None)
        tags.append({"label": label, "words": words, "href": f"?{query.urlencode()}"})
    return tags


@require_GET
def search(request):
    """One search box over reports and the entities they link, with filters. A search
    is run for the user's enquiry: asked for (or confirmed, in one click) before the
    first; every search is audited with the reason, the filters and what it listed.
    The empty form asks nothing."""
    _require_intelligence(request)
    form = IntelligenceSearchForm(request.GET if "q" in request.GET else None)
    reason = enquiry.reason_for(request, SEARCH_THING)
    results = None
    filter_tags = []
    if form.is_bound and form.is_valid():
        if reason is None:
            return access.ask_for_reason(request, SEARCH_THING)
        query = form.cleaned_data["q"]
        results = intelligence_search(user=request.user, query=query,
                                      filters=form.filters(), limit=SEARCH_LIMIT)
        services.intelligence_searched(
            acting_user=request.user, query=query, reason=reason,
            filters=form.audit_filters(),
            report_ids=[hit.report.pk for hit in results.reports],
            entity_refs=[(hit.entity_type, hit.pk) for hit in results.entities])
        filter_tags = _filter_tags(request, form)
    return render(request, "intelligence/search.html", {
        "form": form,
        "results": results,
        "entity_rows": [{"hit": hit, "type_label": EntityType(hit.entity_type).label,
                         "url": subjects.entity_url(hit.entity_type, hit.pk)}
                        for hit in results.entities] if results is not None else [],
        "reason": reason,
        "filter_tags": filter_tags,
        "clear_filters_href": "?" + urlencode({"q": form.data.get("q", "")})
        if form.is_bound else "",
        "change_reason_href": _change_reason_href(request, SEARCH_THING),
    })


@require_http_methods(["GET", "POST"])
def access_reason(request):
    """Why are you searching, or is this part of the same enquiry? Then back to the page
    the user asked for (only ever a page of this site)."""
    if not _may_state_a_reason(request.user):
        raise PermissionDenied
    return enquiry.reason_page(request, reason_url=access.REASON_URL,
                               default_next="intelligence:search", caption="Intelligence")


@require_GET
def subject_profile(request, person_pk):
    """A person as intelligence knows them: the reports the user may see that link them,
    their custody history and case files in the user's force, and their network.
    Audited with the stated reason."""
    _require_intelligence(request)
    thing = enquiry.thing_key("intelligence.subject", person_pk)
    reason = enquiry.reason_for(request, thing)
    if reason is None:
        return access.ask_for_reason(request, thing)
    profile = subjects.subject_profile_get(user=request.user, person_pk=person_pk)
    services.subject_viewed(acting_user=request.user, person=profile.person, reason=reason)
    return render(request, "intelligence/subject_profile.html", {
        "profile": profile,
        "person": profile.person,
        "reason": reason,
        "change_reason_href": _change_reason_href(request, thing),
        "network_limit": subjects.NETWORK_LIMIT,
        "report_limit": subjects.REPORT_LIMIT,
        "may_read_access_log": request.user.has_role(Role.ADMINISTRATOR),
    })


@require_GET
def subject_access_log(request, person_pk):
    """For administrators: who looked at this subject, when and why. A read of the
    subject and of their readers, so it is asked for and audited like the others
    (``intelligence.subject.access_log_viewed``, with the reason)."""
    if not request.user.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    person = subjects.person_for_access_log(pk=person_pk)
    thing = enquiry.thing_key("intelligence.access_log", person.pk)
    reason = enquiry.reason_for(request, thing)
    if reason is None:
        return access.ask_for_reason(request, thing)
    entries = subjects.subject_access_log(person_id=person.pk)
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    services.subject_access_log_viewed(acting_user=request.user, person=person,
                                       reason=reason, page_number=page.number,
                                       event_ids=[entry.event_id for entry in page])
    return render(request, "intelligence/subject_access_log.html", {
        "person": person, "page": page,
        "candidate_limit": subjects.ACCESS_LOG_CANDIDATES,
        "reason": reason,
        "change_reason_href": _change_reason_href(request, thing),
    })


def _due_in_words(due_on, today):
    days = (due_on - today).days
    if days < 0:
        return f"Overdue by {-days} day{'' if days == -1 else 's'}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'' if days == 1 else 's'}"


@require_GET
def retention_queue(request):
    """The analyst's force's disseminated reports due for a MoPI review: overdue, or
    due within 30 days; soonest first."""
    _require_analyst(request)
    today = timezone.localdate()
    due = selectors.reports_due_for_retention_review(request.user, today=today,
                                                     within_days=RETENTION_WINDOW_DAYS)
    counts = due.order_by().aggregate(overdue=Count("pk", filter=Q(review_due_on__lt=today)),
                           due_soon=Count("pk", filter=Q(review_due_on__gte=today)))
    reports = list(due[:RETENTION_QUEUE_LIMIT])
    services.queue_viewed(acting_user=request.user, queue="retention_queue",
                          report_ids=[report.pk for report in reports])
    rows = [{"report": report, "overdue": report.review_due_on < today,
             "due_in_words": _due_in_words(report.review_due_on, today),
             "group": RetentionGroup(report.retention_group).label}
            for report in reports]
    return render(request, "intelligence/retention_queue.html", {
        "rows": rows, "overdue_count": counts["overdue"], "due_soon_count": counts["due_soon"],
        "total": counts["overdue"] + counts["due_soon"], "window_days": RETENTION_WINDOW_DAYS,
        "limit": RETENTION_QUEUE_LIMIT,
    })


def _grading_rows(report):
    return [
        ("Source evaluation", SourceEvaluation(report.source_evaluation).label,
         SOURCE_EVALUATION_MEANINGS[SourceEvaluation(report.source_evaluation)]),
        ("Intelligence assessment",
         IntelligenceAssessment(report.intelligence_assessment).label,
         INTELLIGENCE_ASSESSMENT_MEANINGS[
             IntelligenceAssessment(report.intelligence_assessment)]),
        ("Handling code", HandlingCode(report.handling_code).label,
         HANDLING_CODE_MEANINGS[HandlingCode(report.handling_code)]),
    ]


@require_http_methods(["GET", "POST"])
def retention_review(request, pk):
    """An analyst of the originating force decides: retain (the next review date is set
    by the report's group) or dispose (the report, its links, questions and reviews are
    deleted; the audit event of the decision remains)."""
    _require_analyst(request)
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if not selectors.may_review_retention(request.user, report):
        raise PermissionDenied
    form = RetentionReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = report.reference
        try:
            review = services.report_retention_review(
                acting_user=request.user, report=report,
                decision=form.cleaned_data["decision"],
                rationale=form.cleaned_data["rationale"])
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        except IntelligenceReport.DoesNotExist:
            form.add_error(None, f"Report {reference} has already been disposed of")
        else:
            if review is None:
                messages.success(request, (
                    f"Report {reference} was disposed of. The report, its links, "
                    "questions and reviews are deleted; only the audit record of the "
                    "decision remains."))
            else:
                messages.success(request, (
                    f"Report {reference} is retained. Its next review is due on "
                    f"{review.next_review_on:%-d %B %Y}."))
            return redirect("intelligence:retention_queue")
    services.report_viewed(acting_user=request.user, report=report,
                           reason=RETENTION_REVIEW_REASON, original=True)
    group = RetentionGroup(report.retention_group)
    return render(request, "intelligence/retention_review.html", {
        "form": form,
        "report": report,
        "grading_rows": _grading_rows(report),
        "group": group,
        "rule": RETENTION_RULES[group],
        "reviews": list(report.retention_reviews.select_related("reviewed_by")),
        "today": timezone.localdate(),
    })
