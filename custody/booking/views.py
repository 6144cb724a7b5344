"""Booking-in pages: booking a person into custody (the arrest and the arrival), then on
the record one page for the rights given, the risk assessment that sets the observation
level and the needs, and one for property, a table of items saved together. Each leads
to the next, then to the record. The separate rights, risk assessment and needs pages
stay for a later change. Custody officers of the record's force only
(custody.records.selectors)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from athena.audit.reads import read_audited
from athena.offences.picker import picker_context, picker_context_from_data
from athena.offences.selectors import offence_get_by_code
from athena.people.selectors import person_get
from athena.problems import Problem
from custody.booking import selectors, services
from custody.booking.forms import (
    BookInForm,
    NeedsForm,
    PropertyForm,
    PropertyRowForm,
    RightsForm,
    RiskAssessmentForm,
)
from custody.booking.services import PartsRefused
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
    suite = suites[0]
    form = BookInForm(request.POST or None, force=request.user.force,
                      free_cells=selectors.free_cells(suite))
    offence = offence_get_by_code(request.POST.get("offence_code", "")) if request.POST else None
    if request.method == "POST" and "find_offence" not in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.custody_book_in(
                acting_user=request.user, suite=suite, person=person,
                arrested_at=data["arrested_at"], arrived_at=data["arrived_at"],
                arrest_place=data["arrest_place"], arresting_officer=data["arresting_officer"],
                grounds=data["grounds"], offences=[offence] if offence else [],
                cell=data["cell"], arrest_place_kind=data["arrest_place_kind"],
                entered_england_wales_at=data["entered_england_wales_at"],
                earlier_detention_minutes=data["earlier_detention"])
        except CustodyRuleBroken as error:
            add_problems(form, error.problems)
        else:
            messages.success(request, f"{person.full_name} booked in: custody record "
                                      f"{record.custody_number}.")
            return redirect("custody:rights_risk_needs", pk=record.pk)
    picker = picker_context_from_data(request.POST) if request.POST else picker_context(None)
    return render(request, "custody/book_in.html", {
        "form": form, "person": person, "suite": suite,
        "officers": selectors.arresting_officers(force=request.user.force), **picker})


def _put_problems(form, problems):
    """A service's problems beside the fields of ``form`` they name (its time as
    ``at``)."""
    add_problems(form, [Problem(p.code, form.field_of(p.field), p.message)
                        for p in problems])


@require_http_methods(["GET", "POST"])
@read_audited("custody.booking.viewed", object_type="custody.custodyrecord")
def rights_risk_needs(request, pk):
    """Rights, risk assessment and needs on one page, saved together: every problem
    beside its field, everything typed kept. Next, the property, unless some is
    recorded already."""
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    data = request.POST or None
    forms = {"rights": RightsForm(data, time_name="rights_at"),
             "risk_assessment": RiskAssessmentForm(data, time_name="risk_at"),
             "needs": NeedsForm(data, time_name="needs_at")}
    if request.method == "POST" and all([form.is_valid() for form in forms.values()]):
        try:
            services.rights_risk_needs_record(
                acting_user=request.user, record=found,
                **{part: form.service_kwargs() for part, form in forms.items()})
        except PartsRefused as error:
            for part, problems in error.by_part.items():
                _put_problems(forms[part], problems)
        except CustodyRuleBroken as error:
            _put_problems(forms["rights"], error.problems)
        else:
            messages.success(request, "Rights, risk assessment and needs recorded.")
            if selectors.property_for_record(found).exists():
                return redirect("custody:record", pk=found.pk)
            return redirect("custody:property", pk=found.pk)
    return render(request, "custody/booking/rights_risk_needs.html", {
        "record": found, "forms": list(forms.values()), "rights_form": forms["rights"],
        "risk_form": forms["risk_assessment"], "needs_form": forms["needs"],
        "has_errors": bool(data) and any(form.errors for form in forms.values())})


# Rows the property table shows at first, and the most it takes in one go.
PROPERTY_ROWS = 3
MAX_PROPERTY_ROWS = 40


def _row_count(data):
    """How many rows the table had (its hidden ``rows``), one more after "Add another
    row"; PROPERTY_ROWS for anything else."""
    rows = (data or {}).get("rows", "")
    count = int(rows) if rows.isascii() and rows.isdigit() else PROPERTY_ROWS
    if data and "add_row" in data:
        count += 1
    return max(1, min(count, MAX_PROPERTY_ROWS))


def _property_rows(data, count, *, adding):
    """The table's rows. Adding a row shows what was typed without judging it yet."""
    rows = []
    for number in range(1, count + 1):
        if adding:
            typed = {name: data.get(f"item-{number - 1}-{name}", "")
                     for name in PropertyRowForm.COLUMNS}
            rows.append(PropertyRowForm(number=number, initial=typed))
        else:
            rows.append(PropertyRowForm(data, number=number, empty_permitted=True,
                                        use_required_attribute=False))
    return rows


@require_http_methods(["GET", "POST"])
@read_audited("custody.booking.viewed", object_type="custody.custodyrecord")
def property_items(request, pk):
    """The detainee's property as a table: several items saved at once, each a number of
    things or an amount of cash, with its sealed bag and whether the detainee signed.
    Rows left empty are no items; "Add another row" keeps everything typed."""
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    data = request.POST if request.method == "POST" else None
    adding = bool(data) and "add_row" in data
    count = _row_count(data)
    rows = _property_rows(data, count, adding=adding)
    if adding:
        sheet = PropertyForm(initial={"at": [data.get("at_0", ""), data.get("at_1", "")]})
    else:
        sheet = PropertyForm(data)
    if data and not adding and _property_saved(request, found, sheet, rows):
        return redirect("custody:record", pk=found.pk)
    forms = [sheet, *rows]
    return render(request, "custody/booking/property.html", {
        "record": found, "form": sheet, "rows": rows, "row_count": count, "forms": forms,
        "recorded": selectors.property_for_record(found),
        "has_errors": bool(data) and not adding and any(form.errors for form in forms)})


def _property_saved(request, record, sheet, rows):
    """Save the table's filled rows; False, with each problem beside its field, when the
    sheet or any row is wrong or nothing was entered."""
    valid = sheet.is_valid() & all([row.is_valid() for row in rows])
    filled = [row for row in rows if row.has_changed()]
    if valid and not filled:
        rows[0].add_error("description", "Enter at least one item of property")
        return False
    if not valid:
        return False
    try:
        services.property_items_record(acting_user=request.user, record=record,
                                       at=sheet.cleaned_data["at"],
                                       items=[row.item() for row in filled])
    except PartsRefused as error:
        # A time the rules refuse is refused for every row: say it once, at the time.
        timed = {}
        for number, problems in error.by_part.items():
            for problem in problems:
                if problem.field == "at":
                    timed[problem.message] = problem
                else:
                    row = filled[number]
                    row.add_error(problem.field if problem.field in row.fields else None,
                                  problem.message)
        _put_problems(sheet, list(timed.values()))
        return False
    except CustodyRuleBroken as error:
        _put_problems(sheet, error.problems)
        return False
    count = len(filled)
    messages.success(request, f"{count} item{'s' if count != 1 else ''} of property "
                              "recorded.")
    return True


def _record_page(*, form_class, service, template, success, rows):
    """A booking page of the record: its form, and the rows already recorded."""

    @require_http_methods(["GET", "POST"])
    @read_audited("custody.booking.viewed", object_type="custody.custodyrecord")
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
needs = _record_page(form_class=NeedsForm, service=services.needs_record,
                     template="needs", success="Needs recorded.",
                     rows=selectors.needs_for_record)
