"""Writes for booking in (DOMAIN.md 2.1, 2.3, 2.4): opening the custody record, rights
given, the risk assessment that sets the observation level, property and needs. Each
runs in one transaction with its timeline entry (plain words), the contingency rebuild
it queues, and its audit event (ids and codes only), last. A page that records several
of them at once (rights, risk and needs; a table of property) saves all or none."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from athena.audit.services import audit_record
from athena.problems import Problem
from custody.healthcare.services import observation_level_set
from custody.models import (
    ArrestPlace,
    CustodyRecord,
    CustodySuite,
    EntryKind,
    Needs,
    ObservationLevel,
    PropertyItem,
    RecordStatus,
    RightsGiven,
    RiskAssessment,
)
from custody.models.booking import (
    RISK_QUESTIONS,
    Answer,
    LegalAdvice,
    pounds,
    recommended_level,
)
from custody.records.rules import is_in_future
from custody.records.services import (
    CustodyRuleBroken,
    contingency_rebuild_queue,
    custody_officer_required,
    entry_time_check,
    record_lock_open,
    timeline_entry_add,
)


def _clean(text):
    return (text or "").strip()


class PartsRefused(CustodyRuleBroken):
    """A page recording several things at once had some of them refused, and nothing was
    saved. ``by_part`` maps each refused part (a name, or a row's number) to its
    problems, each naming its field as the part's own service does."""

    def __init__(self, by_part):
        self.by_part = dict(by_part)
        super().__init__(*(problem for problems in self.by_part.values()
                           for problem in problems))


def _all_or_none(parts):
    """Run each ``(part, action)`` in one transaction and return their results by part:
    every one saved, or, if any is refused, none (PartsRefused with every refused
    part's problems, not only the first's)."""
    refused, results = {}, {}
    with transaction.atomic():
        for part, action in parts:
            try:
                with transaction.atomic():
                    results[part] = action()
            except CustodyRuleBroken as error:
                refused[part] = error.problems
        if refused:
            transaction.set_rollback(True)
    if refused:
        raise PartsRefused(refused)
    return results


def _next_custody_number(suite, year):
    prefix = f"{suite.code}-{year:02d}-"
    last = (CustodyRecord.objects.filter(custody_number__startswith=prefix)
            .order_by("-custody_number").values_list("custody_number", flat=True).first())
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def custody_book_in(*, acting_user, suite, person, arrested_at, arrived_at, arrest_place,
                    arresting_officer, grounds, offences=(), cell="",
                    arrest_place_kind=ArrestPlace.IN_AREA, entered_england_wales_at=None,
                    earlier_detention_minutes=0):
    """Open a custody record for a person brought to the suite. ``arrest_place_kind``,
    ``entered_england_wales_at`` and ``earlier_detention_minutes`` set the relevant time
    and what counts towards the limits (custody/detention/clock.py).

    Raises CustodyRuleBroken for an arrival before the arrest (unless the person attended
    voluntarily and was arrested at the station) or in the future, an arrest abroad
    without a time of entry between the arrest and the arrival, or a person already
    detained in any suite of the force.
    """
    _refuse_on_arrival_problems(arrested_at, arrived_at, arrest_place_kind,
                                entered_england_wales_at)
    if is_in_future(arrived_at):
        raise CustodyRuleBroken(Problem("in_future", "arrived_at", "The arrival at the "
                                        "station cannot be in the future."))
    year = timezone.localdate(arrived_at).year % 100
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _book_in(acting_user, suite, person, _next_custody_number(suite, year),
                                arrested_at=arrested_at, arrived_at=arrived_at,
                                arrest_place=arrest_place, arresting_officer=arresting_officer,
                                grounds=grounds, offences=offences, cell=cell,
                                arrest_place_kind=arrest_place_kind,
                                entered_england_wales_at=(entered_england_wales_at
                                                          if arrest_place_kind
                                                          == ArrestPlace.OUTSIDE_ENGLAND_WALES
                                                          else None),
                                earlier_detention_minutes=earlier_detention_minutes)
        except IntegrityError:
            continue  # another booking took the number: take the next
    raise IntegrityError("Could not allocate a custody number; try again.")


def _refuse_on_arrival_problems(arrested_at, arrived_at, kind, entered):
    if kind not in ArrestPlace.values:
        raise CustodyRuleBroken(Problem("arrest_place_unknown", "arrest_place_kind",
                                        "Select where the person was arrested."))
    if arrived_at < arrested_at and kind != ArrestPlace.AT_STATION:
        raise CustodyRuleBroken(Problem("arrival_before_arrest", "arrived_at", "The arrival "
                                        "at the station cannot be before the arrest, unless "
                                        "they attended voluntarily and were arrested here."))
    if kind == ArrestPlace.OUTSIDE_ENGLAND_WALES and (
            entered is None or not arrested_at <= entered <= arrived_at):
        raise CustodyRuleBroken(Problem(
            "entry_to_england_wales", "entered_england_wales_at",
            "Enter when they entered England and Wales: after the arrest and before the "
            "arrival here. The relevant time runs from it (PACE s.41(2)(b))."))


def _cell_problem(suite, cell):
    """Why ``cell`` cannot be given when the suite lists its cells: not one of them, or
    held by another open record of the suite; None when it can, or when no cell is given
    yet. (A suite that lists no cells has its cells typed, unchecked.) Locks the suite,
    so two bookings cannot both take the last free cell."""
    if not cell or not suite.cells:
        return None
    CustodySuite.objects.select_for_update().filter(pk=suite.pk).first()
    if cell not in suite.cells:
        return Problem("cell_unknown", "cell", f"{suite.name} has no cell {cell}: choose one "
                                               "of its free cells.")
    if CustodyRecord.objects.filter(suite=suite, cell=cell).exclude(
            status=RecordStatus.CLOSED).exists():
        return Problem("cell_taken", "cell", f"Cell {cell} is taken by another detainee: "
                                             "choose a free cell.")
    return None


def _book_in(acting_user, suite, person, custody_number, *, offences, **fields):
    already = CustodyRecord.objects.filter(
        person=person, suite__force=suite.force,
    ).exclude(status=RecordStatus.CLOSED).exists()
    if already:
        raise CustodyRuleBroken(Problem("already_in_custody", "", "This person is already in "
                                        "custody in this force."))
    cell_problem = _cell_problem(suite, _clean(fields.get("cell")))
    if cell_problem:
        raise CustodyRuleBroken(cell_problem)
    record = CustodyRecord.objects.create(suite=suite, custody_number=custody_number,
                                          person=person, **fields)
    record.offences.set(offences)
    timeline_entry_add(record, kind=EntryKind.BOOKED_IN, occurred_at=record.arrived_at,
                       by=acting_user, summary=f"Booked in at {suite.name}",
                       arresting_officer_id=record.arresting_officer.pk,
                       offences=[offence.cjs_code for offence in offences])
    contingency_rebuild_queue(record)
    audit_record(actor=acting_user, action="custody.record.opened", obj=record,
                 details={"suite": suite.code, "person_id": person.pk})
    return record


def _rights_problems(*, legal_advice, solicitor_name, someone_informed, informed_who,
                     interpreter_needed, interpreter_language):
    if legal_advice not in LegalAdvice.values:
        return [Problem("legal_advice_missing", "legal_advice",
                        "Choose whether the detainee wants legal advice.")]
    problems = []
    if legal_advice == LegalAdvice.WANTS_NAMED and not solicitor_name:
        problems.append(Problem("solicitor_missing", "solicitor_name",
                                "Enter the name of the solicitor the detainee wants."))
    if someone_informed and not informed_who:
        problems.append(Problem("informed_who_missing", "informed_who",
                                "Enter who the detainee wants informed."))
    if interpreter_needed and not interpreter_language:
        problems.append(Problem("interpreter_language_missing", "interpreter_language",
                                "Enter the language the interpreter is needed for."))
    return problems


def rights_record(*, acting_user, record, at, legal_advice, someone_informed,
                  solicitor_name="", informed_who="", wants_codes=False,
                  interpreter_needed=False, interpreter_language="",
                  appropriate_adult_needed=False, appropriate_adult_name="",
                  written_notice_given=False):
    """Record the rights given and the detainee's responses."""
    custody_officer_required(acting_user, record)
    solicitor_name, informed_who = _clean(solicitor_name), _clean(informed_who)
    interpreter_language = _clean(interpreter_language)
    appropriate_adult_name = _clean(appropriate_adult_name)
    problems = _rights_problems(
        legal_advice=legal_advice, solicitor_name=solicitor_name,
        someone_informed=someone_informed, informed_who=informed_who,
        interpreter_needed=interpreter_needed, interpreter_language=interpreter_language)
    if problems:
        raise CustodyRuleBroken(*problems)
    with transaction.atomic():
        locked = record_lock_open(record)
        entry_time_check(at, locked, "rights")
        rights = RightsGiven.objects.create(
            record=locked, at=at, given_by=acting_user, legal_advice=legal_advice,
            solicitor_name=solicitor_name if legal_advice == LegalAdvice.WANTS_NAMED else "",
            someone_informed=bool(someone_informed),
            informed_who=informed_who if someone_informed else "",
            wants_codes=bool(wants_codes), interpreter_needed=bool(interpreter_needed),
            interpreter_language=interpreter_language if interpreter_needed else "",
            appropriate_adult_needed=bool(appropriate_adult_needed),
            appropriate_adult_name=appropriate_adult_name if appropriate_adult_needed else "",
            written_notice_given=bool(written_notice_given))
        timeline_entry_add(locked, kind=EntryKind.RIGHTS, occurred_at=at, by=acting_user,
                           summary=rights_summary(rights), rights_id=rights.pk,
                           legal_advice=legal_advice)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.rights.recorded", obj=rights,
                     details={"record_id": locked.pk, "legal_advice": legal_advice})
    return rights


