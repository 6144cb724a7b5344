"""Healthcare pages of the custody record: HCP directions (recorded, acknowledged),
checks with the rousing check, and the observation level. Anyone who may read the
record sees them; only its custody officers record (custody.records.selectors)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from athena.audit.services import audit_record
from custody.healthcare import selectors, services
from custody.healthcare.forms import CheckForm, DirectionForm, ObservationLevelForm
from custody.models import HcpDirection
from custody.offline.views import occurred_at, refused_if_replayed
from custody.records.forms import add_problems
from custody.records.selectors import CHANGE, record_get_for_user
from custody.records.services import CustodyRuleBroken


def _healthcare_page(request, found, direction_form=None, level_form=None):
    return render(request, "custody/healthcare/index.html", {
        "record": found, "directions": selectors.directions_for_record(found),
        "checks": selectors.checks_for_record(found),
        "can_change": request.user.has_perm(CHANGE, found),
        "direction_form": direction_form or DirectionForm(),
        "level_form": level_form or ObservationLevelForm(
            initial={"level": found.observation_level}),
    })


@require_http_methods(["GET", "POST"])
def healthcare(request, pk):
    """The record's HCP directions and checks; custody officers record directions."""
    if request.method == "GET":
        found = record_get_for_user(user=request.user, pk=pk)
        audit_record(actor=request.user, action="custody.healthcare.viewed", obj=found)
        return _healthcare_page(request, found)
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    form = DirectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.hcp_direction_record(
                acting_user=request.user, record=found, given_at=data["given_at"],
                hcp_name=data["hcp_name"], hcp_role=data["hcp_role"], kind=data["kind"],
                text=data["text"], reassess_by=form.reassess_by)
        except CustodyRuleBroken as error:
            add_problems(form, error.problems)
        else:
            messages.success(request, "HCP direction recorded. A custody officer must "
                                      "acknowledge it.")
            return redirect("custody:healthcare", pk=found.pk)
    return _healthcare_page(request, found, direction_form=form)


@require_POST
def hcp_acknowledge(request, pk, direction_pk):
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    direction = get_object_or_404(HcpDirection, pk=direction_pk, record=found)
    try:
        services.hcp_direction_acknowledge(acting_user=request.user, direction=direction,
                                           at=occurred_at(request))
    except CustodyRuleBroken as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "HCP direction acknowledged.")
    return redirect("custody:healthcare", pk=found.pk)


@require_POST
def observation_level(request, pk):
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    form = ObservationLevelForm(request.POST)
    if form.is_valid():
        try:
            services.observation_level_change(
                acting_user=request.user, record=found, level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"])
        except CustodyRuleBroken as error:
            add_problems(form, error.problems)
        else:
            messages.success(request, "Observation level changed.")
            return redirect("custody:healthcare", pk=found.pk)
    return _healthcare_page(request, found, level_form=form)


@require_http_methods(["GET", "POST"])
def check_new(request, pk):
    """Record a check; the rousing tests appear when the level is 2 or above. A check
    sent again after an outage is recorded once (its client id)."""
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    form = CheckForm(request.POST or None, level=found.observation_level)
    if request.method == "POST":
        problems = []
        if form.is_valid():
            data = form.cleaned_data
            if selectors.check_recorded(found, data["client_id"]):
                return redirect("custody:record", pk=found.pk)  # a second click of Save
            try:
                services.check_record(acting_user=request.user, record=found, at=data["at"],
                                      notes=data["notes"], hcp_called=data["hcp_called"],
                                      client_id=data["client_id"] or None, **form.answers())
            except CustodyRuleBroken as error:
                problems = error.problems
            else:
                messages.success(request, "Check recorded.")
                return redirect("custody:record", pk=found.pk)
        refused = refused_if_replayed(request, found, form, what="a check", problems=problems)
        if refused is not None:
            return refused
        add_problems(form, problems)
    return render(request, "custody/healthcare/check.html", {"record": found, "form": form})
