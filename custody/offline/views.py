"""The outbox's side on the server: who is signed in (with a fresh CSRF token), and the
one address every entry made on a device is sent to, by the page when it is saved and
again, by itself, until the server confirms it (static/athena/outbox.js).

The device removes an entry only on a 2xx answer carrying the entry's client id. Every
other answer keeps it: 401 (sign in again, then it is sent), 403 (a stale token, fetched
afresh), 404 (the record is not this user's), 400 (it cannot be read), 5xx. A refused
entry is answered 200 too: the server keeps it, open, for a custody officer.
"""

import json
import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athena.accounts.two_factor import second_factor_pending
from athena.audit.reads import read_audited
from athena.next_page import local_path
from custody.offline import selectors, services
from custody.offline.forms import DismissForm
from custody.records.arrivals import Arrival, receiver_for
from custody.records.rules import FUTURE_TOLERANCE
from custody.records.selectors import CHANGE, record_get_for_user
from custody.records.services import CustodyRuleBroken, OfflineOrigin

MAX_BODY_BYTES = 64 * 1024
CLIENT_ID = re.compile(r"[0-9a-f]{32}")
# Where a device that must sign in again sends its user (the board, once signed in).
BOARD = "custody:index"


def _sign_in_needed(request):
    """401, naming the page to sign in on (or to give the second factor on)."""
    board = reverse(BOARD)
    if request.user.is_authenticated:
        address = f"{reverse('accounts:two_factor_verify')}?next={board}"
    else:
        address = f"{reverse('accounts:login')}?next={board}"
    return JsonResponse({"sign_in": address, "message": "Sign in again to send the entries "
                         "waiting on this device."}, status=401)


def _signed_in(request):
    return request.user.is_authenticated and not second_factor_pending(request.user)


@login_not_required
@require_GET
def session(request):
    """Who is signed in, and a CSRF token for the entries' POSTs: fetched before each
    sending, so a token rotated by a new sign-in never strands an entry."""
    if not _signed_in(request):
        return _sign_in_needed(request)
    response = JsonResponse({"user_id": request.user.pk,
                             "user_name": request.user.display_name,
                             "csrf_token": get_token(request)})
    response["Cache-Control"] = "no-store"
    return response


def _bad(message, status=400):
    return JsonResponse({"message": message}, status=status)


def _read(request):
    """The posted entry as a dict, or None when it cannot be read."""
    if len(request.body) > MAX_BODY_BYTES:
        return None
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(body, dict) or not isinstance(body.get("fields"), dict):
        return None
    if not CLIENT_ID.fullmatch(str(body.get("client_id", ""))):
        return None
    return body


def _fields(raw):
    """What was typed, as the form would have posted it."""
    fields = QueryDict(mutable=True)
    for name, value in raw.items():
        values = value if isinstance(value, list) else [value]
        fields.setlist(str(name)[:100], [str(item)[:10_000] for item in values])
    return fields


def _saved_at(raw):
    """When the maker saved the entry on the device, if that is believable: a real
    aware time, not in the future (beyond clock drift)."""
    try:
        moment = parse_datetime(str(raw or "")[:40])
    except ValueError:
        return None
    if moment is None or timezone.is_naive(moment):
        return None
    return moment if moment <= timezone.now() + FUTURE_TOLERANCE else None


def _maker(request, record, made_by_id):
    """Who made the entry: the device says; believed for a custody officer who may
    change this record, otherwise the entry is the signed-in user's."""
    if made_by_id in (None, "", request.user.pk):
        return request.user
    maker = get_user_model().objects.filter(pk=made_by_id, is_active=True).first()
    if maker is None or not maker.has_perm(CHANGE, record):
        return request.user
    return maker


def _answer(entry, received, client_id):
    if entry is None:  # refused while its maker is at the form: the form shows why
        return JsonResponse({"client_id": client_id, "status": "refused_live",
                             "problems": [problem.message for problem in received.problems]})
    status = entry.status if received is not None else f"already_{entry.status}"
    body = {"client_id": entry.client_id, "status": status, "what": entry.what,
            "problems": entry.problem_messages}
    if received is not None and received.recorded:
        body.update(next=received.next_url, message=received.message)
    return JsonResponse(body)


