"""Pages of intelligence reports: the landing page, writing a report and linking what it
mentions, reading one, the analyst's evaluation queue and evaluation.

Who may see, edit or evaluate a report is decided in selectors.py; these views ask it
and call one service. A report is read with a stated reason (DPA 2018 s.62, access.py)
unless the reader is its author, or the analyst evaluating it; every reading is audited
by ``services.report_viewed``.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athena.accounts.roles import Role
from athena.audit import enquiry
from athena.people import services as people_services
from athena.people.selectors import person_search
from intelligence import access, selectors, services
from intelligence.forms import (
    NEW_ENTITY_FORMS,
    AnswerForm,
    EvaluationForm,
    LinkAddForm,
    LinkSearchForm,
    QuestionForm,
    RejectForm,
    ReportEditForm,
    ReportForm,
    add_service_errors,
    grading_initial,
    report_edit_initial,
)
from intelligence.grading import (
    HANDLING_CODE_MEANINGS,
    INTELLIGENCE_ASSESSMENT_MEANINGS,
    SOURCE_EVALUATION_MEANINGS,
)
from intelligence.models import EntityType, ReportLink, ReportStatus
from intelligence.retention import RETENTION_RULES
from intelligence.search import find_entities

AUTHOR_REASON = "Author of the report"
EVALUATION_REASON = "Evaluating the report for the force intelligence unit"
REPORTS_PER_PAGE = 50
QUEUE_SHOWN = 200
CANDIDATES_SHOWN = 25
CONFLICT_MESSAGE = ("Someone changed this report while you were working on it. What you "
                    "typed is below and has not been saved: check it against the report "
                    "and save again.")


def _waiting_counts(reports):
    """How many of ``reports`` wait for evaluation, and how many for their author's answer.

    Filtered to the two statuses before counting, so the (force, status) index answers
    it: counting over every visible report read 136,000 rows for a force (328 ms against
    12 ms under load, docs/benchmarks.md)."""
    return reports.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.QUESTION]).aggregate(
        submitted=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
        question=Count("pk", filter=Q(status=ReportStatus.QUESTION)))


def _require_intelligence(request):
    """Police roles only: a CPS lawyer or an administrator as such gets a plain 403."""
    if not selectors.may_use_intelligence(request.user):
        raise PermissionDenied


def _report(request, pk):
    _require_intelligence(request)
    return selectors.report_get_for_user(user=request.user, pk=pk)


def _not_open_to_change(request, report):
    """The author of a report that has left their hands goes back to it with a message;
    anyone else may not change it at all."""
    if report.author_id == request.user.pk:
        messages.info(request, f"Report {report.reference} is "
                               f"{report.get_status_display().lower()}: it cannot be "
                               "changed now.")
        return redirect("intelligence:report_detail", pk=report.pk)
    raise PermissionDenied


def _unit_reports(user):
    return selectors.unit_reports(user)


def _is_analyst(user):
    return selectors.is_intelligence_unit(user, user.force_id)


# --- Landing page ------------------------------------------------------------------------

@require_GET
def index(request):
    """Search, write a report, the user's own reports; for analysts, their queues."""
    _require_intelligence(request)
    own = (selectors.reports_visible_to(request.user).filter(author_id=request.user.pk)
           .order_by("-created_at", "-pk"))
    page = Paginator(own, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    counts = None
    if _is_analyst(request.user):
        counts = _waiting_counts(_unit_reports(request.user))
    return render(request, "intelligence/index.html", {
        "page": page, "reports": page.object_list, "counts": counts})


# --- Writing a report --------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def report_create(request):
    """A draft report by the user for their force; next, the entities it mentions."""
    _require_intelligence(request)
    form = ReportForm(request.POST or None, exclude_force_id=request.user.force_id)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(acting_user=request.user,
                                            **form.report_fields(), **form.sharing())
        except services.GradingError as error:
            add_service_errors(form, error.errors)
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Report {report.reference} is saved as a draft. "
                                      "Now link the people, places, vehicles, numbers and "
                                      "organisations it mentions.")
            return redirect("intelligence:report_links", pk=report.pk)
    return render(request, "intelligence/report_form.html", {"form": form, "report": None})


def _with_current_version(form_class, request, report, **kwargs):
    """The posted form again, carrying the report's current version, so that saving
    after checking goes through (the typing is kept; nothing was saved)."""
    current = selectors.report_get_for_user(user=request.user, pk=report.pk)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, CONFLICT_MESSAGE)
    return form


