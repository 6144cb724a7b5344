"""The stated reason for consulting personal data (DPA 2018 s.62): the user's enquiry.

A user states why they are looking (the incident, investigation or task, and what they
need to find out) once, in their own words. The reason is kept in the session as the
*enquiry*, with the list of things it has been confirmed for ("people.search",
"people.person:7", "intelligence.subject:7"). Every read of one of those things is
audited with the reason.

- Reopening a thing the enquiry covers (the same person again, the next page of a
  search, the same search refined) asks nothing.
- Opening a thing it does not cover asks, in one click, "Is this part of the same
  enquiry?": yes adds the thing to the enquiry; no states a new reason, which starts a
  new enquiry covering only that thing.
- A thing the server already knows the reason for is not asked about: a record the user
  created in this session (``note_known_reason``), or what an app registers with
  ``register_known_reason`` (the cases app: a person on a case file the user may open).
- An enquiry idle for ``REASON_IDLE_MINUTES`` is gone; the next read asks again.
- The reason comes only from the user's POST to the reason page, never from a query
  string, and the page sends the user back only to a page of this site.

Each app serves the reason page at its own address (``reason_page``), checking its own
permission; the views that read call ``reason_for``, ``known_reason`` and ``ask``.
"""

import re
from datetime import datetime, timedelta
from urllib.parse import urlencode

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from athena.next_page import MAX_NEXT_LENGTH, next_path

SESSION_KEY = "athena_enquiry"
KNOWN_KEY = "athena_enquiry_known"
REASON_IDLE_MINUTES = 30
REASON_MIN_LENGTH = 10
REASON_MAX_LENGTH = 500
# The things one enquiry remembers, and the records one session remembers creating;
# the oldest are forgotten first (they are asked about again, nothing worse).
COVERS_LIMIT = 200
KNOWN_LIMIT = 50

# "people.person:7": an app label, a kind, and the record's id where there is one.
THING = re.compile(r"[a-z][a-z_]{0,30}\.[a-z][a-z_]{0,40}(?::[0-9]{1,12})?")

# What a thing is, in words, for the page that asks ("You are opening ..."). Names only:
# the platform imports no feature app.
THING_WORDS = {
    "people.search": "a search of the people index",
    "people.person": "a person's record",
    "people.location": "a location's record",
    "people.vehicle": "a vehicle's record",
    "intelligence.search": "an intelligence search",
    "intelligence.subject": "a subject's intelligence profile",
    "intelligence.report": "an intelligence report",
    "intelligence.access_log": "the record of who looked at a subject, and why",
}

_KNOWN_REASONS = []


def thing_key(kind, pk=None):
    """``thing_key("people.person", 7)`` is "people.person:7"."""
    return kind if pk is None else f"{kind}:{int(pk)}"


def valid_thing(value):
    """``value`` when it is a well-formed thing, else None."""
    value = str(value or "")
    return value if THING.fullmatch(value) else None


def thing_words(thing):
    kind = str(thing or "").partition(":")[0]
    return THING_WORDS.get(kind, "this page")


def tidy_reason(text):
    """The reason as kept: printable characters, single spaces, at most 500."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text or ""))
    return " ".join(text.split())[:REASON_MAX_LENGTH]


# --- The enquiry in the session ---------------------------------------------------------

def _now():
    return timezone.now()


def _fresh(request):
    """The session's enquiry when there is one not idle too long, else None."""
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict) or not stored.get("reason"):
        return None
    try:
        last_used = datetime.fromisoformat(stored["last_used"])
    except (KeyError, TypeError, ValueError):
        return None
    if _now() - last_used > timedelta(minutes=REASON_IDLE_MINUTES):
        return None
    return stored


def _covers(stored):
    covers = stored.get("covers")
    return [thing for thing in covers if isinstance(thing, str)] if isinstance(
        covers, list) else []


def _save(request, stored, *, covers=None):
    if covers is not None:
        stored["covers"] = covers[-COVERS_LIMIT:]
    stored["last_used"] = _now().isoformat()
    request.session[SESSION_KEY] = stored
    return stored["reason"]


