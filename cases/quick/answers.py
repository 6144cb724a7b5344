"""A quick file's answers: what the officer told (``forms.QuickFileForm``), with what the
app already knows, as the answers of the file's sections and parts.

Each answer the officer did not type carries where it came from (``Derived``): the
custody record, the person's record, the force, the offence, the file rules, or the
answer nearly every case of this kind gives. The check page shows each with that source,
so the officer reads what was filled in for them and changes what is wrong.

Pure: no database. ``services.quick_file_create`` stores the result through the same
services as the long route, keeping only the answers the file rules ask for.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from cases.constants import BailStatus, CaseBegins, Plea
from cases.known import (
    NO_PNC_RECORD,
    USUAL_HEARING_TIME,
    Source,
    first_hearing_day,
    is_welsh_force,
    station_court,
)
from cases.parts import local_moment
from cases.quick.forms import Outcome
from cases.sections import PartKind, SectionKind


@dataclass
class FileAnswers:
    """Everything a quick file stores, with the source of each answer it filled in."""

    case: dict  # services.case_create's details
    plea: str
    offence: dict  # the charged offence's own columns
    defendant: dict
    statement: dict
    sections: dict  # {kind: {field: value}}
    # {(kind, field): source} for each answer filled in rather than typed; kind is a
    # section kind, "defendant", "offence" or the statements'.
    derived: dict = field(default_factory=dict)

    def fill(self, kind, name, value, source):
        target = self._answers_of(kind)
        target[name] = value
        self.derived[(kind, name)] = source

    def _answers_of(self, kind):
        if kind == PartKind.DEFENDANT:
            return self.defendant
        if kind == PartKind.OFFENCE:
            return self.offence
        if kind == SectionKind.WITNESS_STATEMENTS:
            return self.statement
        return self.sections.setdefault(kind, {})


@dataclass(frozen=True)
class Known:
    """What the app knows before the officer says anything."""

    force_code: str
    today: object  # date
    team: str = ""  # the officer's team, which names their station
    custody: object = None  # custody.selectors.CustodyForCase
    person_has_pnc_record: bool = False
    offence_title: str = ""
    mode_of_trial: str = ""


def _money(value):
    return f"{value:.2f}"


def _owner(place):
    """Whose the property was: the shop's name, the first part of its name and address."""
    return str(place).split(",")[0].strip()


def _day(value):
    return value.strftime("%d/%m/%Y")


def _interview_evidence(data, who):
    kind = data["interview_type"]
    if kind == "full_account" and data["anticipated_plea"] == Plea.GUILTY:
        return "admitted it in interview"
    if kind in ("full_account", "prepared_statement"):
        return "the suspect's account in interview (see the case summary)"
    return f"inferred from what was done: the statement of {who}"


def file_answers(crime, data, known):
    """The FileAnswers of a quick file of ``crime`` (a crimes.VolumeCrime, or None for
    another offence) from the form's cleaned ``data`` and what is ``known``."""
    plea = data["anticipated_plea"]
    outcome = data["outcome"]
    charged = outcome in Outcome.CHARGED
    custody = known.custody
    answers = FileAnswers(case={}, plea=plea, offence={}, defendant={}, statement={},
                          sections={})
    answers.case = _case_details(data, custody, outcome)
    witness = data["witness_name"]
    values = {"place": data["place"], "owner": _owner(data["place"]),
              "goods": data.get("goods") or "", "value": _money(data["value"])
              if data.get("value") is not None else "",
              "victim": witness, "witness": witness, "reading": data.get("reading") or "",
              "interview": _interview_evidence(data, witness)}
    _offence(answers, crime, data, values)
    _defendant(answers, crime, data, known, charged, outcome)
    _statement(answers, crime, data, known)
    _case_summary(answers, data, custody)
    _charge(answers, data, known, outcome, plea)
    _previous_convictions(answers, data, known)
    _for_the_cps(answers, crime, data, values)
    _charge_rationale(answers, data, known, plea)
    if crime is not None and crime.asks_victim:
        _victim_personal_statement(answers, data)
    if outcome == Outcome.REMAND:
        _remand(answers, data, known)
    _charging_report(answers, data, values, known)
    if plea in (Plea.NOT_GUILTY, Plea.NOT_KNOWN):
        answers.sections[SectionKind.STREAMLINED_DISCLOSURE] = {
            "material": data["unused_material"],
            "certified": "yes" if data.get("disclosure_certified") else ""}
    return answers