@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    """The author changes a draft, or a report the analyst asked a question about."""
    report = _report(request, pk)
    if not selectors.may_edit_report(request.user, report):
        return _not_open_to_change(request, report)
    options = {"exclude_force_id": report.originating_force_id}
    form = ReportEditForm(request.POST or None, initial=report_edit_initial(report),
                          **options)
    if request.method == "GET":
        # The form holds the original text: the author's reading is audited like any.
        services.report_viewed(acting_user=request.user, report=report,
                               reason=AUTHOR_REASON, original=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(acting_user=request.user, report=report,
                                   expected_version=form.cleaned_data["version"],
                                   **form.report_fields(), **form.sharing())
        except services.ReportEditConflict:
            form = _with_current_version(ReportEditForm, request, report, **options)
        except services.GradingError as error:
            add_service_errors(form, error.errors)
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Report {report.reference} is saved.")
            return redirect("intelligence:report_detail", pk=report.pk)
    return render(request, "intelligence/report_form.html", {"form": form, "report": report})


# --- Linking entities --------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    pk: int
    label: str
    detail: str


def _person_candidates(request, query):
    # Searching the nominal index is a consultation of it: audited like any other search.
    people = person_search(query=query, limit=CANDIDATES_SHOWN)
    people_services.person_searched(acting_user=request.user, query=query, results=people)
    return [Candidate(person.pk, person.full_name,
                      "Born " + (f"{person.date_of_birth.day} {person.date_of_birth:%b %Y}"
                                 if person.date_of_birth else "– not known")
                      + (f" · PNC ID {person.pnc_id}" if person.pnc_id else ""))
            for person in people]


def _candidates(request, entity_type, query):
    if entity_type == EntityType.PERSON:
        return _person_candidates(request, query)
    hits = find_entities(query=query, entity_type=entity_type)
    people_services.entities_searched(acting_user=request.user, entity_type=entity_type,
                                      query=query, entity_ids=[hit.pk for hit in hits])
    return [Candidate(hit.pk, hit.label, hit.detail) for hit in hits]


def _may_link(user, report):
    """The author while the report is theirs to change, or the analyst evaluating it."""
    return (selectors.may_edit_report(user, report)
            or selectors.may_evaluate_report(user, report))


def _chosen_type(search):
    value = search["type"].value()
    return EntityType(value) if value in EntityType.values else EntityType.PERSON


def _link_post(request, report, entity_type):
    """Handle "link this one" or "record a new one". Returns (done, add_form, new_form):
    done when the link is made, else the bound form to show again with its messages."""
    if request.POST.get("action") == "create" and entity_type in NEW_ENTITY_FORMS:
        form = NEW_ENTITY_FORMS[entity_type](request.POST, prefix="new")
        if form.is_valid():
            try:
                entity = services.report_link_new_entity(
                    acting_user=request.user, report=report, entity_type=entity_type,
                    entity_fields=form.entity_fields(), reason=form.cleaned_data["reason"])
            except services.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{entity} is recorded and linked to the report.")
                return True, None, form
        return False, None, form
    form = LinkAddForm(request.POST, prefix="link")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_link_add(acting_user=request.user, report=report,
                                     entity_type=data["entity_type"], entity=data["entity"],
                                     reason=data["reason"])
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{data['entity']} is linked to the report.")
            return True, form, None
    return False, form, None


@require_http_methods(["GET", "POST"])
def report_links(request, pk):
    """The report's links, and finding (or recording) an entity to link, with why.
    Works as plain forms: the search is a GET, linking and recording are POSTs."""
    report = _report(request, pk)
    if not _may_link(request.user, report):
        return _not_open_to_change(request, report)
    source = request.POST if request.method == "POST" else request.GET
    search = LinkSearchForm(source if "q" in source else None)
    entity_type = _chosen_type(search)
    add_form, new_form = None, None
    if request.method == "POST":
        done, add_form, new_form = _link_post(request, report, entity_type)
        if done:
            return redirect("intelligence:report_links", pk=report.pk)
    candidates = None
    if search.is_bound and search.is_valid():
        candidates = _candidates(request, entity_type, search.cleaned_data["q"])
    if new_form is None and entity_type in NEW_ENTITY_FORMS:
        new_form = NEW_ENTITY_FORMS[entity_type](prefix="new")
    if add_form is None:
        add_form = LinkAddForm(prefix="link")
    # The page lists who and what the report is linked to: a read of personal data.
    services.report_viewed(acting_user=request.user, report=report,
                           reason=_reason_for_linking(request, report), original=False)
    return render(request, "intelligence/report_links.html", {
        "report": report, "links": report.links.all(), "search": search,
        "entity_type": entity_type, "entity_label": EntityType(entity_type).label,
        "query": search["q"].value() or "", "candidates": candidates,
        "add_form": add_form, "new_form": new_form,
        "chosen_pk": str(add_form["entity_id"].value() or ""),
        "may_remove": selectors.may_edit_report(request.user, report),
        "form": _first_with_errors(search, add_form, new_form),
    })


def _reason_for_linking(request, report):
    return AUTHOR_REASON if report.author_id == request.user.pk else EVALUATION_REASON


def _first_with_errors(*forms):
    """The form the page's error summary describes."""
    return next((form for form in forms if form is not None and form.errors), None)


@require_POST
def report_link_remove(request, pk, link_pk):
    report = _report(request, pk)
    if not selectors.may_edit_report(request.user, report):
        return _not_open_to_change(request, report)
    link = get_object_or_404(ReportLink, pk=link_pk, report=report)
    label = str(link.entity)
    try:
        services.report_link_remove(acting_user=request.user, link=link)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{label} is no longer linked to the report.")
    return redirect("intelligence:report_links", pk=report.pk)


@require_POST
def report_submit(request, pk):
    report = _report(request, pk)
    if not selectors.may_edit_report(request.user, report):
        return _not_open_to_change(request, report)
    try:
        services.report_submit(acting_user=request.user, report=report)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Report {report.reference} is with your force's "
                                  "intelligence unit for evaluation.")
    return redirect("intelligence:report_detail", pk=report.pk)


