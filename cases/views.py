"""Pages of the case file: the officer's files, starting a file, the task list, each
section (saved as the officer types), statements and exhibits, and submission.

While a file is returned, the sections the supervisor approved show read-only and their
saves are refused; the returned ones carry the supervisor's comment (review/views.py has
the supervisor's pages, parties/views.py the suspects, offences, victims and witnesses).

Each page evaluates the file rules once and passes the result along; a save takes them
from the service, which evaluated them with the new answers."""

import json
import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athena.audit.reads import read_audited
from athena.audit.services import audit_record
from athena.jobs.selectors import job_is_delayed
from athena.offences.picker import picker_context, picker_context_from_data
from athena.people.selectors import person_get
from cases import readiness, rules, selectors, services
from cases.constants import Decider, Plea, Requirement, Stage
from cases.dcf.export import dcf_export
from cases.deadlines import case_deadlines
from cases.forms import (
    CaseDetailsForm,
    CaseStartForm,
    court_choices,
    format_problems,
    item_form,
    section_form,
)
from cases.known import section_suggestions
from cases.models import CaseStatus, FileSubmission, ReviewState, SectionItem, SectionStatus
from cases.quick.check import back_to_check
from cases.quick.views import new_case, quick_file_links
from cases.review.selectors import ITEM_POINTER, returned_section_url
from cases.sections import SECTIONS, SectionKind
from cases.tasklist import ready_to_submit, task_list
from cases.validation import (
    OFFICER,
    changed_since_returned,
    file_problems,
    problem_links,
    section_problems,
)
from custody.selectors import custody_for_case

CASES_PER_PAGE = 50


def _require(request, permission, obj=None):
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


@require_GET
@read_audited("cases.list.viewed")
def index(request):
    """The officer's own files; for a supervisor or inspector, their team's files (or the
    force's), searched by URN or suspect and filtered by status."""
    supervises = selectors.reads_force_files.test(request.user)
    if not (supervises or request.user.has_perm("cases.add_casefile")):
        raise PermissionDenied  # the styled page: this role keeps no case files
    filters = {}
    if supervises:
        filters = {"scope": "force" if request.GET.get("scope") == "force" else "team",
                   "query": request.GET.get("query", "")[:100],
                   "status": request.GET.get("status", "")}
        files = selectors.cases_for_supervision(
            user=request.user, team=request.user.team if filters["scope"] == "team" else "",
            query=filters["query"], status=filters["status"])
    else:
        files = selectors.cases_for_officer(user=request.user)
    page = Paginator(files, CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/index.html", {
        "page": page, "cases": page.object_list, "supervises": supervises,
        "filters": filters, "statuses": CaseStatus.choices,
        "can_start": request.user.has_perm("cases.add_casefile"),
        "can_review": request.user.has_perm("cases.view_review_queue")})


@require_http_methods(["GET", "POST"])
def case_start(request):
    """Start a file from a person on the index: the suspect is filled in already, and the
    officer answers only what decides the file: offence, plea, bail, markers. If the
    person has a custody record, its arrest and offences come with them (enter once).
    Without a person, the quick file's "New case file" page."""

    _require(request, "cases.add_casefile")
    person_id = request.GET.get("person") or request.POST.get("person")
    if not ((person_id or "").isascii() and (person_id or "").isdigit()):
        # No suspect yet: "New case file" offers the volume crimes, then any offence.
        return new_case(request)
    person = person_get(pk=int(person_id))
    custody = custody_for_case(person_id=person.pk)
    form = CaseStartForm(request.POST or None)
    if request.method == "POST" and "find_offence" not in request.POST and form.is_valid():
        data = form.cleaned_data
        offences = [(form.offence, data["anticipated_plea"])]
        if custody is not None:
            offences += [(offence, Plea.NOT_KNOWN) for offence in custody.offences
                         if offence.pk != form.offence.pk]
        case = services.case_create(
            acting_user=request.user, person=person, offences=offences,
            bail_status=data["bail_status"], markers=data["markers"],
            case_begins=data["case_begins"], stage=Stage.FIRST_HEARING,
            arrested_at=custody.arrested_at if custody else None,
            custody_record_id=custody.record_id if custody else None)
        return redirect("cases:detail", pk=case.pk)
    if request.method != "POST":
        first = custody.offences[0].cjs_code if custody and custody.offences else ""
        picker = picker_context(None, selected_code=first)
    elif "offence_code" in form.errors and "find_offence" not in request.POST:
        picker = picker_context(request.POST.get("offence_query", ""),
                                request.POST.get("include_non_criminal") == "1",
                                error=form.errors["offence_code"][0])
    else:
        picker = picker_context_from_data(request.POST)
    return render(request, "cases/start.html",
                  {"form": form, "person": person, "custody": custody, **picker,
                   "quick_files": quick_file_links(person.pk)})


