"""Pages of the CPS handover.

Police side: sending an approved file (a file that is not ready for the CPS is not sent;
what is missing is listed as everywhere else, each linked to the page and field that holds
it), and the file's page with the CPS, where the officer sees the decision and works
through the action plan.

CPS side: the lawyer's list of files sent to the CPS, each file read-only (sections,
parties and the Digital Case File as sent), its bundles (audited), and the lawyer's
decision: the charging decision on a file the CPS charges, or the initial review of a file
the police charged (cps_selectors.cps_task). Who may do what is in cps/permissions.py;
anyone else gets a 404.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athena.audit.reads import read_audited
from athena.audit.services import audit_record
from cases import selectors
from cases.cps import selectors as cps_selectors
from cases.cps import services
from cases.cps.forms import MAX_ROWS, DecisionForm, InitialReviewForm, row_count
from cases.models import CaseStatus, CpsAction, CpsTask, DecisionOutcome, Participant
from cases.sections import SECTIONS, FieldType
from cases.validation import kind_title, problem_prefix, problem_url

UNPLACED_PROBLEM = "A detail the CPS needs is missing or not in the form they accept."

FILES_PER_PAGE = 50

# What each outcome means for the officer, in a sentence.
OUTCOME_IN_WORDS = {
    DecisionOutcome.CHARGE: "The CPS decided to charge.",
    DecisionOutcome.NO_FURTHER_ACTION: "The CPS decided to take no further action.",
    DecisionOutcome.FURTHER_EVIDENCE: "The CPS needs further evidence before it can decide "
                                      "the charge.",
    DecisionOutcome.PROCEED: "The CPS reviewed the file and will go ahead on the charges "
                             "as the police laid them.",
    DecisionOutcome.PROCEED_AMENDED: "The CPS reviewed the file and will go ahead on the "
                                     "charges as it amended them.",
    DecisionOutcome.MORE_INFORMATION: "The CPS needs more information to finish its review "
                                      "before the first hearing.",
    DecisionOutcome.DISCONTINUE: "The CPS reviewed the file and discontinued the case: the "
                                 "prosecution will not go ahead.",
}
CHANGE_IN_WORDS = {"amended": "Wording amended by the CPS", "added": "Added by the CPS"}
# The lawyer's page for each task: its form, template and words.
TASK_PAGES = {
    CpsTask.CHARGING_DECISION: (DecisionForm, "cases/cps_decide.html"),
    CpsTask.INITIAL_REVIEW: (InitialReviewForm, "cases/cps_initial_review.html"),
}
RECORDED = {
    CpsTask.CHARGING_DECISION: "The charging decision on {urn} is recorded.",
    CpsTask.INITIAL_REVIEW: "The initial review of {urn} is recorded.",
}
RECORDED_ALREADY = "The CPS's decision on this file has been recorded already."


def _charge_rows(charges, suspects):
    return [{**charge,
             "suspect_name": suspects[charge.get("suspect_id")].person.full_name
             if len(suspects) > 1 and charge.get("suspect_id") in suspects else "",
             "change_words": CHANGE_IN_WORDS.get(charge.get("change"), "")}
            for charge in charges]


def decisions_for_display(case):
    """The file's decisions, newest first, each in words for its outcome, and each charge
    naming who is charged when the file has more than one suspect."""
    suspects = {suspect.pk: suspect for suspect in case.suspects.all()}
    decisions = cps_selectors.decisions_of(case)
    for decision in decisions:
        decision.in_words = OUTCOME_IN_WORDS[decision.outcome]
        decision.charge_rows = _charge_rows(decision.charges, suspects)
        decision.dropped_rows = _charge_rows(decision.dropped_charges, suspects)
    return decisions


# --- Police side ------------------------------------------------------------------------

def problem_links(case, problems):
    """What keeps a file from the CPS ({kind: [validation.Problem]}), grouped by where
    each is put right, each linked to the page and field that holds the answer: the
    entries of cases/_problem_list.html."""
    return [{"title": kind_title(kind), "entries": [
        {"message": problem.message or UNPLACED_PROBLEM,
         "url": problem_url(case, kind, problem),
         "prefix": problem_prefix(kind, problem)} for problem in found]}
        for kind, found in problems.items()]


@require_http_methods(["GET", "POST"])
def cps_send(request, pk):
    """Send an approved file to the CPS, or say why it cannot go: a file that is not ready
    shows what is missing, as the worker's check would, and that returning the file to the
    officer is how it is put right."""
    case = selectors.case_get_for_user(user=request.user, pk=pk,
                                       permission="cases.send_casefile_to_cps")
    context = {"case": case, "problems": None, "count": 0, "refusal": "",
               "is_officer_in_case": case.officer_in_case_id == request.user.pk,
               "can_return": request.user.has_perm("cases.review_casefile", case),
               "submission": cps_selectors.submission_ready_for_cps(case)}
    if request.method == "POST":
        try:
            services.case_send_to_cps(acting_user=request.user, case=case)
        except services.FileNotReady as error:
            context["problems"] = problem_links(case, error.problems)
            context["count"] = error.count
            audit_record(actor=request.user, action="cases.case.send_to_cps_refused",
                         obj=case, details={"problems": error.count})
        except services.CannotSendToCps as error:
            context["refusal"] = f"This file cannot be sent to the CPS: {error}."
        else:
            messages.success(request, f"Case file {case.urn} was sent to the CPS.")
            return redirect("cases:cps_file", pk=case.pk)
    return render(request, "cases/cps_send.html", context)


@require_GET
def cps_file(request, pk):
    """The file with the CPS, for the police: what was sent, the decision, the actions."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    audit_record(actor=request.user, action="cases.case.viewed", obj=case,
                 details={"page": "cps"})
    return render(request, "cases/cps_file.html", {
        "case": case,
        "task": cps_selectors.cps_task(case),
        "handovers": cps_selectors.handovers_of(case),
        "decisions": decisions_for_display(case),
        "can_send": (case.status == CaseStatus.APPROVED
                     and request.user.has_perm("cases.send_casefile_to_cps", case)),
        "can_complete": request.user.has_perm("cases.complete_cps_action", case),
        "today": timezone.localdate(),
    })


