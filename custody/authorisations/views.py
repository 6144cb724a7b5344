"""The pages that record an authorisation: detention (the custody officer), and from the
record's Detention list the delays, rest periods, the next court and pre-charge bail.
A page is open to those the law lets authorise it (403 otherwise, 404 to anyone who may
not read the record); the law's refusals go beside their fields."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from athena.accounts.roles import Role
from athena.audit.reads import read_audited
from custody.authorisations import rules
from custody.authorisations.forms import FORMS, DetentionAuthorisationForm
from custody.authorisations.services import (
    DELAYS,
    authorisation_record,
    clock_of,
    custody_authorise_detention,
    delay_end,
)
from custody.models import Authorisation, AuthorisationKind
from custody.records.selectors import CHANGE, record_get_for_user
from custody.records.services import CustodyRuleBroken
from custody.records.views import entry_saved


@dataclass(frozen=True)
class Words:
    title: str
    intro: str
    button: str


WORDS = {
    AuthorisationKind.DETENTION: Words(
        "Authorise detention",
        "The custody officer authorises detention before charge only on a ground of PACE "
        "s.37(2), or to charge (s.37(7)), and records why the arrest was necessary as the "
        "arresting officer gave it (Code G 2.9). The review clock starts now.",
        "Authorise detention"),
    AuthorisationKind.DELAY_INFORMING: Words(
        "Delay telling someone of the arrest",
        "An inspector or above may delay it for an indictable offence, on a ground of PACE "
        "s.56(5) or (5A), for no longer than needed and never beyond 36 hours from the "
        "relevant time. The detainee is told of the delay and the reason.",
        "Authorise the delay"),
    AuthorisationKind.DELAY_LEGAL_ADVICE: Words(
        "Delay access to legal advice",
        "A superintendent or above may delay it for an indictable offence, on a ground of "
        "PACE s.58(8) or (8A), never beyond 36 hours from the relevant time (s.58(5)).",
        "Authorise the delay"),
    AuthorisationKind.REST_PERIOD: Words(
        "Record a rest period",
        "In any 24 hours the detainee must be allowed a continuous rest of at least 8 "
        "hours, free from questioning, travel or interruption (PACE Code C 12.2); a shorter "
        "or interrupted rest only for a reason of 12.2(a) to (c).",
        "Record the rest period"),
    AuthorisationKind.NEXT_COURT: Words(
        "Kept after charge for the next court",
        "A person kept in custody after charge is brought before the magistrates' court as "
        "soon as practicable, and not later than its first sitting after the charge (PACE "
        "s.46).", "Record the next court"),
    AuthorisationKind.PRE_CHARGE_BAIL: Words(
        "Release on pre-charge bail",
        "The custody officer may grant pre-charge bail where necessary and proportionate; "
        "the bail period is 3 months from the day after the arrest (PACE s.47ZB).",
        "Grant pre-charge bail"),
    AuthorisationKind.BAIL_EXTENSION: Words(
        "Extend pre-charge bail",
        "To 6 months by an inspector or above (PACE s.47ZD), to 9 months by a superintendent "
        "or above (s.47ZDA), then only by a magistrates' court (ss.47ZF, 47ZG).",
        "Record the extension"),
}


def _page(request, found, form, kind, service):
    if (request.method == "POST" and form.is_valid()
            and entry_saved(request, found, form, service,
                            success=f"{AuthorisationKind(kind).label} recorded.")):
        return redirect("custody:record", pk=found.pk)
    words = WORDS[kind]
    return render(request, "custody/detention/form.html", {
        "record": found, "form": form, "rows": form.rows, "title": words.title,
        "intro": words.intro, "button": words.button, "clock": clock_of(found)})


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def authorise(request, pk):
    """Detention authorised by the custody officer, with its grounds and necessity."""
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    form = DetentionAuthorisationForm(request.POST if request.method == "POST" else None)
    return _page(request, found, form, AuthorisationKind.DETENTION,
                 custody_authorise_detention)


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def authorisation_new(request, pk, kind):
    if kind not in FORMS:
        raise Http404("No such authorisation")
    found = record_get_for_user(user=request.user, pk=pk)
    if not request.user.has_role(*rules.LAWS[kind].roles):
        raise PermissionDenied

    def service(**kwargs):
        return authorisation_record(kind=kind, **kwargs)

    form = FORMS[kind](request.POST if request.method == "POST" else None)
    return _page(request, found, form, kind, service)


@require_POST
def delay_ended(request, pk, authorisation_id):
    """A review officer (or the custody officer) ends a delay whose grounds are gone."""
    found = record_get_for_user(user=request.user, pk=pk)
    if not request.user.has_role(Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT):
        raise PermissionDenied
    delay = get_object_or_404(Authorisation, pk=authorisation_id, record=found,
                              kind__in=DELAYS)
    try:
        delay_end(acting_user=request.user, record=found, authorisation=delay,
                  at=timezone.now())
    except CustodyRuleBroken as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{delay.get_kind_display()} ended.")
    return redirect("custody:record", pk=found.pk)