def rights_summary(rights):
    if rights.legal_advice == LegalAdvice.WANTS:
        parts = ["wants legal advice (duty solicitor)"]
    elif rights.legal_advice == LegalAdvice.WANTS_NAMED:
        parts = [f"wants legal advice ({rights.solicitor_name})"]
    else:
        parts = ["declines legal advice"]
    parts.append(f"someone informed: {rights.informed_who}" if rights.someone_informed
                 else "someone informed: no")
    parts.append("wants to read the Codes" if rights.wants_codes
                 else "does not want to read the Codes")
    parts.append(f"interpreter needed ({rights.interpreter_language})"
                 if rights.interpreter_needed else "no interpreter needed")
    if rights.appropriate_adult_needed:
        parts.append("appropriate adult needed" + (f" ({rights.appropriate_adult_name})"
                                                   if rights.appropriate_adult_name else ""))
    parts.append("written notice given" if rights.written_notice_given
                 else "written notice not given")
    return "Rights given: " + "; ".join(parts)


def _risk_levels(answers, level, level_reason):
    """(recommended, chosen) observation levels of the answers. Raises CustodyRuleBroken
    for a question not answered, a level that does not exist, or a level lower than
    recommended without a reason."""
    for question, label in RISK_QUESTIONS.items():
        if answers.get(question) not in Answer.values:
            raise CustodyRuleBroken(Problem("risk_question_unanswered", question,
                                            f"Answer '{label}': yes, no or not known."))
    recommended = recommended_level(answers)
    level = recommended if level in (None, "") else level
    if level not in ObservationLevel.values:
        raise CustodyRuleBroken(Problem("level_unknown", "level",
                                        "Choose an observation level from 1 to 4."))
    if level < recommended and not level_reason:
        raise CustodyRuleBroken(Problem(
            "level_reason_missing", "level_reason", f"The assessment recommends level "
            f"{recommended}: give the reason for choosing a lower level."))
    return recommended, level