@require_POST
def cps_action_done(request, pk, action_id):
    case = selectors.case_get_for_user(user=request.user, pk=pk,
                                       permission="cases.complete_cps_action")
    action = get_object_or_404(CpsAction, pk=action_id, decision__case=case)
    services.cps_action_mark_done(acting_user=request.user, action=action)
    messages.success(request, "The action is marked as done.")
    return redirect(reverse("cases:cps_file", args=[case.pk]) + "#actions")


# --- CPS side ---------------------------------------------------------------------------

@require_GET
@read_audited("cases.cps_list.viewed")
def cps_index(request):
    if not request.user.has_perm("cases.list_cps_casefiles"):
        raise PermissionDenied
    page = Paginator(cps_selectors.cps_case_files(user=request.user), FILES_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "cases/cps_index.html", {"page": page, "cases": page.object_list})


def _lawyers_case(request, pk):
    return selectors.case_get_for_user(user=request.user, pk=pk, side=selectors.CPS)


def _shown(field, value):
    if field.type == FieldType.YES_NO:
        return {"yes": "Yes", "no": "No"}.get(value, value)
    if field.type == FieldType.CHOICE:
        return dict(field.choices).get(value, value)
    return value


def _answers(definition, data):
    return [{"label": field.label, "value": _shown(field, data.get(field.name)),
             "long": field.type == FieldType.LONG_TEXT}
            for field in definition.fields if data.get(field.name) not in (None, "")]


def sections_for_reading(case):
    """The file's sections in the catalogue's order, each with its answers (or items)
    under the officer's labels, for reading only."""
    order = list(SECTIONS)
    shown = []
    for section in sorted(case.sections.all(), key=lambda s: order.index(s.kind)
                          if s.kind in order else len(order)):
        definition = SECTIONS.get(section.kind)
        if definition is None:
            continue
        items = [{"position": item.position, "answers": _answers(definition, item.data),
                  "file_name": item.file_name} for item in section.items.all()
                 ] if definition.repeatable else []
        answers = [] if definition.repeatable else _answers(definition, section.data)
        shown.append({"kind": section.kind, "title": definition.title,
                      "disclosable": definition.disclosable,
                      "answers": answers, "items": items})
    return shown


