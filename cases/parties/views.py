"""Pages that change who and what a file is about: offences per suspect, suspects from
the people index, victims and witnesses. Each lets in only whoever may change the file
(404 to anyone else), calls one service, and returns to the file page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from athena.audit.reads import read_audited
from athena.offences.picker import (
    CHOICE_FIELD,
    FIND_BUTTON,
    picker_context,
    picker_context_from_data,
)
from athena.people.forms import PersonSearchForm
from athena.people.selectors import person_search
from athena.people.services import person_searched
from cases import rules, selectors, validation
from cases.constants import Marker, Requirement
from cases.forms import court_choices, part_form_class
from cases.known import defendant_suggestions
from cases.models import ChargedOffence, Participant, ParticipantRole, Suspect
from cases.parties import services
from cases.parties.forms import (
    OffenceAddForm,
    OffenceChangeForm,
    ParticipantForm,
    SuspectAddForm,
)
from cases.parts import charge_wording, defendant_answers, offence_answers
from cases.quick.check import CHECK, back_to_check, opened_from_check
from cases.sections import PARTS, PartKind
from cases.services import CaseNotEditable

FIND_PERSON_BUTTON = "find_person"


def _case(request, pk):
    return selectors.case_get_for_user(user=request.user, pk=pk,
                                       permission="cases.change_casefile")


def _not_editable(error):
    return f"This file cannot be changed now: it is {error}."


def _still_from_check(request):
    """The query that keeps a page opened from "Check your answers" leading back there
    when it reloads to show a question an answer revealed."""
    return f"?from={CHECK}" if opened_from_check(request) else ""


def _locked_file_redirect(request, case):
    """Back to the file page with a message, for a page opened on a file that is with a
    supervisor or the CPS. (The services refuse the change itself, under a lock.)"""
    messages.error(request, _not_editable(case.get_status_display()))
    return redirect("cases:detail", pk=case.pk)


def _search_people(request, query, case):
    """The index's people like ``query``; every search of the index is audited, with the
    file it is for as the reason (the officer is adding a party to it)."""
    results = person_search(query=query)
    person_searched(acting_user=request.user, query=query, results=results,
                    reason=f"Case file {case.urn}: finding a party to add")
    return results


def _posted(request):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@read_audited("cases.offence.viewed", object_type="cases.casefile")
def offence_add(request, pk, suspect_id=None):
    """Add an offence from the catalogue, with its plea, date and wording. Asks which
    suspect only when the file has more than one and the link did not say."""
    case = _case(request, pk)
    if not case.is_editable:
        return _locked_file_redirect(request, case)
    suspects = list(case.suspects.all())
    if suspect_id is not None:
        suspects = [get_object_or_404(Suspect.objects.select_related("person"),
                                      pk=suspect_id, case=case)]
    if not suspects:
        messages.info(request, "Add a suspect first, then their offences.")
        return redirect("cases:suspect_add", pk=case.pk)
    finding = FIND_BUTTON in request.POST
    # "Find offence" without JavaScript posts the form only to search: keep what was typed
    # without judging it yet.
    form = OffenceAddForm(None if finding else _posted(request), suspects=suspects,
                          initial=request.POST.dict() if finding else None)
    if request.method == "POST" and not finding and form.is_valid():
        try:
            services.charged_offence_add_with_particulars(
                acting_user=request.user, case=case, suspect=form.chosen_suspect,
                offence=form.offence, plea=form.cleaned_data["anticipated_plea"],
                offence_date=form.cleaned_data["offence_date"],
                wording=form.cleaned_data["wording"])
        except CaseNotEditable as error:
            form.add_error(None, _not_editable(error))
        else:
            messages.success(request, f"{form.offence.title} added")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/parties/offence_add.html", {
        "case": case, "form": form, "suspect": suspects[0] if len(suspects) == 1 else None,
        **_picker(request, form, finding)})


def _picker(request, form, finding):
    if request.method != "POST":
        return picker_context(None)
    if not finding and CHOICE_FIELD in form.errors:
        return picker_context(request.POST.get("offence_query", ""),
                              request.POST.get("include_non_criminal") == "1",
                              error=form.errors[CHOICE_FIELD][0])
    return picker_context_from_data(request.POST)


def _charged_offence(case, charged_id):
    return get_object_or_404(ChargedOffence.objects.select_related("offence", "suspect__person"),
                             pk=charged_id, suspect__case=case)


def _shown(facts, kind, answers):
    """The names of a part's questions a rule requires or allows, for these answers."""
    return [name for name, result in rules.part_requirements(facts, kind, answers).items()
            if result.level != Requirement.NOT_NEEDED]