def _risk_summary(answers, notes, recommended, level, level_reason):
    risks = [RISK_QUESTIONS[q].lower() + (f" ({_clean(notes.get(q))})" if notes.get(q)
                                          and _clean(notes.get(q)) else "")
             for q in RISK_QUESTIONS if answers[q] == Answer.YES]
    unknown = [RISK_QUESTIONS[q].lower() for q in RISK_QUESTIONS
               if answers[q] == Answer.NOT_KNOWN]
    summary = "Risk assessment: " + ("; ".join(risks) if risks else "no risks identified")
    if unknown:
        summary += f". Not known: {'; '.join(unknown)}"
    summary += f". Recommended level {recommended}; set at level {level}"
    if level_reason:
        summary += f": {level_reason}"
    return summary


def risk_assessment_record(*, acting_user, record, at, answers, notes=None, level=None,
                           level_reason=""):
    """Record the risk assessment and set the observation level.

    ``answers`` maps each question of RISK_QUESTIONS to yes, no or not_known. The level
    defaults to the recommended one; a higher one may be chosen, a lower one only with a
    reason.
    """
    custody_officer_required(acting_user, record)
    notes = notes or {}
    level_reason = _clean(level_reason)
    recommended, level = _risk_levels(answers, level, level_reason)
    with transaction.atomic():
        locked = record_lock_open(record)
        entry_time_check(at, locked, "risk assessment")
        assessment = RiskAssessment.objects.create(
            record=locked, at=at, assessed_by=acting_user, recommended_level=recommended,
            level=level, level_reason=level_reason,
            **{question: answers[question] for question in RISK_QUESTIONS},
            **{f"{question}_notes": _clean(notes.get(question)) for question in RISK_QUESTIONS})
        timeline_entry_add(locked, kind=EntryKind.RISK_ASSESSMENT, occurred_at=at,
                           by=acting_user,
                           summary=_risk_summary(answers, notes, recommended, level,
                                                 level_reason),
                           risk_assessment_id=assessment.pk, recommended_level=recommended,
                           level=level)
        previous = locked.observation_level
        if previous != level:
            reason = f"risk assessment recommends level {recommended}"
            if level_reason:
                reason += f"; {level_reason}"
            observation_level_set(acting_user=acting_user, locked=locked, level=level,
                                  reason=reason)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.risk_assessment.recorded",
                     obj=assessment, details={"record_id": locked.pk,
                                              "recommended_level": recommended,
                                              "level": level})
        if previous != level:
            audit_record(actor=acting_user, action="custody.observation_level.changed",
                         obj=locked, details={"from": previous, "to": level})
    return assessment