def _evaluated(case):
    """(facts, requirements) of the file: the rules evaluated once for the page."""
    facts = selectors.case_facts(case)
    return facts, rules.evaluate(facts)


@require_GET
def case_detail(request, pk):
    """The file as a task list: only the sections this file needs, each with its status."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    facts, requirements = _evaluated(case)
    problems = file_problems(case, facts, requirements)

    # The file names its suspects and victims: every opening is a consultation (s.62).
    audit_record(actor=request.user, action="cases.case.viewed", obj=case)

    can_change = request.user.has_perm("cases.change_casefile", case)
    return render(request, "cases/detail.html", {
        "case": case,
        "requirements": requirements,
        "decider": Decider(requirements.charging.decider).label,
        "tasks": task_list(case, facts, requirements, problems),
        "officer_problems": problems.get(OFFICER, []),
        "deadlines": case_deadlines(case),
        "can_change": can_change,
        "can_review": request.user.has_perm("cases.review_casefile", case) and case.status in (
            CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW),
        "returned_sections": [
            {"title": SECTIONS[section.kind].title, "comment": section.review_comment,
             "url": returned_section_url(case, section)}
            for section in case.sections.all()
            if section.review_state == ReviewState.RETURNED and section.kind in SECTIONS
        ] if case.status == CaseStatus.RETURNED else [],
        "latest_submission": case.submissions.first(),
    })


def _review_note(case, section):
    """The supervisor's comment on a returned section, for the officer's pages."""
    if case.status != CaseStatus.RETURNED or section is None or (
            section.review_state != ReviewState.RETURNED):
        return None
    pointed = [str(name) for name in section.review_fields or []]
    definition = SECTIONS[section.kind]
    names = {f.name for f in definition.fields}
    return {
        "comment": section.review_comment,
        "reviewed_by": section.reviewed_by,
        "reviewed_at": section.reviewed_at,
        "fields": [(name, definition.field(name).label) for name in pointed if name in names],
        "field_names": [name for name in pointed if name in names],
        "item_ids": [name.removeprefix(ITEM_POINTER) for name in pointed
                     if name.startswith(ITEM_POINTER)],
    }


@require_http_methods(["GET", "POST"])
@read_audited("cases.details.viewed", object_type="cases.casefile")
def case_details_edit(request, pk):
    case = selectors.case_get_for_user(user=request.user, pk=pk,
                                       permission="cases.change_casefile")
    form = CaseDetailsForm(request.POST or None, initial={
        "case_begins": case.case_begins, "bail_status": case.bail_status,
        "markers": case.markers, "version": case.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_update_details(acting_user=request.user, case=case,
                                         expected_version=data["version"],
                                         case_begins=data["case_begins"],
                                         bail_status=data["bail_status"],
                                         markers=data["markers"])
        except services.StaleEdit:
            form.add_error(None, "Someone else changed this file while you were editing. "
                                 "Check the details below and save again.")
        except services.CaseNotEditable as error:
            form.add_error(None, f"This file cannot be changed now: it is {error}.")
        else:
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/details_form.html", {"case": case, "form": form})


def _next_section_url(case, requirements, kind):
    """Where "Save and continue" goes: the next section of the file, or on a returned
    file the next section returned to the officer (the others are approved and locked),
    and after the last of them the submit button."""
    listed = requirements.listed_sections()
    later = listed[listed.index(kind) + 1:] if kind in listed else []
    if case.status == CaseStatus.RETURNED:
        returned = {section.kind for section in case.sections.all()
                    if section.status == SectionStatus.RETURNED}
        earlier = listed[:listed.index(kind)] if kind in listed else []
        later = [k for k in later if k in returned] + [
            k for k in earlier if k in returned and not _changed_since_returned(case, k)]
    if later:
        view = "cases:items" if SECTIONS[later[0]].repeatable else "cases:section"
        return reverse(view, args=[case.pk, later[0]])
    return reverse("cases:detail", args=[case.pk]) + "#submit"


def _changed_since_returned(case, kind):
    section = selectors.case_section(case, kind)
    return section is not None and changed_since_returned(section)


@require_http_methods(["GET", "POST"])
@read_audited("cases.section.viewed", object_type="cases.casefile")
def section_edit(request, pk, kind):
    """One section. It saves as the officer types (htmx posts the form after a pause) and
    on the button; a stale save is refused with both versions shown."""
    if kind not in SectionKind.values:
        raise Http404("No such section")
    if SECTIONS[kind].repeatable:
        return redirect("cases:items", pk=pk, kind=kind)
    if request.method == "POST":
        # The service reads the file under its lock: here, only whether the user may.
        case = selectors.case_row_for_user(user=request.user, pk=pk)
        _require(request, "cases.change_casefile", case)
        return _section_post(request, case, kind)
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    section = selectors.case_section(case, kind)
    section_rules = _SectionRules.of(case, section, kind)
    can_change = request.user.has_perm("cases.change_casefile", case)
    data = dict(section.data) if section else {}
    suggested = {}
    if can_change and services.section_open_to_officer(case, section):
        # What the app knows is offered filled in, labelled, for the officer to save.
        suggested = section_suggestions(case, kind, data,
                                        rules.case_plea(selectors.case_facts(case)))
        data.update({name: answer for name, (answer, _source) in suggested.items()})
    form = section_form(kind, stored=data or None)
    return render(request, "cases/section.html", _section_context(
        case, kind, section, form, section_rules, can_change=can_change,
        suggested=suggested))


def _with_usual_answers(kind, data):
    """The answers, with each usual answer of the section given where none is."""
    for name, answer in SECTIONS[kind].usual_answers:
        if data.get(name) in (None, ""):
            data[name] = answer
    return data


@dataclass(frozen=True)
class _SectionRules:
    """What the rules say of one section, evaluated once for the page."""

    requirements: object
    problems: list

    @classmethod
    def of(cls, case, section, kind):
        facts, requirements = _evaluated(case)
        return cls(requirements, section_problems(facts, requirements, kind, section))


def _whole_number(value):
    """A posted whole number (the section's version; sent_at, when the page sent the save
    by its clock in milliseconds, which app.mjs adds), or None for anything else: a page
    without scripts sends no sent_at, and "²" is a digit to str.isdigit but not to int."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 17:
        return int(value)
    return None