# --- Reading a report --------------------------------------------------------------------

def _open_question(report):
    return next((question for question in report.questions.all()
                 if question.answered_at is None), None)


def _grading_meanings(report):
    return {
        "source": SOURCE_EVALUATION_MEANINGS.get(report.source_evaluation, ""),
        "assessment": INTELLIGENCE_ASSESSMENT_MEANINGS.get(report.intelligence_assessment,
                                                           ""),
        "handling": HANDLING_CODE_MEANINGS.get(report.handling_code, ""),
        "retention": RETENTION_RULES.get(report.retention_group),
        "roles": [Role(group.name).label for group in report.shared_with_roles.all()
                  if group.name in Role.values],
    }


def _render_detail(request, report, *, answer_form=None):
    user = request.user
    is_author = report.author_id == user.pk
    show_original = selectors.may_view_original(user, report)
    open_question = _open_question(report)
    if is_author and open_question is not None and answer_form is None:
        answer_form = AnswerForm()
    return render(request, "intelligence/report_detail.html", {
        "report": report, "is_author": is_author, "show_original": show_original,
        "may_edit": selectors.may_edit_report(user, report),
        "may_evaluate": selectors.may_decide_evaluation(user, report),
        "may_review_retention": selectors.may_review_retention(user, report),
        "open_question": open_question if is_author or show_original else None,
        "answer_form": answer_form if is_author else None,
        "meanings": _grading_meanings(report), "links": report.links.all(),
        "form": answer_form,
    })


def _reason_for_reading(request, report):
    """Why this user is reading the report: the author needs none; anyone else states
    one for the session (None: they have not, yet)."""
    if report.author_id == request.user.pk:
        return AUTHOR_REASON
    return enquiry.reason_for(request, _report_thing(report))


def _report_thing(report):
    return enquiry.thing_key("intelligence.report", report.pk)


@require_GET
def report_detail(request, pk):
    """The report as this reader may see it: the original only for the author and the
    originating intelligence unit, the sanitised text for everyone else."""
    report = _report(request, pk)
    reason = _reason_for_reading(request, report)
    if reason is None:
        return access.ask_for_reason(request, _report_thing(report))
    services.report_viewed(acting_user=request.user, report=report, reason=reason,
                           original=selectors.may_view_original(request.user, report))
    return _render_detail(request, report)


@require_POST
def report_answer(request, pk):
    """The author answers the analyst's open question; the report goes back to them."""
    report = _report(request, pk)
    question = _open_question(report)
    if report.author_id != request.user.pk or report.status != ReportStatus.QUESTION \
            or question is None:
        return _not_open_to_change(request, report)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.report_question_answer(acting_user=request.user, question=question,
                                            answer=form.cleaned_data["answer"])
        except services.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your answer is sent. The report is back with the "
                                      "intelligence unit.")
        return redirect("intelligence:report_detail", pk=report.pk)
    services.report_viewed(acting_user=request.user, report=report, reason=AUTHOR_REASON,
                           original=True)
    return _render_detail(request, report, answer_form=form)


# --- Evaluation ----------------------------------------------------------------------------

@require_GET
def evaluation_queue(request):
    """The force's submitted reports, oldest first: the intelligence unit's work. The
    analyst's own are listed as waiting for another analyst when the force needs a
    second person. The listing is audited (titles and authors are personal data)."""
    _require_intelligence(request)
    if not _is_analyst(request.user):
        raise PermissionDenied
    unit = _unit_reports(request.user)
    counts = _waiting_counts(unit)
    rows = selectors.evaluation_queue(request.user, limit=QUEUE_SHOWN)
    services.queue_viewed(acting_user=request.user, queue="evaluation_queue",
                          report_ids=[row.report.pk for row in rows])
    return render(request, "intelligence/evaluation_queue.html", {
        "rows": rows, "counts": counts, "shown": QUEUE_SHOWN,
        "waiting_mine": any(row.waiting_for_another_analyst for row in rows),
        "today": timezone.localdate()})