def _property_problems(description, quantity, cash_pence):
    problems = []
    if not description:
        problems.append(Problem("description_missing", "description",
                                "Describe the item of property."))
    if cash_pence is not None:
        if quantity is not None:
            problems.append(Problem("quantity_and_cash", "cash", "Enter a quantity or an "
                                    "amount of cash, not both."))
        elif not isinstance(cash_pence, int) or cash_pence < 1:
            problems.append(Problem("cash_out_of_range", "cash", "The cash must be more "
                                    "than £0.00."))
    elif not isinstance(quantity, int) or not 1 <= quantity <= 9999:
        problems.append(Problem("quantity_out_of_range", "quantity", "The quantity must be "
                                "a whole number from 1 to 9,999."))
    return problems


def property_item_record(*, acting_user, record, at, description, quantity=None,
                         cash_pence=None, bag_number="", signed_by_detainee=False,
                         refused_to_sign=False):
    """Record an item of the detainee's property: ``quantity`` of a thing (1 if neither
    is given), or ``cash_pence``, an amount of cash in pence; its sealed bag; whether the
    detainee signed for it or refused to. Raises CustodyRuleBroken for no description,
    a quantity outside 1 to 9,999, no cash, both a quantity and cash, or signed and
    refused at once."""
    custody_officer_required(acting_user, record)
    description, bag_number = _clean(description), _clean(bag_number)
    if quantity is None and cash_pence is None:
        quantity = 1
    problems = _property_problems(description, quantity, cash_pence)
    if signed_by_detainee and refused_to_sign:
        problems.append(Problem("signed_and_refused", "signature", "The detainee either "
                                "signed for the item or refused to sign, not both."))
    if problems:
        raise CustodyRuleBroken(*problems)
    with transaction.atomic():
        locked = record_lock_open(record)
        entry_time_check(at, locked, "property record")
        item = PropertyItem.objects.create(
            record=locked, at=at, description=description, quantity=quantity,
            cash_pence=cash_pence, bag_number=bag_number,
            signed_by_detainee=bool(signed_by_detainee),
            refused_to_sign=bool(refused_to_sign), recorded_by=acting_user)
        timeline_entry_add(locked, kind=EntryKind.PROPERTY, occurred_at=at, by=acting_user,
                           summary=property_summary(item), property_item_id=item.pk)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.property.recorded", obj=item,
                     details={"record_id": locked.pk})
    return item


