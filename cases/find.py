"""The header's search: a case file by its URN, a custody record by its custody number,
or else a person by name, each opened only if the user may open it (the same reads as
their own pages), so a search never says whether a record the user may not see exists."""

import re

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from cases import selectors
from custody.selectors import record_get_for_user, record_pk_for_number

URN = re.compile(r"^\s*(\d{2}[A-Z0-9]{2}\d{5}\d{2})\s*$", re.IGNORECASE)
CUSTODY_NUMBER = re.compile(r"^\s*[A-Z]{2,8}-\d{2}-\d{5}\s*$", re.IGNORECASE)


@require_GET
def find(request):
    query = request.GET.get("q", "")[:200]
    urn = URN.match(query)
    if urn:
        case = selectors.case_files_visible_to(request.user, side=selectors.POLICE).filter(
            urn=urn.group(1).upper()).first()
        if case is not None:
            return redirect("cases:detail", pk=case.pk)
    if CUSTODY_NUMBER.match(query):
        pk = record_pk_for_number(query)
        if pk is not None:
            try:
                record_get_for_user(user=request.user, pk=pk)
            except Http404:
                pass
            else:
                return redirect("custody:record", pk=pk)
    return redirect(reverse("people:search") + "?" + urlencode({"query": query}))