@login_not_required
@require_POST
def entry_receive(request):
    """Record one entry made on a device, exactly once (its client id)."""
    if not _signed_in(request):
        return _sign_in_needed(request)
    body = _read(request)
    if body is None:
        return _bad("This entry cannot be read.")
    path = local_path(request, body.get("url"))
    try:
        match = resolve(path) if path else None
    except Resolver404:
        match = None
    receiver = receiver_for(match.view_name) if match else None
    if receiver is None:
        return _bad("This entry was not made on a form that can be used offline.")
    try:
        record = record_get_for_user(user=request.user, pk=match.kwargs["pk"],
                                     permission=CHANGE)
    except (Http404, PermissionDenied):
        return _bad("You cannot record on this custody record.", status=404)
    maker = _maker(request, record, body.get("made_by_id"))
    saved_at = _saved_at(body.get("saved_at"))
    live = body.get("live") is True
    origin = None if live else OfflineOrigin(client_id=body["client_id"], made_by=maker,
                                             sent_by=request.user, saved_at=saved_at)
    arrival = Arrival(client_id=body["client_id"], record=record, url_name=match.view_name,
                      url_kwargs=match.kwargs, fields=_fields(body["fields"]), maker=maker,
                      sender=request.user, saved_at=saved_at, live=live, origin=origin)
    entry, received = services.offline_entry_receive(
        arrival=arrival, receiver=receiver, form_url=path,
        fields={name: arrival.fields.getlist(name) for name in arrival.fields
                if name != "csrfmiddlewaretoken"})
    if received is not None and received.recorded:
        again = selectors.refusal_for_record(record, _number(arrival.fields.get("again")))
        if again is not None:
            services.offline_refusal_recorded_again(acting_user=request.user, entry=again)
        if live and received.message:
            messages.success(request, received.message)
    return _answer(entry, received, body["client_id"])


def _number(value):
    return int(value) if str(value or "").isdigit() else None


@login_not_required
@require_GET
def not_saved(request):
    """What the service worker shows, in an outage, for a custody page this device never
    kept: not the browser's error page, but what to do instead."""
    return render(request, "custody/offline/not_saved.html")


# --- Refused entries: shown until a custody officer resolves them ----------------------

@require_http_methods(["GET", "POST"])
@read_audited("custody.offline_refusal.viewed", object_type="custody.custodyrecord")
def refusal(request, pk, entry_pk):
    """A refused entry with what was typed and why: record it again from its form, or
    dismiss it with a reason."""
    found = record_get_for_user(user=request.user, pk=pk)
    entry = selectors.refusal_for_record(found, entry_pk)
    if entry is None:
        raise Http404("No such entry waiting")
    form = DismissForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(CHANGE, found):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.offline_refusal_dismiss(acting_user=request.user, entry=entry,
                                                 reason=form.cleaned_data["reason"])
            except CustodyRuleBroken as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{entry.what}: dismissed. It stays on file with "
                                          "your reason.")
                return redirect("custody:record", pk=found.pk)
    return render(request, "custody/offline/refusal.html", {
        "record": found, "entry": entry, "form": form,
        "can_change": request.user.has_perm(CHANGE, found),
        "again_url": f"{entry.form_url}?again={entry.pk}"})


def refusal_to_record_again(request, record):
    """The open refused entry a form is recording again (``again`` in the query or the
    post), or None."""
    return selectors.refusal_for_record(
        record, _number(request.POST.get("again") or request.GET.get("again")))


def typed(entry):
    """What was typed into a refused entry, as its form takes it (for showing it again
    with the reasons it was refused beside its fields)."""
    return _fields(entry.fields)


def refusal_resolved(request, entry):
    """After a form recorded a refused entry again: mark it dealt with."""
    if entry is not None:
        services.offline_refusal_recorded_again(acting_user=request.user, entry=entry)