def property_summary(item):
    """"Property: 2 × Black leather wallet, bag A123456; signed for by the detainee", or
    "Property: cash £12.40 ..."."""
    what = (f"cash {pounds(item.cash_pence)}" if item.cash_pence is not None
            else f"{item.quantity} × {item.description}")
    if item.cash_pence is not None and item.description.casefold() != "cash":
        what += f" ({item.description})"
    summary = f"Property: {what}"
    if item.bag_number:
        summary += f", bag {item.bag_number}"
    if item.refused_to_sign:
        return summary + "; the detainee refused to sign for it"
    return summary + ("; signed for by the detainee" if item.signed_by_detainee
                      else "; not signed for by the detainee")


def property_items_record(*, acting_user, record, at, items):
    """Record several items of property at ``at``, each as property_item_record takes
    it (a dict of its arguments): all of them, or none. Raises PartsRefused, by each
    refused item's position in ``items`` (from 0), when any is refused, and
    CustodyRuleBroken for no items at all."""
    custody_officer_required(acting_user, record)
    if not items:
        raise CustodyRuleBroken(Problem("property_missing", "", "Enter at least one item of "
                                        "property."))
    results = _all_or_none(
        (number, lambda item=item: property_item_record(acting_user=acting_user,
                                                        record=record, at=at, **item))
        for number, item in enumerate(items))
    return [results[number] for number in range(len(items))]


def needs_record(*, acting_user, record, at, diet="", religion="", medical=""):
    custody_officer_required(acting_user, record)
    diet, religion, medical = _clean(diet), _clean(religion), _clean(medical)
    if not (diet or religion or medical):
        raise CustodyRuleBroken(Problem("needs_missing", "diet", "Enter at least one need: "
                                        "diet, religion or medical."))
    with transaction.atomic():
        locked = record_lock_open(record)
        entry_time_check(at, locked, "needs record")
        needs = Needs.objects.create(record=locked, at=at, diet=diet, religion=religion,
                                     medical=medical, recorded_by=acting_user)
        parts = [f"{label}: {value}" for label, value in
                 (("diet", diet), ("religion", religion), ("medical", medical)) if value]
        timeline_entry_add(locked, kind=EntryKind.NEEDS, occurred_at=at, by=acting_user,
                           summary="Needs: " + "; ".join(parts), needs_id=needs.pk)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.needs.recorded", obj=needs,
                     details={"record_id": locked.pk})
    return needs


def rights_risk_needs_record(*, acting_user, record, rights, risk_assessment, needs):
    """Record the rights given, the risk assessment and the needs from one page, each
    the keyword arguments of its own service (rights_record, risk_assessment_record,
    needs_record): all three, or none. Raises PartsRefused, by "rights",
    "risk_assessment" and "needs", with every refused part's problems."""
    custody_officer_required(acting_user, record)
    results = _all_or_none((
        ("rights", lambda: rights_record(acting_user=acting_user, record=record, **rights)),
        ("risk_assessment", lambda: risk_assessment_record(
            acting_user=acting_user, record=record, **risk_assessment)),
        ("needs", lambda: needs_record(acting_user=acting_user, record=record, **needs)),
    ))
    return results["rights"], results["risk_assessment"], results["needs"]
