"""Demo case files for the quick start, built through the services as an officer would."""

from datetime import timedelta

from django.utils import timezone

from athena.offences.selectors import offence_get_by_code
from athena.people.models import Person
from cases import rules, selectors, services
from cases.constants import BailStatus, Marker, Plea, Venue
from cases.cps import services as cps_services
from cases.models import CaseFile, CaseStatus, ParticipantRole
from cases.parties import services as parties
from cases.review import services as review_services
from cases.review.selectors import sections_under_review
from cases.sections import SectionKind

# (suspect surname, offence code, plea, bail, markers, days since the offence)
DEMO_CASES = [
    ("SMITH", "TH68010", Plea.GUILTY, BailStatus.UNCONDITIONAL_BAIL, [], 3),
    ("KHAN", "CJ88116", Plea.NOT_GUILTY, BailStatus.CONDITIONAL_BAIL,
     [Marker.DOMESTIC_ABUSE], 10),
    ("MURPHY", "CJ67002", Plea.GUILTY, BailStatus.UNCONDITIONAL_BAIL, [], 160),
]


def seed_demo_cases(*, officer):
    """Create the demo files once for this officer; returns how many were created."""
    if CaseFile.objects.filter(officer_in_case=officer).exists():
        return 0
    created = 0
    for surname, code, plea, bail, markers, days_ago in DEMO_CASES:
        offence = offence_get_by_code(code)
        person = Person.objects.filter(surname__iexact=surname).order_by("pk").first()
        if offence is None or person is None:
            continue  # the offences or people are not loaded: nothing to build on
        case = services.case_create(acting_user=officer, person=person,
                                    offences=[(offence, plea)], bail_status=bail,
                                    markers=[str(m) for m in markers])
        parties.charged_offence_update(
            acting_user=officer, case=case, charged=case.suspects.get().offences.get(),
            offence_date=timezone.localdate() - timedelta(days=days_ago))
        created += 1
    return created


# --- Files further along: one awaiting review, one with the CPS ----------------------

def _demo_answers(suspect_name):
    today = timezone.localdate()
    return {
        SectionKind.CASE_SUMMARY: {
            "summary": f"{suspect_name} took two bottles of gin worth £40 from Tesco, "
                       "Chelmsford, and left without paying. The store detective stopped "
                       "him outside.",
            "interview_type": "full_account",
            "interview_summary": "He admitted taking the gin to sell and apologised.",
            "interview_date": (today - timedelta(days=2)).isoformat(),
            "legally_represented": "no", "special_warnings_given": "no"},
        SectionKind.EVIDENCE_FOR_PROSECUTOR: {
            "charge_rationale": "Full admission, CCTV and a store witness; loss under £200; "
                                "anticipated guilty plea."},
        SectionKind.CHARGES: {
            "charge_date": (today - timedelta(days=2)).isoformat(),
            "reply_to_charge": "Sorry.",
            "first_hearing_date": (today + timedelta(days=12)).isoformat(),
            "first_hearing_time": "10:00",
            "court": "Magistrates' Courts, Essex, Chelmsford, A"},
        SectionKind.PREVIOUS_CONVICTIONS: {"pnc_check_performed": "yes",
                                           "pnc_convictions": "None"},
        SectionKind.CPS_DETAILS: {
            "property": "2 bottles of gin, £40", "property_outcome": "stolen_recovered",
            "property_recovered_from": "The suspect, outside the store",
            "test_code": "full_code_test", "pca_cps": "no", "expert_evidence": "no"},
    }


DEMO_DEFENDANT = {
    "occupation": "Unemployed", "foreign_national_offender": "no",
    "has_eec_passports": "no", "interpreter_required": "no",
    "dealt_with_in_welsh": "no", "breach_of_order": "no",
    "cc_not_suitable_reason": "offence_not_one_in_dpps_guidance_for_conditional_caution",
    "court_order_application": "no_orders_required", "given_charges": "yes",
    "signed_charge_sheet": "yes", "signed_for_bail": "yes",
}


DEMO_WITNESS = {
    "witness_name": "Joanne Bell", "statement": "I am the store detective at Tesco, "
    "Chelmsford. I saw the man put two bottles of gin in his coat and leave without paying.",
    "declaration": "yes", "witness_role": "witness", "witness_type": "eye",
    "involvement": "Store detective who stopped the suspect",
    "visually_recorded_interview": "no",
}


def _complete_shoplift(*, officer, person):
    """A shoplift file completed through the services as the officer would."""
    offence = offence_get_by_code("TH68010")
    case = services.case_create(acting_user=officer, person=person,
                                offences=[(offence, Plea.GUILTY)],
                                bail_status=BailStatus.UNCONDITIONAL_BAIL)
    case = services.case_update_details(
        acting_user=officer, case=case, expected_version=case.version,
        likely_venue=Venue.MAGISTRATES, arrested_at=timezone.now() - timedelta(days=2))
    parties.charged_offence_update(
        acting_user=officer, case=case, charged=case.suspects.get().offences.get(),
        offence_date=timezone.localdate() - timedelta(days=2),
        wording="at Tesco, High Street, Chelmsford stole 2 bottles of gin to the value of £40 "
                "belonging to Tesco Stores Ltd",
        points_to_prove="Appropriated: CCTV and the store detective. Dishonesty: admitted.",
        committed_on_bail=False)
    parties.participant_add(acting_user=officer, case=case, role=ParticipantRole.WITNESS,
                             name=DEMO_WITNESS["witness_name"])
    statement = dict(DEMO_WITNESS, statement_date=(timezone.localdate()
                                                   - timedelta(days=2)).isoformat())
    suspect = case.suspects.get()
    parties.defendant_answers_save(acting_user=officer, case=case, suspect=suspect,
                                   answers=DEMO_DEFENDANT, expected_version=suspect.version)
    for kind, data in _demo_answers(person.full_name).items():
        services.section_save(acting_user=officer, case=case, kind=kind, data=data,
                              expected_version=0)
    services.section_item_save(acting_user=officer, case=case,
                               kind=SectionKind.WITNESS_STATEMENTS, data=statement)
    return case


def _submit_and_check(*, officer, case):
    """Submit, and run the worker's check and bundle here: the worker is not up yet."""
    from athena.jobs.tasks import run_job

    submission = services.case_submit(acting_user=officer, case=case)
    run_job(submission.job_id)


def seed_demo_files_in_review(*, officer, supervisor):
    """Two complete shoplift files: one awaiting the supervisor's review, one approved and
    sent to the CPS, awaiting the lawyer's decision. Once only; returns how many."""
    if CaseFile.objects.filter(officer_in_case=officer).exclude(
            status=CaseStatus.DRAFT).exists():
        return 0
    people = [Person.objects.filter(forenames=forenames, surname=surname).order_by("pk").first()
              for forenames, surname in (("Jon", "Smyth"), ("Liam", "Ward"))]
    if offence_get_by_code("TH68010") is None or None in people:
        return 0
    awaiting, with_cps = (_complete_shoplift(officer=officer, person=person)
                          for person in people)
    for case in (awaiting, with_cps):
        _submit_and_check(officer=officer, case=case)
    fresh = selectors.case_get(pk=with_cps.pk)
    for kind in sections_under_review(fresh, rules.evaluate(selectors.case_facts(fresh))):
        review_services.section_approve(acting_user=supervisor, case=with_cps, kind=kind)
    review_services.case_review_complete(acting_user=supervisor, case=with_cps)
    with_cps.refresh_from_db()
    cps_services.case_send_to_cps(acting_user=supervisor, case=with_cps)
    return 2