@require_http_methods(["GET", "POST"])
@read_audited("cases.offence.viewed", object_type="cases.casefile")
def offence_change(request, pk, charged_id):
    """Change an offence's plea, date and particulars, and the answers the rules ask of
    it (where it happened, how each point to prove is met...). A different offence is a
    removal and an addition: the catalogue code is not changed in place. An answer that
    brings another question (children present: their ages) shows the page again with
    it."""
    case = _case(request, pk)
    if not case.is_editable:
        return _locked_file_redirect(request, case)
    charged = _charged_offence(case, charged_id)
    facts = selectors.case_facts(case)
    stored = offence_answers(charged)
    shown = _shown(facts, PartKind.OFFENCE, stored)
    form = OffenceChangeForm(_posted(request), shown=shown, initial={
        **stored, "offence_date": charged.offence_date})
    if request.method == "POST" and form.is_valid():
        particulars, answers = form.particulars()
        changed = {name: value for name, value in particulars.items()
                   if name in form.changed_data}
        try:
            if changed or answers != {k: stored.get(k, "") for k in answers}:
                services.charged_offence_update(acting_user=request.user, case=case,
                                                charged=charged, answers=answers, **changed)
        except CaseNotEditable as error:
            form.add_error(None, _not_editable(error))
        else:
            now_shown = _shown(facts, PartKind.OFFENCE, offence_answers(charged))
            if now_shown != shown:
                added = [name for name in now_shown if name not in shown]
                return redirect(reverse("cases:offence_change", args=[case.pk, charged.pk])
                                + _still_from_check(request)
                                + (f"#field-{added[0]}" if added else ""))
            return redirect(back_to_check(request, case)
                            or reverse("cases:detail", args=[case.pk]))
    _with_reasons(form, rules.part_requirements(facts, PartKind.OFFENCE, stored))
    return render(request, "cases/parties/offence_change.html", {
        "case": case, "charged": charged, "form": form,
        "wording": charge_wording(stored, charged.offence.cjs_code),
        "repeated": validation.repeated_charges(charged.suspect).get(charged.pk)})


def _with_reasons(form, requirements):
    """Each question's hint followed by why the file needs the answer."""
    for name, field in form.fields.items():
        result = requirements.get(name)
        if result is not None and result.level != Requirement.NOT_NEEDED:
            field.help_text = " ".join(part for part in (field.help_text,
                                                         " ".join(result.reasons)) if part)


@require_http_methods(["GET", "POST"])
@read_audited("cases.offence.viewed", object_type="cases.casefile")
def offence_remove(request, pk, charged_id):
    case = _case(request, pk)
    if not case.is_editable:
        return _locked_file_redirect(request, case)
    charged = _charged_offence(case, charged_id)
    if request.method == "POST":
        try:
            services.charged_offence_remove(acting_user=request.user, case=case,
                                            charged=charged)
        except CaseNotEditable as error:
            messages.error(request, _not_editable(error))
        else:
            messages.success(request, f"{charged.offence.title} removed")
        return redirect("cases:detail", pk=case.pk)
    only_offence = not ChargedOffence.objects.filter(suspect=charged.suspect).exclude(
        pk=charged.pk).exists()
    return render(request, "cases/parties/offence_remove.html", {
        "case": case, "charged": charged, "only_offence": only_offence})


