"""What the pages of a custody record share when they record something, and the page
for a free-text note on the timeline."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from athena.audit.reads import read_audited
from custody.records.arrivals import Received, receives
from custody.records.forms import NoteForm, add_problems, form_problems, typed_answers
from custody.records.selectors import CHANGE, record_get_for_user
from custody.records.services import CustodyRuleBroken, note_add


def entry_saved(request, record, form, service, *, success):
    """Record the valid ``form`` on ``record`` through ``service`` (its arguments are the
    form's ``service_kwargs``), as the user. True once saved, with ``success`` to show on
    the next page; False when the rules refuse it, each problem beside its field."""
    try:
        service(acting_user=request.user, record=record, **form.service_kwargs())
    except CustodyRuleBroken as error:
        add_problems(form, error.problems)
        return False
    messages.success(request, success)
    return True


@require_http_methods(["GET", "POST"])
@read_audited("custody.record_page.viewed", object_type="custody.custodyrecord")
def note_new(request, pk):
    """A free-text note on the record's timeline; usable offline from a saved copy."""
    found = record_get_for_user(user=request.user, pk=pk, permission=CHANGE)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and entry_saved(
            request, found, form, note_add, success="Note added to the record."):
        return redirect("custody:record", pk=found.pk)
    return render(request, "custody/records/note.html", {"record": found, "form": form})


@receives("custody:note_new")
def note_arrived(arrival):
    """A note written on a device."""
    form = NoteForm(arrival.fields)
    typed = typed_answers(form)
    if not form.is_valid():
        return Received(False, "Note", problems=form_problems(form), typed=typed)
    try:
        note_add(acting_user=arrival.maker, record=arrival.record,
                 **{**form.service_kwargs(), "client_id": arrival.client_id},
                 origin=arrival.origin)
    except CustodyRuleBroken as error:
        return Received(False, "Note", problems=tuple(error.problems), typed=typed)
    return Received(True, "Note", typed=typed, message="Note added to the record.",
                    next_url=reverse("custody:record", args=[arrival.record.pk]))
