"""Pages of the nominal index: search, person record, create and change, locations and
vehicles. Each view checks permission, calls a form and a service, renders.

A search and the record of a person, location or vehicle are read for the user's
enquiry (DPA 2018 s.62, athena/audit/enquiry.py): opening one the enquiry does not cover
asks, in one click, whether it is part of the same enquiry, unless the reason is known
already (a record the user has just created; a person on a case file they may open).
The reason is never taken from the address."""

import re
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from athena.audit import enquiry
from athena.audit.reads import read_audited
from athena.next_page import local_path
from athena.people import selectors, services
from athena.people.forms import (
    AliasForm,
    LocationForm,
    PersonAddressForm,
    PersonCreateForm,
    PersonEditForm,
    PersonSearchForm,
    PersonVehicleForm,
    VehicleForm,
)

DUPLICATE_CONFIRM_LABEL = "None of these – create a new person"
REASON_URL = "people:enquiry_reason"
SEARCH_THING = "people.search"
CREATED_REASON = "Created the record"


def _require(request, permission, obj=None):
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _require_to_create(request, permission):
    """Records belong to the force that creates them: a user with no force creates none."""
    _require(request, permission)
    if request.user.force_id is None:
        raise PermissionDenied


def _reason(request, thing, *, via=()):
    """The reason this read is audited with: the user's enquiry when it covers ``thing``
    (or one of ``via``), else a reason the server knows; None: ask."""
    return enquiry.reason_for(request, thing, via=via) or enquiry.known_reason(request, thing)


def _ask(request, thing):
    return enquiry.ask(request, thing, reason_url=REASON_URL)


def _reason_context(request, thing, reason):
    return {"reason": reason,
            "change_reason_href": enquiry.reason_address(request, thing,
                                                         reason_url=REASON_URL, new=True)}


@require_http_methods(["GET", "POST"])
def enquiry_reason(request):
    """Why are you looking, or is this part of the same enquiry? Then back to the page
    the user asked for (only ever a page of this site)."""
    if not any(request.user.has_perm(f"people.view_{kind}")
               for kind in ("person", "location", "vehicle")):
        raise PermissionDenied
    return enquiry.reason_page(request, reason_url=REASON_URL, default_next="people:search",
                               caption="People")


def _person_to_change(request, pk):
    """The person, if the user may change their record (their own force's); else 403."""
    _require(request, "people.view_person")
    person = selectors.person_get(pk=pk)
    _require(request, "people.change_person", person)
    return person


@require_GET
def search(request):
    """Search the index by name (spelling and order need not be exact), PNC ID or CRO
    number. A search is run for the user's enquiry (asked for, or confirmed in one
    click, before the first); every search is audited with its reason, its query and
    the people it listed. The empty form asks nothing."""
    _require(request, "people.view_person")
    form = PersonSearchForm(request.GET if "query" in request.GET else None)
    results = None
    reason = None
    if form.is_bound and form.is_valid():
        reason = _reason(request, SEARCH_THING)
        if reason is None:
            return _ask(request, SEARCH_THING)
        query, date_of_birth = form.cleaned_data["query"], form.cleaned_data["date_of_birth"]
        results = selectors.person_search(query=query, date_of_birth=date_of_birth)
        services.person_searched(acting_user=request.user, query=query,
                                 date_of_birth=date_of_birth, results=results, reason=reason)
    return render(request, "people/search.html", {
        "form": form,
        "results": results,
        **_reason_context(request, SEARCH_THING, reason),
        "create_url": _create_url(form),
        "can_add_person": request.user.has_perm("people.add_person"),
        "can_add_location": request.user.has_perm("people.add_location"),
        "can_add_vehicle": request.user.has_perm("people.add_vehicle"),
    })


def _create_url(form):
    """"Create a person", carrying the name and date of birth just searched for, so
    that nobody types them twice."""
    url = reverse("people:person_create")
    if not (form.is_bound and form.is_valid()):
        return url
    carried = {"name": form.cleaned_data["query"]}
    if form.cleaned_data["date_of_birth"]:
        carried["date_of_birth"] = form.cleaned_data["date_of_birth"].strftime("%d/%m/%Y")
    return f"{url}?{urlencode(carried)}"