@require_http_methods(["GET", "POST"])
@read_audited("cases.defendant.viewed", object_type="cases.casefile")
def suspect_add(request, pk):
    """Add a suspect chosen from the people index (searched here, or linked with
    ``?person=<id>``), then ask for their first offence."""
    case = _case(request, pk)
    if not case.is_editable:
        return _locked_file_redirect(request, case)
    search = PersonSearchForm(request.GET if "query" in request.GET else None)
    data = _posted(request)
    if data is None and "person" in request.GET:
        data = {"person": request.GET["person"]}
    choose = SuspectAddForm(data)
    chosen = choose.cleaned_data["person"] if choose.is_bound and choose.is_valid() else None
    if request.method == "POST" and chosen is not None:
        try:
            suspect = services.suspect_add(acting_user=request.user, case=case, person=chosen)
        except services.SuspectAlreadyInCase:
            choose.add_error("person", f"{chosen.full_name} is already a suspect in this "
                                       "file")
        except CaseNotEditable as error:
            choose.add_error(None, _not_editable(error))
        else:
            return redirect("cases:suspect_offence_add", pk=case.pk, suspect_id=suspect.pk)
    query = request.POST.get("query", "").strip() if request.method == "POST" else ""
    if search.is_bound and search.is_valid():
        query = search.cleaned_data["query"]
    results = _with_chosen(_search_people(request, query, case) if query else None, chosen)
    return render(request, "cases/parties/suspect_add.html", {
        "case": case, "search": search, "choose": choose, "query": query,
        "results": results, "chosen_pk": str(choose["person"].value() or ""),
        "suspect_person_ids": {suspect.person_id for suspect in case.suspects.all()},
        "form": search if search.errors else choose,
        "can_add_person": request.user.has_perm("people.add_person")})


@require_http_methods(["GET", "POST"])
@read_audited("cases.participant.viewed", object_type="cases.casefile")
def participant_add(request, pk):
    """Add a victim or witness; optionally find and link them on the people index."""
    case = _case(request, pk)
    if not case.is_editable:
        return _locked_file_redirect(request, case)
    finding = FIND_PERSON_BUTTON in request.POST
    form = ParticipantForm(None if finding else _posted(request),
                           initial=request.POST.dict() if finding else None)
    if request.method == "POST" and not finding and form.is_valid():
        data = form.cleaned_data
        try:
            participant = services.participant_add(
                acting_user=request.user, case=case, role=data["role"], name=data["name"],
                person=data["person"], under_18=form.is_under_18)
        except CaseNotEditable as error:
            form.add_error(None, _not_editable(error))
        else:
            _young_witness_reminder(request, case, participant)
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/parties/participant_add.html", {
        "case": case, "form": form, **_participant_people(request, form, case)})


def _participant_people(request, form, case):
    """The people the index search on the participant page lists, the chosen one kept."""
    query = ""
    if request.method == "POST" and "person_query" not in form.errors:
        query = request.POST.get("person_query", "").strip()
    if form.is_bound:
        chosen = None if "person" in form.errors else form.cleaned_data.get("person")
    else:
        chosen = _person_or_none(request.POST.get("person", ""))
    results = _search_people(request, query, case) if query else None
    return {"results": _with_chosen(results, chosen),
            "chosen_pk": str(form["person"].value() or "")}


def _person_or_none(value):
    try:
        return ParticipantForm.base_fields["person"].clean(value)
    except ValidationError:
        return None


def _with_chosen(results, chosen):
    """Search results with the person already chosen listed first if the search missed
    them, so that searching again never loses a choice."""
    if chosen is None or any(person.pk == chosen.pk for person in results or ()):
        return results
    return [chosen, *(results or ())]


def _young_witness_reminder(request, case, participant):
    if (participant.under_18 and participant.role == ParticipantRole.WITNESS
            and Marker.YOUNG_WITNESS not in case.markers):
        messages.info(request, "A witness is under 18. If they are 10 or under, add the "
                               "young witness marker in Bail and markers.")