def _case_details(data, custody, outcome):
    if custody is not None:
        arrested_at = custody.arrested_at
    else:
        arrested_at = local_moment(data["arrest_date"].isoformat(), data["arrest_time"])
    return {
        "case_begins": CaseBegins.POSTAL_REQUISITION if outcome == Outcome.REQUISITION
        else CaseBegins.CHARGE,
        "bail_status": {Outcome.BAIL: BailStatus.UNCONDITIONAL_BAIL,
                        Outcome.CONDITIONAL_BAIL: BailStatus.CONDITIONAL_BAIL,
                        Outcome.REMAND: BailStatus.REMAND}.get(outcome,
                                                               BailStatus.NOT_APPLICABLE),
        "arrested_at": arrested_at,
        "custody_record_id": custody.record_id if custody else None,
        "loss_value": data.get("value"),
    }


def _offence(answers, crime, data, values):
    answers.offence.update(anticipated_plea=answers.plea, offence_date=data["offence_date"])
    if crime is not None:
        answers.fill(PartKind.OFFENCE, "wording", crime.wording.format(**values),
                     Source.OFFENCE)
        answers.fill(PartKind.OFFENCE, "points_to_prove",
                     "\n".join(line.format(**values) for line in crime.points_to_prove),
                     Source.OFFENCE)
    else:
        answers.offence.update(wording=data["particulars"],
                               points_to_prove=data["points_to_prove"])
    answers.fill(PartKind.OFFENCE, "committed_on_bail", False, Source.USUAL)


def _defendant(answers, crime, data, known, charged, outcome):
    defendant = PartKind.DEFENDANT
    moment = timezone.localtime(answers.case["arrested_at"])
    arrest_source = Source.CUSTODY if known.custody else None
    for name, value in (("arrest_date", moment.date().isoformat()),
                        ("arrest_time", moment.strftime("%H:%M"))):
        if arrest_source:
            answers.fill(defendant, name, value, arrest_source)
        else:
            answers.defendant[name] = value
    if data.get("occupation"):
        answers.defendant["occupation"] = data["occupation"]
    else:
        answers.fill(defendant, "occupation", "Not known", Source.USUAL)
    for name in ("foreign_national_offender", "has_eec_passports", "breach_of_order"):
        answers.fill(defendant, name, "no", Source.USUAL)
    language = known.custody.interpreter_language if known.custody else ""
    if language:
        answers.fill(defendant, "interpreter_required", "yes", Source.CUSTODY)
        answers.fill(defendant, "interpreter_language", language, Source.CUSTODY)
    else:
        answers.fill(defendant, "interpreter_required", "no",
                     Source.CUSTODY if known.custody else Source.USUAL)
    if is_welsh_force(known.force_code):
        answers.defendant["dealt_with_in_welsh"] = data["welsh"]
    else:
        answers.fill(defendant, "dealt_with_in_welsh", "no", Source.FORCE)
    if answers.plea != Plea.GUILTY:
        answers.fill(defendant, "cc_not_suitable_reason", "offence_not_admitted", Source.PLEA)
    elif known.person_has_pnc_record:
        answers.fill(defendant, "cc_not_suitable_reason",
                     "reoffending_risk_offending_history", Source.PERSON)
    else:
        answers.fill(defendant, "cc_not_suitable_reason", "conditional_caution_not_considered",
                     Source.USUAL)
    answers.fill(defendant, "court_order_application", _order_sought(crime, data),
                 Source.PLEA)
    answers.fill(defendant, "given_charges", "yes", Source.USUAL)
    if charged:
        answers.fill(defendant, "signed_charge_sheet", "yes", Source.USUAL)
    if outcome in (Outcome.BAIL, Outcome.CONDITIONAL_BAIL):
        answers.fill(defendant, "signed_for_bail", "yes", Source.USUAL)