NAME_TEXT = re.compile(r"^[^\W\d_]+(?:[ '\-,][^\W\d_]*)*$")


def name_initial(text):
    """The surname and forenames a searched name gives, for the new person's form:
    "Dean Archer" (forenames then surname), "Archer, Dean" or "ARCHER Dean" (surname
    first, as police write it). A PNC ID, CRO number or anything not a name gives
    nothing."""
    text = " ".join((text or "").split())[:250]
    if not text or not NAME_TEXT.match(text):
        return {}
    if "," in text:
        surname, _, forenames = text.partition(",")
        return {"surname": surname.strip(), "forenames": forenames.strip()}
    words = text.split(" ")
    if len(words) == 1:
        return {"surname": words[0]}
    if words[0].isupper() and not words[1].isupper():
        return {"surname": words[0], "forenames": " ".join(words[1:])}
    return {"surname": words[-1], "forenames": " ".join(words[:-1])}


@require_http_methods(["GET", "POST"])
def person_create(request):
    """Create a person, showing likely duplicates first.

    A valid form whose details match people already on the index comes back with those
    people listed and the typed values kept; submitting again unchanged (the hidden
    ``confirm_not_duplicate`` fingerprint) creates the person.
    """
    _require_to_create(request, "people.add_person")
    initial = {**name_initial(request.GET.get("name")),
               "date_of_birth": request.GET.get("date_of_birth", "")[:10]}
    form = PersonCreateForm(request.POST or None, initial=initial, submit_label="Create person")
    duplicates = []
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        if not form.confirmed_not_duplicate():
            duplicates = selectors.person_likely_duplicates(
                surname=fields["surname"], forenames=fields["forenames"],
                date_of_birth=fields["date_of_birth"])
        if duplicates:
            data = request.POST.copy()
            data["confirm_not_duplicate"] = form.duplicate_check_token()
            form = PersonCreateForm(data, submit_label=DUPLICATE_CONFIRM_LABEL)
            form.is_valid()
        else:
            try:
                person = services.person_create(acting_user=request.user, **fields)
            except services.DuplicatePncId as error:
                form.add_error("pnc_id", "This PNC ID is already recorded for another "
                                         "person. Search for it to find their record.")
                return render(request, "people/person_form.html", {
                    "form": form, "existing_person_id": error.person_id})
            enquiry.note_known_reason(request, enquiry.thing_key("people.person", person.pk),
                                      CREATED_REASON)
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "duplicates": duplicates})


@require_GET
def person_detail(request, pk):
    """A person's record, read for the user's enquiry (the same person seen through
    intelligence is the same enquiry). Every opening is audited with its reason
    (people.person.viewed)."""
    _require(request, "people.view_person")
    person = selectors.person_get(pk=pk)
    thing = enquiry.thing_key("people.person", person.pk)
    reason = _reason(request, thing,
                     via=[enquiry.thing_key("intelligence.subject", person.pk)])
    if reason is None:
        return _ask(request, thing)
    services.person_viewed(acting_user=request.user, person=person, reason=reason)
    can_change = request.user.has_perm("people.change_person", person)
    return render(request, "people/person_detail.html", {
        "person": person,
        **_reason_context(request, thing, reason),
        "can_change": can_change,
        "can_add_location": can_change and request.user.has_perm("people.add_location"),
        "can_add_vehicle": can_change and request.user.has_perm("people.add_vehicle"),
    })