def current_reason(request):
    """The reason of the current enquiry, whatever it covers, or None when there is none
    fresh. Using it keeps it fresh. For a read that is not yet asked about thing by
    thing (``reason_for`` is the rule for the others)."""
    stored = _fresh(request)
    return None if stored is None else _save(request, stored)


def enquiry_reason(request):
    """The current enquiry's reason, to show; it does not keep it fresh."""
    stored = _fresh(request)
    return None if stored is None else stored["reason"]


def reason_for(request, thing, *, via=()):
    """The reason to audit a read of ``thing`` with, when the current enquiry covers it,
    else None (ask). A thing reached from one the enquiry covers (``via``: an address of
    a person already looked at) is covered from now on."""
    stored = _fresh(request)
    if stored is None:
        return None
    covers = _covers(stored)
    if thing not in covers:
        if not any(other in covers for other in via):
            return None
        covers.append(thing)
    return _save(request, stored, covers=covers)


def state_reason(request, reason, *, thing=None):
    """Start a new enquiry with ``reason``, covering ``thing`` (when it is one)."""
    now = _now().isoformat()
    thing = valid_thing(thing)
    stored = {"reason": tidy_reason(reason), "stated_at": now, "last_used": now,
              "covers": [thing] if thing else []}
    request.session[SESSION_KEY] = stored
    return stored["reason"]


def confirm_reason(request, thing):
    """The user confirmed ``thing`` is part of the current enquiry: it is covered from
    now on. Returns the reason, or None when the enquiry has gone idle meanwhile (or the
    thing is not one)."""
    stored = _fresh(request)
    thing = valid_thing(thing)
    if stored is None or thing is None:
        return None
    covers = _covers(stored)
    if thing not in covers:
        covers.append(thing)
    return _save(request, stored, covers=covers)


def forget_reason(request):
    request.session.pop(SESSION_KEY, None)


# --- Reasons the server already knows ---------------------------------------------------

def register_known_reason(function):
    """Register ``function(*, user, thing) -> str | None``: the reason ``user`` reads
    ``thing`` for, when their own work says it ("Case file 42AB1234526"), else None.
    Apps register in their ``AppConfig.ready``; one query at most, please."""
    if function not in _KNOWN_REASONS:
        _KNOWN_REASONS.append(function)
    return function


def note_known_reason(request, thing, reason):
    """Remember for this session that the user reads ``thing`` for ``reason`` (a record
    they have just created), so its page does not ask."""
    thing = valid_thing(thing)
    if thing is None:
        return
    known = request.session.get(KNOWN_KEY)
    known = dict(known) if isinstance(known, dict) else {}
    known.pop(thing, None)
    known[thing] = tidy_reason(reason)
    request.session[KNOWN_KEY] = dict(list(known.items())[-KNOWN_LIMIT:])


def known_reason(request, thing):
    """The reason the server already knows ``thing`` is read for, or None."""
    known = request.session.get(KNOWN_KEY)
    if isinstance(known, dict) and isinstance(known.get(thing), str) and known[thing]:
        return known[thing]
    for function in _KNOWN_REASONS:
        reason = tidy_reason(function(user=request.user, thing=thing))
        if reason:
            return reason
    return None


# --- Asking ------------------------------------------------------------------------------

def _back(request):
    """This page, to come back to. An address too long to carry (a pasted 20,000-
    character query) comes back to the page without its query."""
    back = request.get_full_path()
    return request.path if len(back) > MAX_NEXT_LENGTH else back


def reason_address(request, thing, *, reason_url, new=False):
    """The reason page (URL name ``reason_url``), to come back here from."""
    query = {"next": _back(request)}
    if valid_thing(thing):
        query["for"] = thing
    if new:
        query["new"] = "1"
    return f"{reverse(reason_url)}?{urlencode(query)}"