def _section_post(request, case, kind):
    form = section_form(kind, data=request.POST)
    form.is_valid()
    data = form.stored_data()
    if "usual_answers" in request.POST:
        data = _with_usual_answers(kind, dict(data))
        form = section_form(kind, stored=data)
    expected = _whole_number(request.POST.get("version")) or 0
    conflict = saved = None
    try:
        saved = services.section_save(acting_user=request.user, case=case, kind=kind,
                                      data=data, expected_version=expected,
                                      editor_token=request.POST.get("editor", "")[:32],
                                      sent_at=_whole_number(request.POST.get("sent_at")))
    except services.StaleEdit as stale:
        conflict = stale.current
    except services.SectionNotReturned as error:
        form.add_error(None, str(error))
    except services.CaseNotEditable as error:
        form.add_error(None, f"This file cannot be changed now: it is {error}.")
    if saved is not None:
        case, section = saved.case, saved.section
        section_rules = _SectionRules(saved.requirements, saved.problems)
    else:  # nothing saved: the page shows the file as it stands
        case = selectors.case_get_for_user(user=request.user, pk=case.pk)
        section = selectors.case_section(case, kind)
        section_rules = _SectionRules.of(case, section, kind)
    context = _section_context(case, kind, section, form, section_rules,
                               conflict=conflict, can_change=True)
    requirements = section_rules.requirements
    if request.htmx:
        response = render(request, "cases/section.html#save-status", context)
        shown = ",".join(field["definition"].name for field in context["fields"])
        if conflict is None and request.POST.get("shown_fields") != shown:
            # An answer changed which questions this section asks (a no comment interview
            # asks for the questions put): everything is saved, so reload to show them.
            response["HX-Refresh"] = "true"
        return response
    if conflict is None and "continue" in request.POST and not form.non_field_errors():
        return redirect(back_to_check(request, case)
                        or _next_section_url(case, requirements, kind))
    if conflict is None and "usual_answers" in request.POST and not form.non_field_errors():
        # Saved: show the page afresh (a reload of a POST would post again).
        return redirect("cases:section", pk=case.pk, kind=kind)
    return render(request, "cases/section.html", context)


