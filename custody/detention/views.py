"""Detention clock pages of the custody record: authorising detention, review (or
postpone a review), a superintendent's extension, a warrant of further detention,
charge, and leaving custody.

Same force and a custody role first (404 otherwise), then role (403): inspectors and
superintendents review before charge, the custody officer after it; only
superintendents extend; the custody officer authorises, and records warrants, charge
and release. The rules are the clock's; its problems are shown beside their fields.
"""

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from athena.accounts.roles import Role
from athena.audit.reads import read_audited
from custody.detention import services
from custody.detention.clock import (
    DETENTION_LIMIT_HOURS,
    PRE_CHARGE_REVIEWERS,
    SUPERINTENDENT_LIMIT_HOURS,
    WARRANT_LIMIT_HOURS,
    WARRANT_MAX_HOURS,
)
from custody.detention.forms import (
    ChargeForm,
    CloseForm,
    ExtensionForm,
    HospitalStayForm,
    ReviewForm,
    WarrantForm,
)
from custody.detention.selectors import record_clock
from custody.records.selectors import CHANGE, delays_in_force, record_get_for_user
from custody.records.views import entry_saved


@dataclass(frozen=True)
class Page:
    """The words of one detention page: its title, what it tells the reader, its button
    and what it says once saved."""

    title: str
    intro: str
    button: str
    success: str


REVIEW_BEFORE_CHARGE = Page(
    title="Review of detention",
    intro="Before charge, detention is reviewed by an inspector (PACE s.40). A postponement "
          "needs its reason and does not move later reviews.",
    button="Record the review", success="Review recorded.")
REVIEW_AFTER_CHARGE = replace(
    REVIEW_BEFORE_CHARGE, intro="After charge, detention is reviewed by the custody officer.")
EXTENSION = Page(
    title="Extend detention without charge",
    intro=f"A superintendent may extend detention to at most {SUPERINTENDENT_LIMIT_HOURS} "
          "hours from the relevant time, after the second review and before the "
          f"{DETENTION_LIMIT_HOURS}-hour limit expires (PACE s.42).",
    button="Authorise the extension", success="Extension of detention recorded.")
WARRANT = Page(
    title="Warrant of further detention",
    intro=f"A warrant runs at most {WARRANT_MAX_HOURS} hours from its issue and never beyond "
          f"{WARRANT_LIMIT_HOURS} hours from the relevant time (PACE ss.43-44).",
    button="Record the warrant", success="Warrant of further detention recorded.")
HOSPITAL = Page(
    title="Time in hospital",
    intro="Time at hospital, or going there and back, does not count towards the "
          "detention limit unless the detainee was questioned (PACE s.41(6)): the limit "
          "moves later by as much. Record it once they are back.",
    button="Record the time in hospital", success="Time in hospital recorded.")
HOSPITAL = Page(
    title="Time in hospital",
    intro="Time at hospital, or going there and back, does not count towards the "
          "detention limit unless the detainee was questioned (PACE s.41(6)): the limit "
          "moves later by as much. Record it once they are back.",
    button="Record the time in hospital", success="Time in hospital recorded.")
CHARGE = Page(
    title="Record the charge",
    intro="From charge, detention is reviewed by the custody officer.",
    button="Record the charge", success="Charge recorded.")
CLOSE = Page(
    title="Leaving custody",
    intro="Release, bail, charge or transfer stops the detention clock. The record then "
          "accepts nothing more.",
    button="Close the record", success="The person has left custody; the record is closed.")


def _data(request):
    """The posted data, even when empty (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _require_role(request, *roles):
    if not request.user.has_role(*roles):
        raise PermissionDenied


def _handle(request, found, form, page, service, **extra):
    """Validate ``form`` and run ``service`` with its values; the clock's problems go
    beside the fields."""
    if (request.method == "POST" and form.is_valid()
            and entry_saved(request, found, form, service, success=page.success)):
        return redirect("custody:record", pk=found.pk)
    return render(request, "custody/detention/form.html", {
        "record": found, "form": form, "rows": form.rows, "title": page.title,
        "intro": page.intro, "button": page.button, "clock": record_clock(found), **extra})


def _custody_officer_page(request, pk, form_class, page, service):
    """A page only the record's custody officers use (404 for anyone who may not read
    the record, 403 for a reader who may not change it)."""
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    return _handle(request, found, form_class(_data(request)), page, service)


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def review_add(request, pk):
    found = record_get_for_user(user=request.user, pk=pk)
    charged = found.charged_at is not None
    _require_role(request, *PRE_CHARGE_REVIEWERS, *([Role.CUSTODY_OFFICER] if charged else []))
    # At each review the delays in force are looked at again: their grounds may be gone.
    return _handle(request, found, ReviewForm(_data(request)),
                   REVIEW_AFTER_CHARGE if charged else REVIEW_BEFORE_CHARGE,
                   services.review_record, delays=delays_in_force(found, timezone.now()))


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def extension_add(request, pk):
    found = record_get_for_user(user=request.user, pk=pk)
    _require_role(request, Role.SUPERINTENDENT)
    return _handle(request, found, ExtensionForm(_data(request)), EXTENSION,
                   services.extension_grant)


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def warrant_add(request, pk):
    return _custody_officer_page(request, pk, WarrantForm, WARRANT, services.warrant_record)


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def hospital_add(request, pk):
    return _custody_officer_page(request, pk, HospitalStayForm, HOSPITAL,
                                 services.hospital_stay_record)


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def charge(request, pk):
    return _custody_officer_page(request, pk, ChargeForm, CHARGE, services.charge_record)


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def close(request, pk):
    return _custody_officer_page(request, pk, CloseForm, CLOSE, services.close_record)