def _order_sought(crime, data):
    """The order the prosecutor applies for on conviction, as the offence and what was
    lost make possible: compensation for property not recovered or damaged, forfeiture
    of drugs, disqualification for drink-driving; otherwise none."""
    if crime is None:
        return "no_orders_required"
    if crime.asks_reading:
        return "obligatory_driving_disqualification"
    if crime.cjs_code == "MD71530":
        return "forfeiture_and_destruction_of_drugs_order"
    if crime.asks_property and (data.get("recovered") != "yes" or crime.cjs_code == "CD71039"):
        return "compensation_order"
    return "no_orders_required"


def _statement(answers, crime, data, known):
    kind = SectionKind.WITNESS_STATEMENTS
    victim = crime is not None and crime.asks_victim
    answers.statement.update(
        witness_name=data["witness_name"], witness_role="victim" if victim else "witness",
        statement=data["statement"],
        witness_under_18="yes" if data.get("witness_under_18") else "no")
    if data.get("statement_date"):
        answers.statement["statement_date"] = data["statement_date"].isoformat()
    else:
        answers.fill(kind, "statement_date", known.today.isoformat(), Source.TODAY)
    if victim:
        answers.fill(kind, "involvement", "The victim", Source.TOLD)
    else:
        answers.statement["involvement"] = data.get("witness_involvement") or ""
    answers.fill(kind, "declaration", "yes", Source.USUAL)
    answers.fill(kind, "witness_type", "eye", Source.USUAL)
    answers.fill(kind, "visually_recorded_interview", "no", Source.USUAL)


def _remand(answers, data, known):
    answers.sections[SectionKind.REMAND_APPLICATION] = {
        "grounds": data["remand_grounds"], "reasons": data["remand_reasons"],
        "conditions_considered": data["remand_conditions"]}
    answers.sections.setdefault(SectionKind.EVIDENCE_FOR_PROSECUTOR, {})[
        "witness_intimidation"] = data["witness_intimidation"]
    kind = SectionKind.PREVIOUS_CONVICTIONS
    if known.person_has_pnc_record:
        answers.sections.setdefault(kind, {})["bail_history"] = data["bail_history"]
    else:
        answers.fill(kind, "bail_history", NO_PNC_RECORD, Source.PERSON)


def _charging_report(answers, data, values, known):
    """The report for a charging decision (MG3), kept only where the CPS decides the
    charge: the evidence as told, and the charge the officer asks for."""
    kind = SectionKind.CHARGING_REPORT
    evidence = (f"{data['summary']}\n\nThe statement of {data['witness_name']}. "
                f"Interview: {values['interview']}.")
    answers.fill(kind, "evidence_summary", evidence, Source.TOLD)
    answers.fill(kind, "decision_sought", f"Charge: {known.offence_title or 'the offence'}",
                 Source.TOLD)
    if data.get("lines_of_enquiry"):
        answers.sections[kind]["lines_of_enquiry"] = data["lines_of_enquiry"]


def _victim_personal_statement(answers, data):
    offered = data["vps"] in ("made", "declined")
    answers.sections[SectionKind.VICTIM_PERSONAL_STATEMENT] = {
        "victims_code_met": "yes" if data.get("victims_code_met") else "no",
        "vps_offered": "yes" if offered else "no",
        "vps_made": "yes" if data["vps"] == "made" else "no",
        "victim_wish_to_attend_court": data.get("vps_reading") or ""}


INTERVIEW_TEXT_FIELD = {"full_account": "interview_summary",
                        "prepared_statement": "interview_summary",
                        "no_comment": "questions_asked",
                        "not_interviewed": "not_interviewed_reason"}


def _case_summary(answers, data, custody):
    kind = SectionKind.CASE_SUMMARY
    summary = data["summary"]
    if data.get("offence_time"):
        summary = (f"At about {data['offence_time']} on {_day(data['offence_date'])} at "
                   f"{data['place']}: {summary}")
    interview = data["interview_type"]
    answers.sections[kind] = {"summary": summary, "interview_type": interview,
                              INTERVIEW_TEXT_FIELD[interview]: data["interview_account"]}
    if interview == "not_interviewed":
        return
    answers.fill(kind, "interview_date", answers.defendant["arrest_date"], Source.USUAL)
    solicitor = data.get("solicitor_name") or (custody.solicitor_name if custody else "")
    if data.get("solicitor_name"):
        answers.sections[kind].update(legally_represented="yes",
                                      solicitor_name=data["solicitor_name"],
                                      solicitor_firm=data["solicitor_firm"])
    elif solicitor:
        answers.fill(kind, "legally_represented", "yes", Source.CUSTODY)
        answers.fill(kind, "solicitor_name", solicitor, Source.CUSTODY)
    else:
        answers.fill(kind, "legally_represented", "no",
                     Source.CUSTODY if custody else Source.TOLD)
    answers.fill(kind, "special_warnings_given", "no", Source.USUAL)