def _section_context(case, kind, section, form, section_rules, conflict=None,
                     can_change=False, suggested=None):
    definition = SECTIONS[kind]
    requirements = section_rules.requirements
    review = _review_note(case, section)
    missing = {p.field: p.message for p in section_rules.problems if p.field}
    stored_format = format_problems(kind, section.data if section else {})
    fields = []
    for field_definition in definition.fields:
        result = requirements.fields.get((kind, field_definition.name))
        if result is None or result.level == "not_needed":
            continue
        bound = form[field_definition.name]
        fields.append({
            "bound": bound,
            "definition": field_definition,
            "requirement": result,
            "error": (bound.errors[0] if bound.errors else
                      stored_format.get(field_definition.name, "")),
            "missing": missing.get(field_definition.name, ""),
            "review_comment": (review["comment"] if review and field_definition.name
                               in review["field_names"] else ""),
            "suggested": (suggested or {}).get(field_definition.name, ("", ""))[1],
            **court_choices(field_definition, bound, case),
        })
    return {
        "case": case, "kind": kind, "definition": definition, "section": section,
        "editable": can_change and services.section_open_to_officer(case, section),
        "approved_while_returned": (case.status == CaseStatus.RETURNED and section is not None
                                    and section.review_state == ReviewState.APPROVED),
        "review": review,
        "form": form, "fields": fields, "requirement": requirements.sections[kind],
        "version": section.version if section else 0, "conflict": conflict,
        "shown_fields": ",".join(f["definition"].name for f in fields),
        # The usual answers offered: only for questions this file asks.
        "usual_answers": [f["definition"].label for f in fields
                          if f["definition"].name in dict(definition.usual_answers)],
        "editor_token": secrets.token_hex(16),
        "conflict_fields": [
            (f.label, conflict.data.get(f.name, "")) for f in definition.fields
        ] if conflict is not None else [],
        "next_url": _next_section_url(case, requirements, kind),
        "status": SectionStatus(section.status).label if section else "Not yet started",
    }


