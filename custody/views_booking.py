"""Booking-in pages of the custody record: rights given, the risk assessment that sets
the observation level, property and needs. Custody officers of the record's force only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from custody import services_booking as services
from custody.forms_booking import NeedsForm, PropertyForm, RightsForm, RiskAssessmentForm
from custody.models import CustodyRecord, Needs, PropertyItem, RightsGiven, RiskAssessment
from custody.services import CustodyRuleBroken

CHANGE = "custody.change_custodyrecord"


def _record(request, pk):
    """404 for a record of another force (or none); 403 for anyone of the force who is
    not a custody officer."""
    found = CustodyRecord.objects.select_related("suite", "person").filter(pk=pk).first()
    if found is None or not request.user.is_authenticated or (
            request.user.force_id != found.suite.force_id):
        raise Http404("No such custody record")
    if not request.user.has_perm(CHANGE, found):
        raise PermissionDenied
    return found


def _page(request, pk, *, form_class, service, template, success, rows):
    found = _record(request, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(acting_user=request.user, record=found, **form.service_kwargs())
        except CustodyRuleBroken as error:
            form.add_error("at" if "time of the" in str(error) else None, str(error))
        else:
            messages.success(request, success)
            return redirect("custody:record", pk=found.pk)
    return render(request, f"custody/booking/{template}.html", {
        "record": found, "form": form, "rows": rows(found)})


@require_http_methods(["GET", "POST"])
def rights(request, pk):
    return _page(request, pk, form_class=RightsForm, service=services.rights_record,
                 template="rights", success="Rights recorded.",
                 rows=lambda found: RightsGiven.objects.filter(record=found)
                 .select_related("given_by"))


@require_http_methods(["GET", "POST"])
def risk_assessment(request, pk):
    return _page(request, pk, form_class=RiskAssessmentForm,
                 service=services.risk_assessment_record, template="risk_assessment",
                 success="Risk assessment recorded.",
                 rows=lambda found: RiskAssessment.objects.filter(record=found)
                 .select_related("assessed_by"))


@require_http_methods(["GET", "POST"])
def property_items(request, pk):
    return _page(request, pk, form_class=PropertyForm, service=services.property_item_record,
                 template="property", success="Property recorded.",
                 rows=lambda found: PropertyItem.objects.filter(record=found)
                 .select_related("recorded_by"))


@require_http_methods(["GET", "POST"])
def needs(request, pk):
    return _page(request, pk, form_class=NeedsForm, service=services.needs_record,
                 template="needs", success="Needs recorded.",
                 rows=lambda found: Needs.objects.filter(record=found)
                 .select_related("recorded_by"))

