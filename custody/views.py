"""Custody pages: the sergeant's board, booking in, and the record's timeline."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athena.accounts.roles import Role
from athena.audit.services import audit_record
from athena.offences.picker import picker_context, picker_context_from_data
from athena.offences.selectors import offence_get_by_code
from athena.people.selectors import person_get
from custody import selectors, services
from custody.clock import detention_clock
from custody.forms import BookInForm

BOARD_REFRESH_SECONDS = 30


def _custody_role(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_GET
def index(request):
    """The board: every detainee in the suite, refreshing itself every 30 seconds."""
    suites = list(selectors.suites_for_user(user=request.user))
    suite = next((s for s in suites if s.code == request.GET.get("suite")),
                 suites[0] if suites else None)
    can_read = request.user.has_role(Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT)
    rows = selectors.board_rows(suite=suite, now=timezone.now()) if suite and can_read else []
    context = {"suite": suite, "suites": suites, "rows": rows, "can_read": can_read,
               "refresh_seconds": BOARD_REFRESH_SECONDS, "now": timezone.now(),
               "can_book_in": request.user.has_perm("custody.book_in")}
    if request.htmx:
        return render(request, "custody/index.html#board", context)
    return render(request, "custody/index.html", context)


@require_http_methods(["GET", "POST"])
def book_in(request):
    """Book a person from the index into custody; what the arrest needs, nothing more."""
    _custody_role(request, "custody.book_in")
    person_id = request.GET.get("person") or request.POST.get("person") or ""
    if not person_id.isdigit():
        messages.info(request, "Find the person on the people index first (or create "
                               "them), then choose 'Book into custody' on their record.")
        return redirect("people:search")
    person = person_get(pk=int(person_id))
    suites = list(selectors.suites_for_user(user=request.user))
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
                cell=data["cell"])
        except services.CustodyRuleBroken as error:
            form.add_error(None, str(error))
        else:
            return redirect("custody:record", pk=record.pk)
    picker = picker_context_from_data(request.POST) if request.POST else picker_context(None)
    return render(request, "custody/book_in.html", {"form": form, "person": person, **picker})


@require_GET
def record(request, pk):
    """The custody record as a timeline, newest last; every opening is audited."""
    found = selectors.record_get_for_user(user=request.user, pk=pk)
    audit_record(actor=request.user, action="custody.record.viewed", obj=found)
    facts = selectors.detention_facts(found)
    return render(request, "custody/record.html", {
        "record": found, "clock": detention_clock(facts) if facts else None,
        "can_change": request.user.has_perm("custody.change_custodyrecord", found)})


@require_POST
def authorise(request, pk):
    found = selectors.record_get_for_user(user=request.user, pk=pk,
                                          permission="custody.change_custodyrecord")
    try:
        services.custody_authorise_detention(acting_user=request.user, record=found,
                                             at=timezone.now())
    except services.CustodyRuleBroken as error:
        messages.error(request, str(error))
    return redirect("custody:record", pk=found.pk)