@require_http_methods(["GET", "POST"])
@read_audited("cases.participant.viewed", object_type="cases.casefile")
def participant_remove(request, pk, participant_id):
    case = _case(request, pk)
    if not case.is_editable:
        return _locked_file_redirect(request, case)
    participant = get_object_or_404(Participant, pk=participant_id, case=case)
    if request.method == "POST":
        try:
            services.participant_remove(acting_user=request.user, case=case,
                                        participant=participant)
        except CaseNotEditable as error:
            messages.error(request, _not_editable(error))
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/parties/participant_remove.html", {
        "case": case, "participant": participant,
        "back_url": reverse("cases:detail", args=[case.pk])})


@require_http_methods(["GET", "POST"])
@read_audited("cases.defendant.viewed", object_type="cases.casefile")
def defendant_edit(request, pk, suspect_id):
    """One defendant's answers: the arrest, and what the CPS and the court need of them
    (occupation, nationality, interpreter, orders...). Only the questions the rules ask
    of this file are shown, each with why; an answer that brings another question
    (interpreter: which language) shows the page again with it."""
    case = _case(request, pk)
    if not case.is_editable:
        return _locked_file_redirect(request, case)
    suspect = get_object_or_404(Suspect.objects.select_related("person"), pk=suspect_id,
                                case=case)
    facts = selectors.case_facts(case)
    stored = defendant_answers(case, suspect)
    form_class = part_form_class(PartKind.DEFENDANT)
    if request.method == "POST":
        form = form_class(request.POST)
        form.is_valid()
        answers = form.stored_data()
        if "usual_answers" in request.POST:
            answers = {**answers, **{name: value for name, value in
                                     PARTS[PartKind.DEFENDANT].usual_answers
                                     if not answers.get(name)}}
        shown = _shown(facts, PartKind.DEFENDANT, stored)
        try:
            services.defendant_answers_save(
                acting_user=request.user, case=case, suspect=suspect,
                answers={name: answers[name] for name in shown if name in answers},
                expected_version=_version(request.POST.get("version")))
        except services.StaleDefendant:
            form.add_error(None, "Someone else changed this defendant's answers while you "
                                 "were editing. Your answers are below: check them and save "
                                 "again.")
        except CaseNotEditable as error:
            form.add_error(None, _not_editable(error))
        else:
            saved = defendant_answers(case, suspect)
            now_shown = _shown(facts, PartKind.DEFENDANT, saved)
            if "usual_answers" in request.POST or now_shown != shown or form.errors:
                added = [name for name in now_shown if name not in shown]
                url = reverse("cases:defendant", args=[case.pk, suspect.pk]) + (
                    _still_from_check(request))
                if not form.errors:
                    return redirect(url + (f"#field-{added[0]}" if added else ""))
            else:
                return redirect(back_to_check(request, case)
                                or reverse("cases:detail", args=[case.pk]))
        stored = {**stored, **answers}
        suggested = {}
    else:
        # What the app knows is offered filled in, labelled, for the officer to save.
        suggested = defendant_suggestions(case, stored)
        form = form_class(initial={**stored, **{name: answer for name, (answer, _source)
                                                in suggested.items()}})
    requirements = rules.part_requirements(facts, PartKind.DEFENDANT, stored)
    problems = {missing.field for missing in rules.missing_part_answers(
        facts, PartKind.DEFENDANT, stored)}
    fields = [{
        "bound": form[f.name], "definition": f, "requirement": requirements[f.name],
        "error": form.errors.get(f.name, [""])[0], "missing": f.name in problems,
        "suggested": suggested.get(f.name, ("", ""))[1],
        **court_choices(f, form[f.name], case),
    } for f in PARTS[PartKind.DEFENDANT].fields
        if requirements[f.name].level != Requirement.NOT_NEEDED]
    return render(request, "cases/parties/defendant.html", {
        "case": case, "suspect": suspect, "form": form, "fields": fields,
        "editable": True, "version": suspect.version,
        "usual_answers": [f["definition"].label for f in fields if f["definition"].name
                          in dict(PARTS[PartKind.DEFENDANT].usual_answers)]})


def _version(value):
    return int(value) if (value or "").isascii() and (value or "").isdigit() else 0
