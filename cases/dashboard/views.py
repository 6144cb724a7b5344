"""The file-quality dashboard page of a file supervisor's force."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from athena.audit.services import audit_record
from cases.dashboard.selectors import quality_dashboard


@require_GET
def dashboard(request):
    user = request.user
    if user.force_id is None or not user.has_perm("cases.view_quality_dashboard"):
        raise PermissionDenied
    # Return comments are free text and may name people: the look is audited.
    audit_record(actor=user, action="cases.dashboard.viewed", object_type="accounts.force",
                 object_id=user.force_id)
    return render(request, "cases/dashboard.html", quality_dashboard(force=user.force))