@require_http_methods(["GET", "POST"])
@read_audited("people.person.opened_to_change", object_type="people.person")
def person_edit(request, pk):
    person = _person_to_change(request, pk)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    initial["version"] = person.version
    form = PersonEditForm(request.POST or None, initial=initial, submit_label="Save changes")
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(acting_user=request.user, person=person,
                                   expected_version=form.cleaned_data["version"],
                                   **form.person_fields())
        except services.PersonEditConflict:
            form.add_error(None, "Someone else changed this record while you were editing "
                                 "it. Open the record again to see their changes.")
        except services.DuplicatePncId as error:
            form.add_error("pnc_id", "This PNC ID is already recorded for another person.")
            return render(request, "people/person_form.html", {
                "form": form, "person": person, "existing_person_id": error.person_id})
        else:
            # Opened from a page that needs the record (a case file's defendant, say):
            # back there once it is saved.
            back = local_path(request, request.GET.get("next"))
            return redirect(back or reverse("people:person_detail", args=[person.pk]))
    return render(request, "people/person_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@read_audited("people.person.opened_to_change", object_type="people.person")
def person_alias_add(request, pk):
    person = _person_to_change(request, pk)
    form = AliasForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.person_alias_add(acting_user=request.user, person=person,
                                  surname=form.cleaned_data["surname"],
                                  forenames=form.cleaned_data["forenames"])
        return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/alias_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@read_audited("people.person.opened_to_change", object_type="people.person")
def person_address_add(request, pk):
    person = _person_to_change(request, pk)
    _require_to_create(request, "people.add_location")
    form = PersonAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.person_address_add(acting_user=request.user, person=person,
                                    address_type=form.cleaned_data["address_type"],
                                    **form.location_fields())
        return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/record_form.html",
                  {"form": form, "person": person, "heading": "Add an address"})


@require_http_methods(["GET", "POST"])
@read_audited("people.person.opened_to_change", object_type="people.person")
def person_vehicle_add(request, pk):
    person = _person_to_change(request, pk)
    _require_to_create(request, "people.add_vehicle")
    form = PersonVehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.person_vehicle_add(acting_user=request.user, person=person,
                                    link_type=form.cleaned_data["link_type"],
                                    **form.vehicle_fields())
        return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/record_form.html",
                  {"form": form, "person": person, "heading": "Add a vehicle"})


@require_http_methods(["GET", "POST"])
def location_create(request):
    _require_to_create(request, "people.add_location")
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        location = services.location_create(acting_user=request.user, **form.location_fields())
        enquiry.note_known_reason(request, enquiry.thing_key("people.location", location.pk),
                                  CREATED_REASON)
        return redirect("people:location_detail", pk=location.pk)
    return render(request, "people/record_form.html",
                  {"form": form, "heading": "Record a location"})


def _people_things(links):
    return [enquiry.thing_key("people.person", link.person_id) for link in links]


@require_GET
def location_detail(request, pk):
    """A location's record, read for the user's enquiry (the address of a person it
    already covers is covered too); audited with the reason."""
    _require(request, "people.view_location")
    location = selectors.location_get(pk=pk)
    residents = list(selectors.location_residents(location=location))
    thing = enquiry.thing_key("people.location", location.pk)
    reason = _reason(request, thing, via=_people_things(residents))
    if reason is None:
        return _ask(request, thing)
    services.location_viewed(acting_user=request.user, location=location, reason=reason)
    return render(request, "people/location_detail.html",
                  {"location": location, "residents": residents,
                   **_reason_context(request, thing, reason)})


@require_http_methods(["GET", "POST"])
def vehicle_create(request):
    _require_to_create(request, "people.add_vehicle")
    form = VehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vehicle = services.vehicle_create(acting_user=request.user, **form.vehicle_fields())
        enquiry.note_known_reason(request, enquiry.thing_key("people.vehicle", vehicle.pk),
                                  CREATED_REASON)
        return redirect("people:vehicle_detail", pk=vehicle.pk)
    return render(request, "people/record_form.html",
                  {"form": form, "heading": "Record a vehicle"})


@require_GET
def vehicle_detail(request, pk):
    """A vehicle's record, read for the user's enquiry (a vehicle of a person it
    already covers is covered too); audited with the reason."""
    _require(request, "people.view_vehicle")
    vehicle = selectors.vehicle_get(pk=pk)
    people = list(selectors.vehicle_people(vehicle=vehicle))
    thing = enquiry.thing_key("people.vehicle", vehicle.pk)
    reason = _reason(request, thing, via=_people_things(people))
    if reason is None:
        return _ask(request, thing)
    services.vehicle_viewed(acting_user=request.user, vehicle=vehicle, reason=reason)
    return render(request, "people/vehicle_detail.html",
                  {"vehicle": vehicle, "people": people,
                   **_reason_context(request, thing, reason)})
