"""Storing a quick file: the person (new to the index, or chosen on it), then the same
file, offence, statement, defendant's answers and sections the long route stores,
through the case services (``case_create``, ``case_first_answers_store``), in one
transaction: a quick file is all there or not at all.

Only the answers the file rules ask for are stored (a requisition is not signed for
bail); each answer filled in for the officer is noted, with its source, in the file's
first line of history, for the check page to show.
"""

from django.db import transaction
from django.utils import timezone

from athena.people import services as people
from athena.people.models import AddressType
from cases import services
from cases.constants import Stage
from cases.models import CaseEvent, CaseEventKind
from cases.quick.answers import Known, file_answers


def derived_key(kind, name):
    """How a filled-in answer is keyed in the file's history: "charges.court"."""
    return f"{kind}.{name}"


def _person(acting_user, data):
    person = people.person_create(acting_user=acting_user, surname=data["surname"],
                                  forenames=data["forenames"],
                                  date_of_birth=data["date_of_birth"])
    return person


def _address(acting_user, person, data):
    if data.get("address_line_1"):
        people.person_address_add(acting_user=acting_user, person=person,
                                  address_type=AddressType.HOME,
                                  address_line_1=data["address_line_1"],
                                  town=data.get("town") or "",
                                  postcode=data.get("postcode") or "")


def _serialisable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def quick_file_create(*, acting_user, crime, offence, data, person=None, custody=None):
    """Create the file the quick page describes and return it. ``person`` is the suspect
    chosen on the index (None: create them from ``data``); ``custody`` their custody
    record (custody.selectors.CustodyForCase), whose facts are not asked again."""
    with transaction.atomic():
        if person is None:
            person = _person(acting_user, data)
        _address(acting_user, person, data)
        known = Known(force_code=acting_user.force.code, today=timezone.localdate(),
                      team=acting_user.team, custody=custody,
                      person_has_pnc_record=bool(person.pnc_id), offence_title=offence.title,
                      mode_of_trial=offence.get_mode_of_trial_display().lower())
        answers = file_answers(crime, data, known)
        case = services.case_create(acting_user=acting_user, person=person,
                                    offences=[(offence, answers.plea)],
                                    stage=Stage.FIRST_HEARING, **answers.case)
        stored = services.case_first_answers_store(
            acting_user=acting_user, case=case,
            offence={name: value for name, value in answers.offence.items()
                     if name != "anticipated_plea"},
            defendant=answers.defendant, statement=answers.statement,
            sections=answers.sections)
        derived = {derived_key(kind, name): {"source": source,
                                             "value": _serialisable(stored[kind][name])}
                   for (kind, name), source in answers.derived.items()
                   if name in stored.get(kind, {})}
        # The file's first line of history says it was quick-filed, and what was filled in.
        CaseEvent.objects.filter(case_id=case.pk, kind=CaseEventKind.CREATED).update(
            details={"quick_file": crime.slug if crime else "other", "derived": derived})
    return case