def ask(request, thing, *, reason_url):
    """Send the user to confirm their enquiry covers ``thing``, or to state a reason,
    then back to the page they asked for."""
    return HttpResponseRedirect(reason_address(request, thing, reason_url=reason_url))


# --- The reason page ---------------------------------------------------------------------

class EnquiryReasonForm(forms.Form):
    reason = forms.CharField(
        label="Your reason", min_length=REASON_MIN_LENGTH, max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=("Say which incident, investigation or task this is for and what you "
                   "need to find out, for example: 42/12345/25, burglary at Mill Lane – "
                   "checking what is known of a named suspect. The Data Protection Act "
                   "2018 (section 62) requires a record of why personal data is "
                   "consulted: your reason is kept with every search and record you "
                   "open."),
        error_messages={
            "required": "Enter your reason: the incident, investigation or task, and what "
                        "you need to find out",
            "min_length": f"Reason must be {REASON_MIN_LENGTH} characters or more: give the "
                          "reference and what you need to find out",
            "max_length": f"Reason must be {REASON_MAX_LENGTH} characters or fewer",
        })

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        helper = FormHelper()
        # The template writes the <form>, its CSRF token and the hidden fields.
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Field.textarea("reason", label_size=Size.SMALL, rows=3,
                           max_characters=REASON_MAX_LENGTH),
            Button("submit", "Continue"),
        )
        self.helper = helper

    def clean_reason(self):
        reason = tidy_reason(self.cleaned_data["reason"])
        if len(reason) < REASON_MIN_LENGTH:
            raise forms.ValidationError(self.fields["reason"].error_messages["min_length"],
                                        code="min_length")
        if sum(ch.isalpha() for ch in reason) < 3:
            raise forms.ValidationError("Describe the reason in words, with the reference",
                                        code="no_words")
        return reason


def _heading(thing):
    if thing is None or thing.partition(":")[0].endswith(".search"):
        return "Why are you searching?"
    return "Why are you looking at this record?"


def reason_page(request, *, reason_url, default_next, caption):
    """The page an app serves at ``reason_url`` (its permission checked first).

    GET, with an enquiry fresh and a thing it does not cover: "Is this part of the same
    enquiry?", yes in one POST. Otherwise (no enquiry, or "No, state a new reason"):
    the reason form; a valid reason starts a new enquiry. Either way the user goes back
    to ``next``, a page of this site, else the page named ``default_next``.
    """
    next_url = next_path(request, default=default_next)
    data = request.POST if request.method == "POST" else request.GET
    thing = valid_thing(data.get("for"))
    context = {"next_url": next_url, "thing": thing or "", "caption": caption,
               "reason_url": reverse(reason_url), "thing_words": thing_words(thing),
               "idle_minutes": REASON_IDLE_MINUTES}
    confirming = request.method == "POST" and data.get("action") == "confirm"
    if confirming and confirm_reason(request, thing) is not None:
        return HttpResponseRedirect(next_url)
    # A "yes" that came too late (the enquiry went idle meanwhile) states it again.
    expired = confirming and thing is not None
    stored = _fresh(request)
    current = None if stored is None else stored["reason"]
    if (request.method == "GET" and current and thing is not None
            and data.get("new") != "1"):
        new_query = urlencode({"next": next_url, "for": thing, "new": "1"})
        return render(request, "audit/enquiry_confirm.html", {
            **context, "current_reason": current,
            "new_reason_href": f"{reverse(reason_url)}?{new_query}"})
    stating = request.method == "POST" and not confirming
    form = EnquiryReasonForm(request.POST if stating else None)
    if stating and form.is_valid():
        state_reason(request, form.cleaned_data["reason"], thing=thing)
        return HttpResponseRedirect(next_url)
    continue_href = ""
    if current and thing is not None:
        continue_href = f"{reverse(reason_url)}?{urlencode({'next': next_url, 'for': thing})}"
    elif current:
        continue_href = next_url
    return render(request, "audit/enquiry_reason.html", {
        **context, "form": form, "current_reason": current, "expired": expired,
        "continue_href": continue_href, "heading": _heading(thing)})
