"""The quick file's pages: "New case file" (the volume crimes first, then any offence),
the one page that tells the case, and "Check your answers" before submitting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from athena.audit.services import audit_record
from athena.offences.picker import picker_context, picker_context_from_data
from athena.offences.selectors import offence_get_by_code
from athena.people.forms import duplicate_check_token
from athena.people.selectors import person_get, person_likely_duplicates
from cases import selectors
from cases.constants import Decider, Plea
from cases.known import is_welsh_force
from cases.quick.check import check_answers
from cases.quick.crimes import VOLUME_CRIMES, crime_for
from cases.quick.forms import QuickFileForm
from cases.quick.services import quick_file_create
from cases.rules import CaseFacts, OffenceFacts, decide_charge
from cases.tasklist import ready_to_submit
from cases.validation import problem_links
from custody.selectors import custody_for_case


def _require_to_start(request):
    if not request.user.has_perm("cases.add_casefile"):
        raise PermissionDenied


def _quick_url(cjs_code, person_id=None):
    url = reverse("cases:quick", args=[cjs_code])
    return f"{url}?person={person_id}" if person_id else url


def new_case(request):
    """What is the case? The volume crimes, one click each, then a search of every
    offence. With a suspect chosen on the index (``person``), each leads to the quick
    file with them filled in."""
    _require_to_start(request)
    person_id = _person_id(request.GET.get("person"))
    code = request.GET.get("offence_code", "")
    chosen = offence_get_by_code(code) if code else None
    if chosen is not None and chosen.is_criminal and "find_offence" not in request.GET:
        return redirect(_quick_url(chosen.cjs_code, person_id))
    searched = "offence_query" in request.GET
    picker = (picker_context_from_data(request.GET) if searched
              else picker_context(None))
    if searched and "find_offence" not in request.GET:
        error = ("Choose the offence from the list" if chosen is None else
                 "A case file for the CPS is for a criminal offence: choose one")
        picker = picker_context(request.GET.get("offence_query", ""),
                                request.GET.get("include_non_criminal") == "1", error=error)
    return render(request, "cases/new_case.html", {
        **picker, "person_id": person_id, "crimes": quick_file_links(person_id),
        "form": None})


def quick_file_links(person_id=None):
    """(crime, address) of the quick file of each volume crime, most common first."""
    return [(crime, _quick_url(crime.cjs_code, person_id)) for crime in VOLUME_CRIMES]


def _person_id(value):
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


@require_http_methods(["GET", "POST"])
def quick_file(request, code):
    """The case on one page, as the officer tells it; a new suspect is checked against
    the index before they are created. Saving builds the whole file and opens "Check
    your answers"."""
    _require_to_start(request)
    offence = offence_get_by_code(code)
    if offence is None or not offence.is_criminal:
        raise Http404("No such offence")
    crime = crime_for(offence.cjs_code)
    person_id = _person_id(request.POST.get("person") or request.GET.get("person"))
    person = person_get(pk=person_id) if person_id else None
    custody = custody_for_case(person_id=person.pk) if person else None
    welsh = is_welsh_force(request.user.force.code if request.user.force else "")
    cps_decides = cps_decides_if_not_guilty(offence)
    form = QuickFileForm(request.POST or None, crime=crime, person=person, custody=custody,
                         welsh_force=welsh, cps_decides_not_guilty=cps_decides,
                         initial={"person": person_id})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if person is None:
            person, duplicates = _suspect_on_the_index(data)
            if person is not None:
                custody = custody_for_case(person_id=person.pk)
            elif duplicates:
                posted = request.POST.copy()
                posted["confirm_not_duplicate"] = duplicate_check_token(
                    surname=data["surname"], forenames=data["forenames"],
                    date_of_birth=data["date_of_birth"])
                posted["same_person"] = ""
                form = QuickFileForm(posted, crime=crime, person=None, custody=None,
                                     welsh_force=welsh, cps_decides_not_guilty=cps_decides)
                form.is_valid()
        if not duplicates:
            case = quick_file_create(acting_user=request.user, crime=crime, offence=offence,
                                     data=data, person=person, custody=custody)
            return redirect("cases:check", pk=case.pk)
    return render(request, "cases/quick_file.html", {
        "form": form, "crime": crime, "offence": offence, "person": person,
        "custody": custody, "duplicates": duplicates,
        "change_offence_url": reverse("cases:new") + (f"?person={person.pk}" if person
                                                      else "")})


def cps_decides_if_not_guilty(offence):
    """Whether the CPS, not the police, decides the charge of this offence when the plea
    is not guilty (the file rules' DG6 rules): the quick file then asks the lines of
    enquiry its report to the prosecutor needs."""
    facts = CaseFacts(offences=(OffenceFacts(offence.cjs_code, offence.title,
                                             offence.mode_of_trial, Plea.NOT_GUILTY),))
    return decide_charge(facts).decider == Decider.CPS


def _suspect_on_the_index(data):
    """(person, duplicates): the person the officer chose among the likely duplicates
    listed, or (None, []) to create a new one once they said none of those is the
    suspect, or (None, duplicates) when the check found people to choose from first."""
    token = duplicate_check_token(surname=data["surname"], forenames=data["forenames"],
                                  date_of_birth=data["date_of_birth"])
    confirmed = data.get("confirm_not_duplicate") == token
    chosen = data.get("same_person") or ""
    duplicates = person_likely_duplicates(surname=data["surname"],
                                          forenames=data["forenames"],
                                          date_of_birth=data["date_of_birth"])
    if confirmed and chosen == "new":
        return None, []
    if confirmed and chosen.isascii() and chosen.isdigit():
        match = next((p for p in duplicates if p.pk == int(chosen)), None)
        if match is not None:
            return person_get(pk=match.pk), []
    return None, list(duplicates)


@require_GET
def check(request, pk):
    """Every answer of the file, each with "Change", then Submit for review."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    groups, requirements, problems = check_answers(case)
    audit_record(actor=request.user, action="cases.case.viewed", obj=case)
    can_change = request.user.has_perm("cases.change_casefile", case)
    if not case.is_editable:
        messages.info(request, f"This file is {case.get_status_display().lower()}.")
    return render(request, "cases/check_answers.html", {
        "case": case, "groups": groups, "problems": problem_links(case, problems),
        "ready": ready_to_submit(problems) and case.is_editable and can_change,
        "can_change": can_change and case.is_editable})
