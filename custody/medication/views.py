"""A detainee's medication: the plans with when each dose is due, adding a plan, and
recording a dose. From the board: "Medication due" (custody:dose_due) → the dose form,
filled in → Save."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from athena.audit.services import audit_record
from custody.medication import selectors, services
from custody.medication.forms import DoseForm, PlanForm
from custody.models import DoseOutcome, MedicationPlanRecord
from custody.offline.views import refused_if_replayed
from custody.records.forms import add_problems
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
        "can_change": request.user.has_perm(CHANGE, found) and found.is_open})


@require_GET
def dose_due(request, pk):
    """The board's "Medication due" link: straight to the dose form when exactly one
    plan is due or overdue, otherwise to the medication page."""
    found = record_get_for_user(user=request.user, pk=pk)
    due = [d for d in selectors.plan_dues(found, timezone.now()) if d.is_due]
    if len(due) == 1 and request.user.has_perm(CHANGE, found) and found.is_open:
        return redirect("custody:dose_add", pk=found.pk, plan_id=due[0].plan.pk)
    return redirect("custody:medication", pk=found.pk)


@require_http_methods(["GET", "POST"])
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


@require_http_methods(["GET", "POST"])
def dose_add(request, pk, plan_id):
    """Record a dose. A dose sent again after an outage is recorded once (its client
    id); one the rules now refuse is kept on the timeline to resolve."""
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    plan = get_object_or_404(
        MedicationPlanRecord.objects.select_related("record")
        .prefetch_related("doses"), pk=plan_id, record=found)
    form = DoseForm(request.POST or None, plan=plan, given_by=request.user.display_name)
    if request.method == "POST":
        if selectors.dose_recorded(plan, request.POST.get("client_id", "")):
            # The same entry again (a second click, or an offline entry sent twice): done.
            return redirect("custody:medication", pk=found.pk)
        problems = []
        if form.is_valid():
            try:
                dose = services.dose_record(request.user, plan, **form.service_fields())
            except CustodyRuleBroken as error:
                problems = error.problems
            else:
                messages.success(request, f"{plan.label}: {dose.get_outcome_display().lower()} "
                                          f"at {timezone.localtime(dose.at):%H:%M}.")
                return redirect("custody:medication", pk=found.pk)
        refused = refused_if_replayed(request, found, form, what=f"{plan.label} dose",
                                      problems=problems)
        if refused is not None:
            return refused
        form.show_problems(problems)
    return render(request, "custody/medication/dose_form.html", {
        "record": found, "plan": plan, "form": form,
        "due": selectors.plan_due(plan, timezone.now()),
        "last": max(plan.doses.all(), key=lambda dose: (dose.at, dose.pk), default=None),
        "given": DoseOutcome.GIVEN})
