"""A detainee's medication: the plans with when each dose is due, adding a plan, and
recording a dose. From the board: "Medication due" (custody:dose_due) → the dose form,
filled in → Save."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from athena.audit.services import audit_record
from custody import selectors, services_medication
from custody.forms_medication import DoseForm, PlanForm
from custody.medication import DoseOutcome
from custody.models import MedicationPlanRecord
from custody.offline import is_offline_replay, record_refused_offline_entry
from custody.services import CustodyRuleBroken

CHANGE = "custody.change_custodyrecord"


def _record(request, pk, *, change=False):
    """The record if the user may read it (404 otherwise); PermissionDenied when they
    may read but must change it."""
    found = selectors.record_get_for_user(user=request.user, pk=pk)
    if change and not request.user.has_perm(CHANGE, found):
        raise PermissionDenied
    return found


@require_GET
def medication(request, pk):
    """The plans, when each next dose is due, and every dose recorded, newest first."""
    found = _record(request, pk)
    audit_record(actor=request.user, action="custody.record.viewed", obj=found,
                 details={"page": "medication"})
    dues = services_medication.plan_dues(found, timezone.now())
    doses = sorted((dose for due in dues for dose in due.plan.doses.all()),
                   key=lambda dose: (dose.at, dose.pk), reverse=True)
    return render(request, "custody/medication/medication.html", {
        "record": found, "dues": dues, "doses": doses,
        "can_change": request.user.has_perm(CHANGE, found) and found.is_open})


@require_GET
def dose_due(request, pk):
    """The board's "Medication due" link: straight to the dose form when exactly one
    plan is due or overdue, otherwise to the medication page."""
    found = _record(request, pk)
    due = [d for d in services_medication.plan_dues(found, timezone.now()) if d.is_due]
    if len(due) == 1 and request.user.has_perm(CHANGE, found) and found.is_open:
        return redirect("custody:dose_add", pk=found.pk, plan_id=due[0].plan.pk)
    return redirect("custody:medication", pk=found.pk)


@require_http_methods(["GET", "POST"])
def plan_add(request, pk):
    found = _record(request, pk, change=True)
    form = PlanForm(request.POST or None, record=found)
    if not found.is_open:
        form.add_error(None, "The detainee has left custody: no medication can be added.")
    elif request.method == "POST" and form.is_valid():
        try:
            services_medication.medication_plan_add(request.user, found,
                                                    **form.service_fields())
        except CustodyRuleBroken as error:
            for problem in getattr(error, "problems", [str(error)]):
                form.add_error(None, problem)
        else:
            messages.success(request, "Medication plan added.")
            return redirect("custody:medication", pk=found.pk)
    return render(request, "custody/medication/plan_form.html",
                  {"record": found, "form": form})


@require_http_methods(["GET", "POST"])
def dose_add(request, pk, plan_id):
    found = _record(request, pk, change=True)
    plan = get_object_or_404(
        MedicationPlanRecord.objects.select_related("record")
        .prefetch_related("doses"), pk=plan_id, record=found)
    form = DoseForm(request.POST or None, plan=plan, given_by=request.user.display_name)
    client_id = request.POST.get("client_id", "")
    if request.method == "POST" and client_id and plan.doses.filter(client_id=client_id).exists():
        # The same entry again (a second click, or an offline entry sent twice): done.
        return redirect("custody:medication", pk=found.pk)
    if request.method == "POST" and form.is_valid():
        try:
            dose = services_medication.dose_record(request.user, plan,
                                                   **form.service_fields())
        except CustodyRuleBroken as error:
            problems = getattr(error, "problems", [str(error)])
            if is_offline_replay(request):
                return record_refused_offline_entry(request, found, what=f"{plan.label} dose",
                                                    problems=problems)
            form.add_problems(problems)
        else:
            messages.success(request, f"{plan.label}: {dose.get_outcome_display().lower()} "
                                      f"at {timezone.localtime(dose.at):%H:%M}.")
            return redirect("custody:medication", pk=found.pk)
    if request.method == "POST" and is_offline_replay(request) and form.errors:
        return record_refused_offline_entry(request, found, what=f"{plan.label} dose",
                                            problems=[e for errors in form.errors.values()
                                                      for e in errors])
    due = services_medication.plan_due(plan, timezone.now())
    last = max(plan.doses.all(), key=lambda dose: (dose.at, dose.pk), default=None)
    return render(request, "custody/medication/dose_form.html", {
        "record": found, "plan": plan, "form": form, "due": due, "last": last,
        "given": DoseOutcome.GIVEN})