@require_GET
@read_audited("cases.items.viewed", object_type="cases.casefile")
def items(request, pk, kind):
    if kind not in SectionKind.values or not SECTIONS[kind].repeatable:
        raise Http404("No such section")
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    facts, requirements = _evaluated(case)

    section = selectors.case_section(case, kind)
    can_change = (request.user.has_perm("cases.change_casefile", case)
                  and services.section_open_to_officer(case, section))
    review = _review_note(case, section)
    return render(request, "cases/items.html", {
        "review": review,
        "approved_while_returned": (case.status == CaseStatus.RETURNED and section is not None
                                    and section.review_state == ReviewState.APPROVED),
        "case": case, "kind": kind, "definition": SECTIONS[kind], "section": section,
        "items": list(section.items.all()) if section else [],
        "problems": section_problems(facts, requirements, kind, section),
        "requirement": requirements.sections[kind],
        "next_url": _next_section_url(case, requirements, kind),
        "can_change": can_change,
        # Adding one is the usual next step, so its form is on this page already.
        "form": _unasked_dropped(item_form(kind), facts, kind) if can_change else None,
        "ready_to_submit": can_change and ready_to_submit(
            file_problems(case, facts, requirements)),
    })


@require_http_methods(["GET", "POST"])
@read_audited("cases.item.viewed", object_type="cases.casefile")
def item_edit(request, pk, kind, item_id=None):

    if kind not in SectionKind.values or not SECTIONS[kind].repeatable:
        raise Http404("No such section")
    case = selectors.case_get_for_user(user=request.user, pk=pk,
                                       permission="cases.change_casefile")
    item = None
    if item_id is not None:
        item = get_object_or_404(SectionItem, pk=item_id, section__case=case,
                                 section__kind=kind)
    section = selectors.case_section(case, kind)
    if not services.section_open_to_officer(case, section) and case.is_editable:
        messages.error(request, services.SectionNotReturned.message)
        return redirect("cases:items", pk=case.pk, kind=kind)
    form = item_form(kind, data=request.POST or None, files=request.FILES or None, item=item,
                     initial=_statement_of(case, request.GET.get("witness"))
                     if kind == SectionKind.WITNESS_STATEMENTS and item is None else None)
    _drop_unasked(form, selectors.case_facts(case), kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_item_save(
                acting_user=request.user, case=case, kind=kind, item=item,
                # An answer to a question the form no longer asks is kept.
                data={**(item.data if item else {}), **form.stored_data()},
                expected_version=form.cleaned_data["version"] or 0,
                upload=form.cleaned_data.get("file"))
        except services.StaleEdit:
            form.add_error(None, "Someone else changed this while you were editing. "
                                 "Your typing is below; check it and save again.")
        except services.SectionNotReturned as error:
            form.add_error(None, str(error))
        except services.CaseNotEditable as error:
            form.add_error(None, f"This file cannot be changed now: it is {error}.")
        else:
            if "add_another" in request.POST:
                return redirect("cases:item_add", pk=case.pk, kind=kind)
            return redirect(back_to_check(request, case)
                            or reverse("cases:items", args=[case.pk, kind]))
    review = _review_note(case, section)
    pointed = review is not None and (not review["item_ids"] or (
        item is not None and str(item.pk) in review["item_ids"]))
    return render(request, "cases/item_form.html", {
        "case": case, "kind": kind, "definition": SECTIONS[kind], "item": item,
        "form": form, "review": review,
        "review_field_names": review["field_names"] if pointed else []})


def _drop_unasked(form, facts, kind):
    """Leave out of a statement's or exhibit's form the questions no rule asks of this
    file, whichever role the statement's witness has (a victim is asked more)."""
    asked = set()
    for role in ("victim", "witness"):
        requirements = rules.evaluate(rules.with_answers(facts, kind, {"witness_role": role}))
        if requirements.section_level(kind) == Requirement.NOT_NEEDED:
            return
        asked |= {name for (section_kind, name), result in requirements.fields.items()
                  if section_kind == kind and result.level != Requirement.NOT_NEEDED}
    for definition in SECTIONS[kind].fields:
        if definition.name not in asked and definition.name in form.fields:
            del form.fields[definition.name]


def _unasked_dropped(form, facts, kind):
    _drop_unasked(form, facts, kind)
    return form


def _statement_of(case, participant_id):
    """A new statement's first answers when it is added for one of the file's victims or
    witnesses (``?witness=<id>``): their name, role and age as the file has them."""
    participant = next((p for p in case.participants.all()
                        if str(p.pk) == str(participant_id or "")), None)
    if participant is None:
        return None
    return {"witness_name": participant.name, "witness_role": participant.role,
            "witness_under_18": "yes" if participant.under_18 else "no"}


@require_POST
def item_delete(request, pk, kind, item_id):
    case = selectors.case_get_for_user(user=request.user, pk=pk,
                                       permission="cases.change_casefile")
    item = get_object_or_404(SectionItem, pk=item_id, section__case=case, section__kind=kind)
    try:
        services.section_item_delete(acting_user=request.user, case=case, kind=kind,
                                     item=item)
    except services.SectionNotReturned as error:
        messages.error(request, str(error))
    except services.CaseNotEditable as error:
        messages.error(request, f"This file cannot be changed now: it is {error}.")
    return redirect("cases:items", pk=case.pk, kind=kind)


@require_GET
def exhibit_file(request, pk, item_id):
    """An exhibit's file, only for those who may see the case file (audited)."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    item = get_object_or_404(SectionItem, pk=item_id, section__case=case,
                             section__kind=SectionKind.EXHIBITS)
    if not item.file:
        raise Http404("This exhibit has no file")
    audit_record(actor=request.user, action="cases.exhibit.downloaded", obj=case,
                 details={"item": item.pk})
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file_name)


@require_POST
def case_submit(request, pk):
    case = selectors.case_get_for_user(user=request.user, pk=pk,
                                       permission="cases.change_casefile")
    try:
        submission = services.case_submit(acting_user=request.user, case=case)
    except services.CaseNotEditable as error:
        messages.error(request, f"This file cannot be submitted now: it is {error}.")
        return redirect("cases:detail", pk=case.pk)
    return redirect("cases:submission", pk=case.pk, submission_id=submission.pk)


@require_GET
@read_audited("cases.submission.viewed", object_type="cases.casefile")
def submission(request, pk, submission_id):
    """Progress of the worker's check and bundle; htmx polls the progress partial."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    found = get_object_or_404(FileSubmission.objects.select_related("job"), pk=submission_id,
                              case=case)
    context = {"case": case, "submission": found, "job": found.job,
               "delayed": job_is_delayed(found.job),
               "problems": problem_links(case, found.problems)}
    if request.htmx:
        return render(request, "cases/submission.html#progress", context)
    return render(request, "cases/submission.html", context)