def _charge(answers, data, known, outcome, plea):
    if outcome == Outcome.REQUISITION:
        kind = SectionKind.REQUISITION
        answers.fill(kind, "requisition_date", known.today.isoformat(), Source.TODAY)
        answers.fill(kind, "requisition_sent_on", known.today.isoformat(), Source.TODAY)
        charge_day = known.today
    else:
        kind = SectionKind.CHARGES
        charged_at = known.custody.charged_at if known.custody else None
        charge_day = timezone.localtime(charged_at).date() if charged_at else known.today
        answers.fill(kind, "charge_date", charge_day.isoformat(),
                     Source.CUSTODY if charged_at else Source.TODAY)
        answers.sections[kind]["reply_to_charge"] = data["reply_to_charge"]
        if outcome == Outcome.CONDITIONAL_BAIL:
            answers.sections[kind]["bail_conditions"] = data["bail_conditions"]
    hearing = first_hearing_day(charge_day, plea, remanded=outcome == Outcome.REMAND)
    if hearing is not None:
        answers.fill(kind, "first_hearing_date", hearing.isoformat(), Source.RULES)
    answers.fill(kind, "first_hearing_time", USUAL_HEARING_TIME, Source.USUAL)
    court = station_court(known.force_code, team=known.team,
                          custody_suite=known.custody.suite_name if known.custody else "")
    if court is not None:
        answers.fill(kind, "court", court.unit_text, Source.STATION)


def _previous_convictions(answers, data, known):
    kind = SectionKind.PREVIOUS_CONVICTIONS
    answers.fill(kind, "pnc_check_performed", "yes", Source.USUAL)
    if known.person_has_pnc_record:
        answers.sections[kind]["pnc_convictions"] = data["previous_convictions"]
    else:
        answers.fill(kind, "pnc_convictions", NO_PNC_RECORD, Source.PERSON)


def _for_the_cps(answers, crime, data, values):
    kind = SectionKind.CPS_DETAILS
    if crime is not None and crime.asks_property:
        damage = crime.cjs_code == "CD71039"
        answers.fill(kind, "property", f"{values['goods']}, £{values['value']}", Source.TOLD)
        if damage:
            answers.fill(kind, "property_outcome", "damaged", Source.OFFENCE)
            answers.fill(kind, "property_damage", values["goods"], Source.TOLD)
            answers.fill(kind, "property_damage_cost", values["value"], Source.TOLD)
        elif data.get("recovered") == "yes":
            answers.fill(kind, "property_outcome", "stolen_recovered", Source.TOLD)
            answers.fill(kind, "property_recovered_from", "From the suspect", Source.USUAL)
        else:
            answers.fill(kind, "property_outcome", "stolen_not_recovered", Source.TOLD)
    answers.fill(kind, "test_code", "full_code_test", Source.USUAL)
    answers.fill(kind, "pca_cps", "no", Source.USUAL)
    answers.fill(kind, "expert_evidence", "no", Source.USUAL)


def _charge_rationale(answers, data, known, plea):
    """Why the police charged: the Director's Guidance lets the police charge this
    offence with this plea; the check page shows it for the officer to put in their own
    words where the case needs more."""
    plea_text = {Plea.GUILTY: "an anticipated guilty plea",
                 Plea.NOT_GUILTY: "an anticipated not guilty plea"}.get(
        plea, "the plea not yet known")
    mode = f" ({known.mode_of_trial.replace('_', ' ')})" if known.mode_of_trial else ""
    text = (f"{known.offence_title or 'The offence'}{mode}, with {plea_text}: the police may "
            "charge it under the Director's Guidance on Charging. The Full Code Test is met "
            f"on the statement of {data['witness_name']} and the interview.")
    answers.fill(SectionKind.EVIDENCE_FOR_PROSECUTOR, "charge_rationale", text, Source.RULES)
