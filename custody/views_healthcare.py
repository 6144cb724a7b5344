"""Healthcare pages of the custody record: HCP directions (recorded, acknowledged),
checks with the rousing check, and the observation level."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from athena.audit.services import audit_record
from custody import selectors
from custody import services_healthcare as services
from custody.forms_healthcare import CheckForm, DirectionForm, ObservationLevelForm
from custody.models import HcpDirection, ObservationCheck
from custody.offline import is_offline_replay, record_refused_offline_entry
from custody.services import CustodyRuleBroken

CHANGE = "custody.change_custodyrecord"


def _record(request, pk, change=False):
    """404 outside the force or without read access; 403 for a reader who may not
    record (an inspector)."""
    found = selectors.record_get_for_user(user=request.user, pk=pk)
    if change and not request.user.has_perm(CHANGE, found):
        raise PermissionDenied
    return found


def _healthcare_page(request, found, direction_form=None, level_form=None, status=200):
    directions = (HcpDirection.objects.filter(record=found)
                  .select_related("recorded_by", "acknowledged_by"))
    checks = ObservationCheck.objects.filter(record=found).select_related("checked_by")
    return render(request, "custody/healthcare/index.html", {
        "record": found, "directions": directions, "checks": checks,
        "can_change": request.user.has_perm(CHANGE, found),
        "direction_form": direction_form or DirectionForm(),
        "level_form": level_form or ObservationLevelForm(
            initial={"level": found.observation_level}),
    }, status=status)


@require_http_methods(["GET", "POST"])
def healthcare(request, pk):
    """The record's HCP directions and checks; custody officers record directions."""
    if request.method == "GET":
        found = _record(request, pk)
        audit_record(actor=request.user, action="custody.healthcare.viewed", obj=found)
        return _healthcare_page(request, found)
    found = _record(request, pk, change=True)
    form = DirectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.hcp_direction_record(
                acting_user=request.user, record=found, given_at=data["given_at"],
                hcp_name=data["hcp_name"], hcp_role=data["hcp_role"], kind=data["kind"],
                text=data["text"], reassess_by=form.reassess_by)
        except CustodyRuleBroken as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "HCP direction recorded. A custody officer must "
                                      "acknowledge it.")
            return redirect("custody:healthcare", pk=found.pk)
    return _healthcare_page(request, found, direction_form=form)


@require_POST
def hcp_acknowledge(request, pk, direction_pk):
    found = _record(request, pk, change=True)
    direction = get_object_or_404(HcpDirection, pk=direction_pk, record=found)
    try:
        services.hcp_direction_acknowledge(acting_user=request.user, direction=direction,
                                           at=_offline_time(request))
    except CustodyRuleBroken as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "HCP direction acknowledged.")
    return redirect("custody:healthcare", pk=found.pk)


def _offline_time(request):
    """When an entry made offline really happened (offline-queue.js sends it), or None."""
    from django.utils.dateparse import parse_datetime

    try:
        moment = parse_datetime(request.POST.get("occurred_at", "")[:40])
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


@require_POST
def observation_level(request, pk):
    found = _record(request, pk, change=True)
    form = ObservationLevelForm(request.POST)
    if form.is_valid():
        try:
            services.observation_level_change(
                acting_user=request.user, record=found, level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"])
        except CustodyRuleBroken as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Observation level changed.")
            return redirect("custody:healthcare", pk=found.pk)
    return _healthcare_page(request, found, level_form=form)


@require_http_methods(["GET", "POST"])
def check_new(request, pk):
    """Record a check; the rousing tests appear when the level is 2 or above."""
    found = _record(request, pk, change=True)
    form = CheckForm(request.POST or None, level=found.observation_level)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client_id = data["client_id"] or None
        if client_id and ObservationCheck.objects.filter(record=found,
                                                         client_id=client_id).exists():
            return redirect("custody:record", pk=found.pk)  # a second click of Save
        try:
            services.check_record(acting_user=request.user, record=found, at=data["at"],
                                  notes=data["notes"], hcp_called=data["hcp_called"],
                                  client_id=client_id, **form.answers())
        except CustodyRuleBroken as error:
            if is_offline_replay(request):
                return record_refused_offline_entry(request, found, what="a check",
                                                    problems=[error])
            form.add_error("at" if "time" in str(error) else None, str(error))
        else:
            messages.success(request, "Check recorded.")
            return redirect("custody:record", pk=found.pk)
    elif request.method == "POST" and is_offline_replay(request):
        return record_refused_offline_entry(request, found, what="a check",
                                            problems=[e for errors in form.errors.values()
                                                      for e in errors])
    return render(request, "custody/healthcare/check.html", {"record": found, "form": form})
