"""Healthcare pages of the custody record: HCP directions (recorded, acknowledged),
checks with the rousing check, and the observation level. Anyone who may read the
record sees them; only its custody officers record (custody.records.selectors)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from athena.audit.reads import read_audited
from athena.audit.services import audit_record
from athena.next_page import local_path
from athena.problems import Problem
from custody.healthcare import selectors, services
from custody.healthcare.forms import CheckForm, DirectionForm, ObservationLevelForm
from custody.models import HcpDirection
from custody.offline.views import refusal_resolved, refusal_to_record_again, typed
from custody.records.arrivals import Received, receives
from custody.records.forms import add_problems, form_problems, typed_answers
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
        services.hcp_direction_acknowledge(acting_user=request.user, direction=direction)
    except CustodyRuleBroken as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "HCP direction acknowledged.")
    return redirect("custody:healthcare", pk=found.pk)


@receives("custody:hcp_acknowledge")
def acknowledgement_arrived(arrival):
    """An acknowledgement made on a device, timed when it was saved there."""
    direction = HcpDirection.objects.filter(pk=arrival.url_kwargs["direction_pk"],
                                            record=arrival.record).first()
    if direction is None:
        return Received(False, "An HCP direction acknowledged", problems=(Problem(
            "direction_missing", "", "The HCP direction is no longer on the record."),))
    what = f"HCP direction acknowledged ({direction.get_kind_display().lower()})"
    try:
        services.hcp_direction_acknowledge(acting_user=arrival.maker, direction=direction,
                                           at=arrival.saved_at, origin=arrival.origin)
    except CustodyRuleBroken as error:
        return Received(False, what, problems=tuple(error.problems))
    return Received(True, what, message="HCP direction acknowledged.",
                    next_url=reverse("custody:healthcare", args=[arrival.record.pk]))


@require_POST
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
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
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def check_new(request, pk):
    """Record a check; the rousing tests appear when the level is 2 or above. A second
    click of Save (the same client id) records it once. Opened with ``again`` (a check
    refused when it arrived from a device), the form shows what was typed and why."""
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    again = refusal_to_record_again(request, found)
    data = request.POST or (typed(again) if again is not None else None)
    form = CheckForm(data, level=found.observation_level)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if selectors.check_recorded(found, data["client_id"]):
            return redirect(_came_from(request, found))  # a second click of Save
        try:
            services.check_record(acting_user=request.user, record=found, at=data["at"],
                                  notes=data["notes"], hcp_called=data["hcp_called"],
                                  client_id=data["client_id"] or None, **form.answers())
        except CustodyRuleBroken as error:
            add_problems(form, error.problems)
        else:
            refusal_resolved(request, again)
            messages.success(request, "Check recorded.")
            return redirect(_came_from(request, found))
    return render(request, "custody/healthcare/check.html",
                  {"record": found, "form": form, "again": again,
                   "came_from": local_path(request, request.POST.get("next")
                                           or request.GET.get("next"))})


def _came_from(request, record):
    """Back where the sergeant opened the check from (the board, the record), else the
    record."""
    return (local_path(request, request.POST.get("next"))
            or reverse("custody:record", args=[record.pk]))


@receives("custody:check_new")
def check_arrived(arrival):
    """A check recorded on a device: checked by the same form and rules as on the page,
    at the observation level the record has when it arrives."""
    form = CheckForm(arrival.fields, level=arrival.record.observation_level)
    what = "Check"
    typed = typed_answers(form)
    if not form.is_valid():
        return Received(False, what, problems=form_problems(form), typed=typed)
    data = form.cleaned_data
    try:
        services.check_record(acting_user=arrival.maker, record=arrival.record,
                              at=data["at"], notes=data["notes"],
                              hcp_called=data["hcp_called"], client_id=arrival.client_id,
                              origin=arrival.origin, **form.answers())
    except CustodyRuleBroken as error:
        return Received(False, what, problems=tuple(error.problems), typed=typed)
    return Received(True, what, typed=typed, message="Check recorded.",
                    next_url=reverse("custody:record", args=[arrival.record.pk]))
