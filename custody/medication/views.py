"""A detainee's medication: the plans with when each dose is due, adding a plan, and
recording a dose. From the board: "Due 14:00" (straight to the due plan's dose form,
which is kept for an outage) → Save. A dose a healthcare professional gives (rules.
dose_giver) reads "Due 14:00: for the healthcare professional to give" and opens the
medication page; its form records the dose they gave, with their name and role."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from athena.audit.reads import read_audited
from athena.audit.services import audit_record
from athena.problems import Problem
from custody.medication import selectors, services
from custody.medication.forms import DoseForm, PlanForm
from custody.models import DoseOutcome
from custody.offline.selectors import open_refusals_for_record
from custody.offline.views import refusal_resolved, refusal_to_record_again, typed
from custody.records.arrivals import Received, receives
from custody.records.forms import add_problems, form_problems, typed_answers
from custody.records.selectors import CHANGE, record_get_for_user
from custody.records.services import CustodyRuleBroken


@require_GET
def medication(request, pk):
    """The plans, when each next dose is due, and every dose recorded, newest first."""
    found = record_get_for_user(user=request.user, pk=pk)
    audit_record(actor=request.user, action="custody.record.viewed", obj=found,
                 details={"page": "medication"})
    dues = selectors.plan_dues(found, timezone.now())
    doses = sorted((dose for due in dues for dose in due.plan.doses.all()),
                   key=lambda dose: (dose.at, dose.pk), reverse=True)
    return render(request, "custody/medication/medication.html", {
        "record": found, "dues": dues, "doses": doses,
        "refusals": open_refusals_for_record(found),
        "can_change": request.user.has_perm(CHANGE, found) and found.is_open})


@require_GET
def dose_due(request, pk):
    """The board's "Medication due" link: straight to the dose form when exactly one
    plan is due or overdue and custody staff give it, otherwise to the medication
    page."""
    found = record_get_for_user(user=request.user, pk=pk)
    board = selectors.board_medication([found], timezone.now()).get(found.pk)
    if board is not None and request.user.has_perm(CHANGE, found) and found.is_open:
        return redirect(board.url)
    return redirect("custody:medication", pk=found.pk)


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def plan_add(request, pk):
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    form = PlanForm(request.POST or None, record=found)
    if not found.is_open:
        form.add_error(None, "The detainee has left custody: no medication can be added.")
    elif request.method == "POST" and form.is_valid():
        try:
            services.medication_plan_add(request.user, found, **form.service_fields())
        except CustodyRuleBroken as error:
            add_problems(form, error.problems)
        else:
            messages.success(request, "Medication plan added.")
            return redirect("custody:medication", pk=found.pk)
    return render(request, "custody/medication/plan_form.html",
                  {"record": found, "form": form})


def _dose_saved_message(plan, dose):
    return (f"{plan.label}: {dose.get_outcome_display().lower()} at "
            f"{timezone.localtime(dose.at):%H:%M}.")


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def dose_add(request, pk, plan_id):
    """Record a dose. A second click of Save (the same client id) records it once. Opened
    with ``again`` (a dose refused when it arrived from a device), the form shows what
    was typed and why it was refused, and saving it resolves the refusal."""
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    plan = selectors.plan_for_record(found, plan_id)
    if plan is None:
        raise Http404("No such medication plan")
    again = refusal_to_record_again(request, found)
    data = request.POST or (typed(again) if again is not None else None)
    form = DoseForm(data, plan=plan, given_by=request.user.display_name)
    if request.method == "POST":
        if selectors.dose_recorded(plan, request.POST.get("client_id", "")):
            return redirect("custody:medication", pk=found.pk)  # a second click of Save
        if form.is_valid():
            try:
                dose = services.dose_record(request.user, plan, **form.service_fields())
            except CustodyRuleBroken as error:
                form.show_problems(error.problems)
            else:
                refusal_resolved(request, again)
                messages.success(request, _dose_saved_message(plan, dose))
                return redirect("custody:medication", pk=found.pk)
    return render(request, "custody/medication/dose_form.html", {
        "record": found, "plan": plan, "form": form, "again": again,
        "due": selectors.plan_due(plan, timezone.now()), "giver": plan.giver,
        "last": max(plan.doses.all(), key=lambda dose: (dose.at, dose.pk), default=None),
        "given": DoseOutcome.GIVEN})


@receives("custody:dose_add")
def dose_arrived(arrival):
    """A dose recorded on a device: checked by the same form and rules as on the page."""
    plan = selectors.plan_for_record(arrival.record, arrival.url_kwargs["plan_id"])
    if plan is None:
        return Received(False, "A dose", problems=(Problem(
            "plan_missing", "", "The medication plan is no longer on the record."),))
    what = f"{plan.label} dose"
    form = DoseForm(arrival.fields, plan=plan, given_by=arrival.maker.display_name)
    typed = typed_answers(form)
    if not form.is_valid():
        return Received(False, what, problems=form_problems(form), typed=typed)
    try:
        dose = services.dose_record(arrival.maker, plan, **{
            **form.service_fields(), "client_id": arrival.client_id}, origin=arrival.origin)
    except CustodyRuleBroken as error:
        return Received(False, what, problems=tuple(error.problems), typed=typed)
    return Received(True, what, typed=typed, message=_dose_saved_message(plan, dose),
                    next_url=reverse("custody:medication", args=[arrival.record.pk]))