@require_GET
def bundle(request, pk, submission_id, part="disclosable"):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    found = get_object_or_404(FileSubmission, pk=submission_id, case=case)
    document = found.bundle if part == "disclosable" else found.restricted_bundle
    if not document:
        raise Http404("The bundle is not ready")
    audit_record(actor=request.user, action=f"cases.bundle.{part}.downloaded", obj=case,
                 details={"submission": found.pk})
    return FileResponse(document.open("rb"), filename=f"{case.urn}-{part}.pdf",
                        content_type="application/pdf")


@require_GET
def dcf_download(request, pk):
    """The file's Digital Case File as a download when the file is ready for the CPS
    (readiness.py: the same check as the worker's and the send's); otherwise what keeps
    it from being ready, each problem linked to the page and field that holds it."""
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    problems = readiness.file_readiness(case)
    if problems:
        audit_record(actor=request.user, action="cases.case.dcf_export_invalid", obj=case,
                     details={"problems": sum(len(found) for found in problems.values())})
        return render(request, "cases/dcf_problems.html", {
            "case": case, "groups": problem_links(case, problems),
            "count": sum(len(found) for found in problems.values())})
    audit_record(actor=request.user, action="cases.case.dcf_exported", obj=case)
    response = HttpResponse(json.dumps(dcf_export(case), indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.urn}-dcf.json"'
    return response
