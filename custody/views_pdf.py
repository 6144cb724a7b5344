"""Printing from the custody suite: the contingency pack (a detainee's sheet, or the
whole suite's) and the detainee's copy of the custody record. Each download is audited."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from athena.audit.services import audit_record
from custody import pdf
from custody.models import CustodySuite

VIEW = "custody.view_custodyrecord"


def _record(request, pk):
    record = pdf.record_for_pdf(pk)
    if record is None or not request.user.has_perm(VIEW, record):
        raise Http404("No such custody record")
    return record


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def contingency_pdf(request, pk):
    record = _record(request, pk)
    content = pdf.current_contingency_pdf(record)
    audit_record(actor=request.user, action="custody.contingency.printed", obj=record,
                 details={"scope": "record"})
    return _pdf_response(content, f"contingency-{record.custody_number}.pdf")


@require_GET
def suite_contingency_pdf(request, suite_code):
    suite = get_object_or_404(CustodySuite, code=suite_code)
    # A suite carries force_id, so the record rule (force, then role) applies to it.
    if not request.user.has_perm(VIEW, suite):
        raise Http404("No such custody suite")
    content = pdf.current_suite_contingency_pdf(suite)
    audit_record(actor=request.user, action="custody.contingency.printed", obj=suite,
                 details={"scope": "suite"})
    return _pdf_response(content, f"contingency-{suite.code}.pdf")


@require_GET
def detainee_copy(request, pk):
    record = _record(request, pk)
    content = pdf.detainee_copy_pdf(record)
    audit_record(actor=request.user, action="custody.record.copy_printed", obj=record)
    return _pdf_response(content, f"custody-record-{record.custody_number}.pdf")
