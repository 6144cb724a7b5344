"""The suite's pages: the sergeant's board, a detainee's record page (its timeline and
clock), and printing (the contingency pack, a detainee's sheet or the whole suite's,
as a PDF and as an HTML copy the browser keeps for an outage, and the detainee's copy
of the record). Every opening of a record and every download is audited."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from athena.accounts.roles import Role
from athena.audit.reads import read_audited
from athena.audit.services import audit_record
from custody.authorisations.services import authorisations_for_page
from custody.booking.selectors import booking_checklist
from custody.detention.selectors import record_clock
from custody.offline.selectors import open_refusals_for_record
from custody.records.selectors import (
    CHANGE,
    record_get_for_user,
    suite_get_for_user,
    suites_for_user,
)
from custody.suite import pdf, services
from custody.suite.selectors import board_rows, records_for_pdf

BOARD_REFRESH_SECONDS = 30


@require_GET
@read_audited("custody.board.viewed")
def index(request):
    """The board: every detainee in the suite, refreshing itself every 30 seconds."""
    can_read = request.user.has_role(Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT)
    if not can_read:
        raise PermissionDenied  # the styled page: the board is for custody roles
    suites = list(suites_for_user(user=request.user))
    suite = next((s for s in suites if s.code == request.GET.get("suite")),
                 suites[0] if suites else None)
    rows = board_rows(suite=suite, now=timezone.now()) if suite else []
    context = {"suite": suite, "suites": suites, "rows": rows,
               "refresh_seconds": BOARD_REFRESH_SECONDS, "now": timezone.now(),
               "can_book_in": request.user.has_perm("custody.book_in")}
    if request.htmx:
        return render(request, "custody/index.html#board", context)
    return render(request, "custody/index.html", context)


@require_GET
def record(request, pk):
    """The custody record as a timeline, newest last; every opening is audited."""
    found = record_get_for_user(user=request.user, pk=pk)
    audit_record(actor=request.user, action="custody.record.viewed", obj=found)
    clock = record_clock(found)
    return render(request, "custody/record.html", {
        "record": found, "clock": clock,
        "refusals": open_refusals_for_record(found),
        "checklist": booking_checklist(found, clock=clock, user=request.user),
        "authorisations": authorisations_for_page(request.user, found, timezone.now()),
        "can_change": request.user.has_perm(CHANGE, found)})


def _printed(request, obj, content, *, filename, action, details=None):
    """The PDF ``content`` inline and never cached, its download audited against
    ``obj``."""
    audit_record(actor=request.user, action=action, obj=obj, details=details)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def contingency_pdf(request, pk):
    found = record_get_for_user(user=request.user, pk=pk, records=records_for_pdf())
    return _printed(request, found, services.current_contingency_pdf(found),
                    filename=f"contingency-{found.custody_number}.pdf",
                    action="custody.contingency.printed", details={"scope": "record"})


@require_GET
def suite_contingency_pdf(request, suite_code):
    suite = suite_get_for_user(user=request.user, code=suite_code)
    return _printed(request, suite, services.current_suite_contingency_pdf(suite),
                    filename=f"contingency-{suite.code}.pdf",
                    action="custody.contingency.printed", details={"scope": "suite"})


@require_GET
def detainee_copy(request, pk):
    found = record_get_for_user(user=request.user, pk=pk, records=records_for_pdf())
    return _printed(request, found, pdf.detainee_copy_pdf(found),
                    filename=f"custody-record-{found.custody_number}.pdf",
                    action="custody.record.copy_printed")


# --- The contingency pack as HTML: the browser keeps it, so it opens in an outage -------
#
# The same content and the same sheet template as the PDFs (custody.suite.pdf), inside
# the app's layout, with a print stylesheet. The pages keep the PDF views' permissions
# and are audited the same way.

def _opened(request, obj, template, context, *, scope):
    audit_record(actor=request.user, action="custody.contingency.opened", obj=obj,
                 details={"scope": scope})
    return render(request, template, context)


@require_GET
def contingency(request, pk):
    """One detainee's contingency sheet as a page."""
    found = record_get_for_user(user=request.user, pk=pk, records=records_for_pdf())
    content = pdf.contingency_content(found)
    return _opened(request, found, "custody/contingency/sheet.html", {
        **pdf.sheet_context(content, built_at=timezone.now()),
        "pdf_url": reverse("custody:contingency_pdf", args=[found.pk])}, scope="record")


@require_GET
def suite_contingency(request, suite_code):
    """The suite's contingency pack as a page: the summary, then every sheet."""
    suite = suite_get_for_user(user=request.user, code=suite_code)
    content = pdf.suite_contingency_content(suite)
    return _opened(request, suite, "custody/contingency/suite.html", {
        **pdf.suite_context(content, built_at=timezone.now()),
        "pdf_url": reverse("custody:suite_contingency_pdf", args=[suite.code])},
        scope="suite")


@require_GET
def contingency_stylesheet(request):
    """The pack's stylesheet for its HTML copies: the PDF's own rules (one template for
    both), plus the browser's print rules. Served here, not inlined, because the
    Content-Security-Policy allows only the site's own stylesheets."""
    return HttpResponse(render_to_string("custody/pdf/_contingency.css",
                                         {"for_browser": True}),
                        content_type="text/css; charset=utf-8")