@require_GET
def cps_review(request, pk):
    """A file sent to the CPS, read-only, for the lawyer."""
    case = _lawyers_case(request, pk)
    audit_record(actor=request.user, action="cases.case.viewed", obj=case,
                 details={"page": "cps_review"})
    handovers = cps_selectors.handovers_of(case)
    latest = cps_selectors.handover_get(case=case, pk=handovers[0].pk) if handovers else None
    return render(request, "cases/cps_review.html", {
        "case": case,
        "task": cps_selectors.cps_task(case),
        "handovers": handovers,
        "handover": latest,
        "dcf_json": json.dumps(latest.dcf_document, indent=2, ensure_ascii=False)
        if latest else "",
        "sections": sections_for_reading(case),
        "participants": Participant.objects.filter(case=case),
        "decisions": decisions_for_display(case),
        "can_decide": request.user.has_perm("cases.decide_casefile", case),
    })


@require_http_methods(["GET", "POST"])
@read_audited("cases.cps_decision.viewed", object_type="cases.casefile")
def cps_decide(request, pk):
    """Record the lawyer's decision. On a file the CPS charges, the charging decision:
    charge, no further action, or further evidence. On a file the police charged, the
    initial review: proceed, proceed on amended charges, more information, or
    discontinue. Each file is offered only its own."""
    case = _lawyers_case(request, pk)
    if not request.user.has_perm("cases.decide_casefile", case):
        messages.error(request, RECORDED_ALREADY)
        return redirect("cases:cps_review", pk=case.pk)
    task = cps_selectors.cps_task(case)
    form_class, template = TASK_PAGES[task]
    posted = request.POST if request.method == "POST" else None
    add_code = bool(posted and "add_code_row" in posted)
    add_action = bool(posted and "add_action_row" in posted)
    rows = {"code_rows": row_count(posted.get("code_rows") if posted else 1, add=add_code),
            "action_rows": row_count(posted.get("action_rows") if posted else 1,
                                     add=add_action)}
    if add_code or add_action:
        # One more row, and the typing so far kept, without errors for a half-filled form.
        form = form_class(case=case, initial=posted.dict(), **rows)
    else:
        form = form_class(posted, case=case, **rows)
        if posted is not None and form.is_valid():
            try:
                _record(request, case, task, form)
            except (services.CannotDecide, services.DecisionIncomplete) as error:
                form.add_error(None, f"The decision was not recorded: {error}.")
            else:
                messages.success(request, RECORDED[task].format(urn=case.urn))
                return redirect("cases:cps_review", pk=case.pk)
    return render(request, template, {"case": case, "form": form, "task": task,
                                      "max_rows": MAX_ROWS, **rows})


def _record(request, case, task, form):
    common = {"acting_user": request.user, "case": case,
              "outcome": form.cleaned_data["outcome"], "charges": form.charges,
              "reason": form.reason(), "actions": form.actions}
    if task == CpsTask.INITIAL_REVIEW:
        return services.case_record_initial_review(dropped_charges=form.dropped, **common)
    return services.case_record_decision(**common)


def _lawyers_handover(request, pk, handover_id):
    case = _lawyers_case(request, pk)
    handover = cps_selectors.handover_get(case=case, pk=handover_id)
    if handover is None:
        raise Http404("No such handover")
    return case, handover


@require_GET
def cps_bundle(request, pk, handover_id, part="disclosable"):
    case, handover = _lawyers_handover(request, pk, handover_id)
    submission = handover.submission
    document = submission.bundle if part == "disclosable" else submission.restricted_bundle
    if not document:
        raise Http404("There is no such bundle")
    audit_record(actor=request.user, action=f"cases.bundle.{part}.downloaded", obj=case,
                 details={"handover": handover.pk, "submission": submission.pk})
    return FileResponse(document.open("rb"), filename=f"{case.urn}-{part}.pdf",
                        content_type="application/pdf")


@require_GET
def cps_dcf(request, pk, handover_id):
    case, handover = _lawyers_handover(request, pk, handover_id)
    audit_record(actor=request.user, action="cases.dcf.downloaded", obj=case,
                 details={"handover": handover.pk})
    response = HttpResponse(json.dumps(handover.dcf_document, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.urn}-dcf.json"'
    return response
