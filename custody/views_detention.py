"""Detention clock pages of the custody record: review (or postpone a review), a
superintendent's extension, a warrant of further detention, charge, and leaving custody.

Same force first (404 otherwise), then role (403): inspectors and superintendents review
before charge, the custody officer after it; only superintendents extend; the custody
officer records warrants, charge and release. The rules are the clock's; its reasons are
shown beside the fields.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from athena.accounts.roles import Role
from custody import selectors
from custody import services_detention as services
from custody.clock import PRE_CHARGE_REVIEWERS, detention_clock
from custody.forms_detention import (
    ChargeForm,
    CloseForm,
    ExtensionForm,
    ReviewForm,
    WarrantForm,
)
from custody.services import CustodyRuleBroken

VIEW = "custody.view_custodyrecord"
CHANGE = "custody.change_custodyrecord"


def _data(request):
    """The posted data, even when empty (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _record(request, pk):
    return selectors.record_get_for_user(user=request.user, pk=pk, permission=VIEW)


def _require_role(request, *roles):
    if not request.user.has_role(*roles):
        raise PermissionDenied


def _require_change(request, found):
    if not request.user.has_perm(CHANGE, found):
        raise PermissionDenied


def _page(request, found, form, *, title, intro, button):
    facts = services.detention_facts_full(found)
    return render(request, "custody/detention/form.html", {
        "record": found, "form": form, "rows": form.rows, "title": title, "intro": intro,
        "button": button, "clock": detention_clock(facts) if facts else None})


def _handle(request, found, form, action, *, success, title, intro, button):
    """Validate ``form``, run ``action(data)``; the clock's reasons go beside the fields."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except services.DetentionRefused as error:
            form.add_reasons(error.reasons)
        except CustodyRuleBroken as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect("custody:record", pk=found.pk)
    return _page(request, found, form, title=title, intro=intro, button=button)


@require_http_methods(["GET", "POST"])
def review_add(request, pk):
    found = _record(request, pk)
    reviewers = set(PRE_CHARGE_REVIEWERS)
    if found.charged_at is not None:
        reviewers.add(Role.CUSTODY_OFFICER)
    _require_role(request, *reviewers)
    form = ReviewForm(_data(request))

    def action(data):
        services.review_record(acting_user=request.user, record=found, at=data["at"],
                               postponed=form.postponed, reason=data["reason"],
                               notes=data["notes"])

    charged = found.charged_at is not None
    return _handle(request, found, form, action, success="Review recorded.",
                   title="Review of detention",
                   intro=("After charge, detention is reviewed by the custody officer."
                          if charged else "Before charge, detention is reviewed by an "
                          "inspector (PACE s.40). A postponement needs its reason and does "
                          "not move later reviews."),
                   button="Record the review")


@require_http_methods(["GET", "POST"])
def extension_add(request, pk):
    found = _record(request, pk)
    _require_role(request, Role.SUPERINTENDENT)
    form = ExtensionForm(_data(request), initial={"new_limit_hours": 36})

    def action(data):
        services.extension_grant(acting_user=request.user, record=found, at=data["at"],
                                 new_limit_hours=data["new_limit_hours"],
                                 grounds=data["grounds"])

    return _handle(request, found, form, action, success="Extension of detention recorded.",
                   title="Extend detention without charge",
                   intro="A superintendent may extend detention to at most 36 hours from "
                         "the relevant time, after the second review and before the "
                         "24-hour limit expires (PACE s.42).",
                   button="Authorise the extension")


@require_http_methods(["GET", "POST"])
def warrant_add(request, pk):
    found = _record(request, pk)
    _require_change(request, found)
    form = WarrantForm(_data(request))

    def action(data):
        services.warrant_record(acting_user=request.user, record=found, at=data["at"],
                                granted_until=data["granted_until"], court=data["court"])

    return _handle(request, found, form, action, success="Warrant of further detention "
                                                          "recorded.",
                   title="Warrant of further detention",
                   intro="A warrant runs at most 36 hours from its issue and never beyond "
                         "96 hours from the relevant time (PACE ss.43-44).",
                   button="Record the warrant")


@require_http_methods(["GET", "POST"])
def charge(request, pk):
    found = _record(request, pk)
    _require_change(request, found)
    form = ChargeForm(_data(request))

    def action(data):
        services.charge_record(acting_user=request.user, record=found, at=data["at"])

    return _handle(request, found, form, action, success="Charge recorded.",
                   title="Record the charge",
                   intro="From charge, detention is reviewed by the custody officer.",
                   button="Record the charge")


@require_http_methods(["GET", "POST"])
def close(request, pk):
    found = _record(request, pk)
    _require_change(request, found)
    form = CloseForm(_data(request))

    def action(data):
        services.close_record(acting_user=request.user, record=found, at=data["at"],
                              reason=data["reason"])

    return _handle(request, found, form, action, success="The person has left custody; "
                                                          "the record is closed.",
                   title="Leaving custody",
                   intro="Release, bail, charge or transfer stops the detention clock. "
                         "The record then accepts nothing more.",
                   button="Close the record")