def _evaluation_forms(report):
    initial = {**grading_initial(report), "sanitised_text": report.sanitised_text}
    return {"evaluation_form": EvaluationForm(initial=initial,
                                         exclude_force_id=report.originating_force_id),
            "question_form": QuestionForm(prefix="question"),
            "reject_form": RejectForm(prefix="reject")}


def _disseminate(request, report, forms):
    options = {"exclude_force_id": report.originating_force_id}
    form = forms["evaluation_form"] = EvaluationForm(request.POST, **options)
    if not form.is_valid():
        return None
    try:
        report = services.report_disseminate(
            acting_user=request.user, report=report, sanitisation_checked=True,
            sanitised_text=form.cleaned_data["sanitised_text"],
            expected_version=form.cleaned_data["version"],
            **form.grading(), **form.sharing())
    except services.ReportEditConflict:
        forms["evaluation_form"] = _with_current_version(EvaluationForm, request, report,
                                                    **options)
        return None
    except services.GradingError as error:
        add_service_errors(form, error.errors)
        return None
    messages.success(request, f"Report {report.reference} is disseminated as "
                              f"{report.grading}. Its retention review is due on "
                              f"{report.review_due_on.day} {report.review_due_on:%B %Y}.")
    return redirect("intelligence:evaluation_queue")


def _ask(request, report, forms):
    form = forms["question_form"] = QuestionForm(request.POST, prefix="question")
    if not form.is_valid():
        return None
    services.report_question_ask(acting_user=request.user, report=report,
                                 question=form.cleaned_data["question"])
    messages.success(request, f"Your question is sent to {report.author.display_name}. "
                              f"Report {report.reference} comes back when they answer.")
    return redirect("intelligence:evaluation_queue")


def _reject(request, report, forms):
    form = forms["reject_form"] = RejectForm(request.POST, prefix="reject")
    if not form.is_valid():
        return None
    services.report_reject(acting_user=request.user, report=report,
                           reason=form.cleaned_data["reason"])
    messages.success(request, f"Report {report.reference} is rejected. The author can "
                              "see your reason.")
    return redirect("intelligence:evaluation_queue")


EVALUATION_ACTIONS = {"disseminate": _disseminate, "question": _ask, "reject": _reject}


def _second_analyst_needed(request, report):
    """The author's view of the evaluation of their own report while their force needs
    a second person: why they cannot evaluate it, and nothing to press. A crafted POST
    changes nothing, is refused with 403 and audited."""
    refused = request.method == "POST"
    if refused:
        services.report_evaluation_refused(acting_user=request.user, report=report,
                                           step=request.POST.get("action", ""))
    services.report_viewed(acting_user=request.user, report=report, reason=AUTHOR_REASON,
                           original=False)
    return render(request, "intelligence/report_evaluate.html", {
        "report": report, "questions": report.questions.all(),
        "second_analyst_needed": services.SECOND_PERSON_MESSAGE, "refused": refused,
    }, status=403 if refused else 200)


@require_http_methods(["GET", "POST"])
def report_evaluate(request, pk):
    """The analyst's page: the original beside the sanitised text to check, the author's
    grading to confirm or change; then disseminate, ask the author, or reject."""
    report = _report(request, pk)
    if not selectors.may_evaluate_report(request.user, report):
        if selectors.is_intelligence_unit(request.user, report.originating_force_id):
            messages.info(request, f"Report {report.reference} is "
                                   f"{report.get_status_display().lower()}, not awaiting "
                                   "evaluation.")
            return redirect("intelligence:report_detail", pk=report.pk)
        raise PermissionDenied
    if selectors.needs_another_analyst(request.user, report):
        return _second_analyst_needed(request, report)
    forms = _evaluation_forms(report)
    action = EVALUATION_ACTIONS.get(request.POST.get("action", ""))
    if request.method == "POST" and action is not None:
        try:
            response = action(request, report, forms)
        except services.WorkflowError as error:
            messages.error(request, str(error))
            return redirect("intelligence:report_detail", pk=report.pk)
        if response is not None:
            return response
    services.report_viewed(acting_user=request.user, report=report,
                           reason=EVALUATION_REASON, original=True)
    return render(request, "intelligence/report_evaluate.html", {
        "report": report, "links": report.links.all(), **forms,
        "questions": report.questions.all(), "meanings": _grading_meanings(report),
        "form": _first_with_errors(*forms.values()),
    })
