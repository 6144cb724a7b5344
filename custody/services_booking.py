"""Writes for booking in (DOMAIN.md 2.1, 2.3, 2.4): rights given, the risk assessment
that sets the observation level, property and needs. Each runs in one transaction with
its timeline entry (plain words) and its audit event (ids and codes only)."""

from django.db import transaction

from athena.audit.services import audit_record
from custody.models import (
    EntryKind,
    Needs,
    ObservationLevel,
    PropertyItem,
    RightsGiven,
    RiskAssessment,
)
from custody.models.booking import RISK_QUESTIONS, Answer, LegalAdvice, recommended_level
from custody.services import CustodyRuleBroken, _entry
from custody.services_healthcare import (
    _check_time,
    _must_run_custody,
    _open_locked,
    observation_level_change,
)


def _clean(text):
    return (text or "").strip()


def rights_record(*, acting_user, record, at, legal_advice, someone_informed,
                  solicitor_name="", informed_who="", wants_codes=False,
                  interpreter_needed=False, interpreter_language="",
                  appropriate_adult_needed=False, appropriate_adult_name="",
                  written_notice_given=False):
    """Record the rights given and the detainee's responses."""
    _must_run_custody(acting_user, record)
    if legal_advice not in LegalAdvice.values:
        raise CustodyRuleBroken("Choose whether the detainee wants legal advice.")
    solicitor_name, informed_who = _clean(solicitor_name), _clean(informed_who)
    interpreter_language = _clean(interpreter_language)
    appropriate_adult_name = _clean(appropriate_adult_name)
    if legal_advice == LegalAdvice.WANTS_NAMED and not solicitor_name:
        raise CustodyRuleBroken("Enter the name of the solicitor the detainee wants.")
    if someone_informed and not informed_who:
        raise CustodyRuleBroken("Enter who the detainee wants informed.")
    if interpreter_needed and not interpreter_language:
        raise CustodyRuleBroken("Enter the language the interpreter is needed for.")
    with transaction.atomic():
        locked = _open_locked(record)
        _check_time(at, locked, "rights")
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
        _entry(locked, kind=EntryKind.RIGHTS, occurred_at=at, by=acting_user,
               summary=rights_summary(rights), rights_id=rights.pk,
               legal_advice=legal_advice)
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


def risk_assessment_record(*, acting_user, record, at, answers, notes=None, level=None,
                           level_reason=""):
    """Record the risk assessment and set the observation level.

    ``answers`` maps each question of RISK_QUESTIONS to yes, no or not_known. The level
    defaults to the recommended one; a higher one may be chosen, a lower one only with a
    reason.
    """
    _must_run_custody(acting_user, record)
    notes = notes or {}
    for question, label in RISK_QUESTIONS.items():
        if answers.get(question) not in Answer.values:
            raise CustodyRuleBroken(f"Answer '{label}': yes, no or not known.")
    recommended = recommended_level(answers)
    level = recommended if level in (None, "") else level
    if level not in ObservationLevel.values:
        raise CustodyRuleBroken("Choose an observation level from 1 to 4.")
    level_reason = _clean(level_reason)
    if level < recommended and not level_reason:
        raise CustodyRuleBroken(f"The assessment recommends level {recommended}: give the "
                                "reason for choosing a lower level.")
    with transaction.atomic():
        locked = _open_locked(record)
        _check_time(at, locked, "risk assessment")
        assessment = RiskAssessment.objects.create(
            record=locked, at=at, assessed_by=acting_user, recommended_level=recommended,
            level=level, level_reason=level_reason,
            **{question: answers[question] for question in RISK_QUESTIONS},
            **{f"{question}_notes": _clean(notes.get(question)) for question in RISK_QUESTIONS})
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
        _entry(locked, kind=EntryKind.RISK_ASSESSMENT, occurred_at=at, by=acting_user,
               summary=summary, risk_assessment_id=assessment.pk,
               recommended_level=recommended, level=level)
        audit_record(actor=acting_user, action="custody.risk_assessment.recorded",
                     obj=assessment, details={"record_id": locked.pk,
                                              "recommended_level": recommended,
                                              "level": level})
        if locked.observation_level != level:
            reason = f"risk assessment recommends level {recommended}"
            if level_reason:
                reason += f"; {level_reason}"
            observation_level_change(acting_user=acting_user, record=locked, level=level,
                                     reason=reason)
    return assessment


def property_item_record(*, acting_user, record, at, description, quantity=1, bag_number="",
                         signed_by_detainee=False):
    _must_run_custody(acting_user, record)
    description, bag_number = _clean(description), _clean(bag_number)
    if not description:
        raise CustodyRuleBroken("Describe the item of property.")
    if not isinstance(quantity, int) or not 1 <= quantity <= 9999:
        raise CustodyRuleBroken("The quantity must be a whole number from 1 to 9,999.")
    with transaction.atomic():
        locked = _open_locked(record)
        _check_time(at, locked, "property record")
        item = PropertyItem.objects.create(
            record=locked, at=at, description=description, quantity=quantity,
            bag_number=bag_number, signed_by_detainee=bool(signed_by_detainee),
            recorded_by=acting_user)
        summary = f"Property: {quantity} × {description}"
        if bag_number:
            summary += f", bag {bag_number}"
        summary += ("; signed for by the detainee" if item.signed_by_detainee
                    else "; not signed for by the detainee")
        _entry(locked, kind=EntryKind.PROPERTY, occurred_at=at, by=acting_user,
               summary=summary, property_item_id=item.pk)
        audit_record(actor=acting_user, action="custody.property.recorded", obj=item,
                     details={"record_id": locked.pk})
    return item


def needs_record(*, acting_user, record, at, diet="", religion="", medical=""):
    _must_run_custody(acting_user, record)
    diet, religion, medical = _clean(diet), _clean(religion), _clean(medical)
    if not (diet or religion or medical):
        raise CustodyRuleBroken("Enter at least one need: diet, religion or medical.")
    with transaction.atomic():
        locked = _open_locked(record)
        _check_time(at, locked, "needs record")
        needs = Needs.objects.create(record=locked, at=at, diet=diet, religion=religion,
                                     medical=medical, recorded_by=acting_user)
        parts = [f"{label}: {value}" for label, value in
                 (("diet", diet), ("religion", religion), ("medical", medical)) if value]
        _entry(locked, kind=EntryKind.NEEDS, occurred_at=at, by=acting_user,
               summary="Needs: " + "; ".join(parts), needs_id=needs.pk)
        audit_record(actor=acting_user, action="custody.needs.recorded", obj=needs,
                     details={"record_id": locked.pk})
    return needs
