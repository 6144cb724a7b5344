"""Booking-in pages: booking a person into custody, then on the record the rights given,
the risk assessment that sets the observation level, property and needs. Custody
officers of the record's force only (custody.records.selectors)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from athena.offences.picker import picker_context, picker_context_from_data
from athena.offences.selectors import offence_get_by_code
from athena.people.selectors import person_get
from custody.booking import selectors, services
from custody.booking.forms import (
    BookInForm,
    NeedsForm,
    PropertyForm,
    RightsForm,
    RiskAssessmentForm,
)
from custody.records.forms import add_problems
from custody.records.selectors import CHANGE, record_get_for_user, suites_for_user
from custody.records.services import CustodyRuleBroken
from custody.records.views import entry_saved


@require_http_methods(["GET", "POST"])
def book_in(request):
    """Book a person from the index into custody; what the arrest needs, nothing more."""
    if not request.user.has_perm("custody.book_in"):
        raise PermissionDenied
    person_id = request.GET.get("person") or request.POST.get("person") or ""
    if not person_id.isdigit():
        messages.info(request, "Find the person on the people index first (or create "
                               "them), then choose 'Book into custody' on their record.")
        return redirect("people:search")
    person = person_get(pk=int(person_id))
    suites = list(suites_for_user(user=request.user))
    if not suites:
        raise PermissionDenied
    form = BookInForm(request.POST or None, force=request.user.force,
                      initial={"arresting_officer": None})
    offence = offence_get_by_code(request.POST.get("offence_code", "")) if request.POST else None
    if request.method == "POST" and "find_offence" not in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.custody_book_in(
                acting_user=request.user, suite=suites[0], person=person,
                arrested_at=data["arrested_at"], arrived_at=data["arrived_at"],
                arrest_place=data["arrest_place"], arresting_officer=data["arresting_officer"],
                grounds=data["grounds"], offences=[offence] if offence else [],
                cell=data["cell"], arrest_place_kind=data["arrest_place_kind"],
                entered_england_wales_at=data["entered_england_wales_at"],
                earlier_detention_minutes=data["earlier_detention"])
        except CustodyRuleBroken as error:
            add_problems(form, error.problems)
        else:
            return redirect("custody:record", pk=record.pk)
    picker = picker_context_from_data(request.POST) if request.POST else picker_context(None)
    return render(request, "custody/book_in.html", {"form": form, "person": person, **picker})


def _record_page(*, form_class, service, template, success, rows):
    """A booking page of the record: its form, and the rows already recorded."""

    @require_http_methods(["GET", "POST"])
    def page(request, pk):
        found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
        form = form_class(request.POST or None)
        if (request.method == "POST" and form.is_valid()
                and entry_saved(request, found, form, service, success=success)):
            return redirect("custody:record", pk=found.pk)
        return render(request, f"custody/booking/{template}.html", {
            "record": found, "form": form, "rows": rows(found)})

    return page


rights = _record_page(form_class=RightsForm, service=services.rights_record,
                      template="rights", success="Rights recorded.",
                      rows=selectors.rights_for_record)
risk_assessment = _record_page(form_class=RiskAssessmentForm,
                               service=services.risk_assessment_record,
                               template="risk_assessment", success="Risk assessment recorded.",
                               rows=selectors.risk_assessments_for_record)
property_items = _record_page(form_class=PropertyForm, service=services.property_item_record,
                              template="property", success="Property recorded.",
                              rows=selectors.property_for_record)
needs = _record_page(form_class=NeedsForm, service=services.needs_record,
                     template="needs", success="Needs recorded.",
                     rows=selectors.needs_for_record)
