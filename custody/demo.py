"""The demo custody suite and its three detainees, each booked in and looked after
through the services, as the custody sergeant would: detention authorised, rights,
the risk assessment (which sets the observation level), a medication plan of three
medicines with a dose already given, an HCP direction, and checks.

The detainees are found on the people index by name, and put on it (as a sergeant
would, through the people service) when the demo people do not include them: the seed
of demo people draws most names at random, and "Okafor" is not among them, which is
why the suite once had two detainees instead of three. Running the seed again books in
no one twice.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from athena.people.models import Gender, Person
from athena.people.services import person_create
from custody.authorisations.services import custody_authorise_detention
from custody.booking.services import custody_book_in, rights_record, risk_assessment_record
from custody.healthcare.services import (
    check_record,
    hcp_direction_acknowledge,
    hcp_direction_record,
)
from custody.medication.services import dose_record, medication_plan_add
from custody.models import (
    ControlledDrugSchedule,
    CustodyRecord,
    CustodySuite,
    DirectionKind,
    DoseOutcome,
    HcpRole,
)
from custody.models.booking import RISK_QUESTIONS, Answer, LegalAdvice

FORENSIC_PHYSICIAN = "Dr Adaeze Mensah"
NURSE = "Nurse Grace Bello"
DOSE_WITNESS = "DO Lee Hart (detention officer)"


@dataclass(frozen=True)
class DemoDetainee:
    forenames: str
    surname: str
    born: date
    hours_in_custody: int
    cell: str
    risks: dict  # risk question: notes, for each "yes"
    set_time_medicine: tuple  # (drug, strength, dose, ["HH:MM", ...])
    controlled_medicine: tuple  # (drug, strength, dose, minimum hours apart, most in 24 h)
    # Minutes after the plan starts that the as-needed and the controlled medicine were
    # given (None: not yet).
    as_needed_given: int | None = None
    controlled_given: int | None = None
    checks_minutes_ago: tuple = ()  # at level 2 and above, each with the rousing check
    direction: dict = field(default_factory=dict)  # hcp_direction_record's fields


DEMO_DETAINEES = (
    DemoDetainee(
        forenames="Stephen", surname="Taylor", born=date(1959, 3, 18), hours_in_custody=2,
        cell="C1",
        risks={"medical_conditions": "High blood pressure; takes amlodipine every morning."},
        set_time_medicine=("Amlodipine", "5 mg", "One tablet", ["08:00"]),
        controlled_medicine=("Diazepam", "5 mg", "One tablet", 8, 3),
        as_needed_given=5, controlled_given=10, checks_minutes_ago=(25,),
        direction={"hcp_name": FORENSIC_PHYSICIAN, "hcp_role": HcpRole.FORENSIC_PHYSICIAN,
                   "kind": DirectionKind.FIT_TO_DETAIN, "minutes_after_arrival": 45,
                   "text": "Fit to be detained. Blood pressure 150/95: give his own "
                           "amlodipine at 08:00.", "acknowledge": True}),
    DemoDetainee(
        forenames="Krzysztof", surname="Nowak", born=date(2005, 2, 7), hours_in_custody=7,
        cell="C3",
        risks={"drug_or_alcohol_intoxication": "Smells strongly of alcohol; unsteady on "
                                               "his feet.",
               "head_injury": "Cut above the left eye after a fall in the street; says he "
                              "hit his head on the kerb."},
        set_time_medicine=("Omeprazole", "20 mg", "One capsule", ["08:00"]),
        controlled_medicine=("Chlordiazepoxide", "10 mg", "One capsule", 6, 4),
        as_needed_given=5, controlled_given=10, checks_minutes_ago=(80, 50),
        direction={"hcp_name": NURSE, "hcp_role": HcpRole.NURSE,
                   "kind": DirectionKind.REASSESS_WITHIN, "minutes_ago": 180,
                   "reassess_within": 240,
                   "text": "Head injury: rouse and check every 30 minutes. Call me at once "
                           "if he vomits, is confused or his pupils differ in size. I will "
                           "re-assess him within four hours."}),
    DemoDetainee(
        forenames="Chinedu", surname="Okafor", born=date(1994, 6, 2), hours_in_custody=1,
        cell="C5",
        risks={"mental_health": "Anxiety; takes sertraline every morning."},
        set_time_medicine=("Sertraline", "50 mg", "One tablet", ["09:00"]),
        controlled_medicine=("Zopiclone", "7.5 mg", "One tablet", 20, 1),
        as_needed_given=15, controlled_given=20,
        direction={"hcp_name": FORENSIC_PHYSICIAN, "hcp_role": HcpRole.FORENSIC_PHYSICIAN,
                   "kind": DirectionKind.FIT_FOR_INTERVIEW, "minutes_after_arrival": 40,
                   "text": "Fit for interview with breaks every hour."}),
)


def _person(detainee, acting_user):
    """The detainee on the people index: the demo person of that name, or a new entry."""
    person = (Person.objects.filter(forenames__iexact=detainee.forenames,
                                    surname__iexact=detainee.surname).order_by("pk").first())
    if person is not None:
        return person
    return person_create(acting_user=acting_user, surname=detainee.surname,
                         forenames=detainee.forenames, date_of_birth=detainee.born,
                         gender=Gender.MALE)


def _risk_assessment(sergeant, record, detainee, at):
    answers = {question: Answer.YES if question in detainee.risks else Answer.NO
               for question in RISK_QUESTIONS}
    risk_assessment_record(acting_user=sergeant, record=record, at=at, answers=answers,
                           notes=detainee.risks)


def _medication(sergeant, record, detainee, starts_at):
    drug, strength, dose, set_times = detainee.set_time_medicine
    medication_plan_add(sergeant, record, drug=drug, strength=strength, dose=dose,
                        set_times=set_times, authorised_by=f"{FORENSIC_PHYSICIAN} (own "
                                                         "medication, checked against "
                                                         "its label)", starts_at=starts_at)
    as_needed = medication_plan_add(
        sergeant, record, drug="Paracetamol", strength="500 mg", dose="Two tablets",
        min_interval_minutes=4 * 60, max_doses_per_24h=4, authorised_by=FORENSIC_PHYSICIAN,
        starts_at=starts_at)
    drug, strength, dose, hours_apart, most = detainee.controlled_medicine
    controlled = medication_plan_add(
        sergeant, record, drug=drug, strength=strength, dose=dose,
        controlled_schedule=ControlledDrugSchedule.SCHEDULE_4, hcp_authorised=True,
        min_interval_minutes=hours_apart * 60, max_doses_per_24h=most,
        authorised_by=f"{FORENSIC_PHYSICIAN} (forensic physician)", starts_at=starts_at)
    for plan, minutes in ((as_needed, detainee.as_needed_given),
                          (controlled, detainee.controlled_given)):
        if minutes is not None:
            dose_record(sergeant, plan, starts_at + timedelta(minutes=minutes),
                        DoseOutcome.GIVEN, witness=DOSE_WITNESS if plan.is_controlled else "",
                        notes="Seen to swallow it.")


def _direction(sergeant, record, detainee, arrived, now):
    fields = dict(detainee.direction)
    acknowledge = fields.pop("acknowledge", False)
    if "minutes_ago" in fields:
        given_at = now - timedelta(minutes=fields.pop("minutes_ago"))
    else:
        given_at = arrived + timedelta(minutes=fields.pop("minutes_after_arrival"))
    within = fields.pop("reassess_within", None)
    direction = hcp_direction_record(
        acting_user=sergeant, record=record, given_at=given_at,
        reassess_by=given_at + timedelta(minutes=within) if within else None, **fields)
    if acknowledge:
        hcp_direction_acknowledge(acting_user=sergeant, direction=direction,
                                  at=given_at + timedelta(minutes=5))


def _checks(sergeant, record, detainee, now):
    for minutes in detainee.checks_minutes_ago:
        rousing = {"rousable": True, "responds_to_questions": True,
                   "responds_to_commands": True} if detainee.risks.get("head_injury") else {}
        check_record(acting_user=sergeant, record=record, at=now - timedelta(minutes=minutes),
                     notes=("Asleep, snoring. Woke when his name was called; gave his name "
                            "and address; opened his eyes and lifted both arms."
                            if rousing else "Awake, sitting on the bench."), **rousing)


def _book_in(detainee, *, suite, person, sergeant, arresting_officer, now):
    arrived = now - timedelta(hours=detainee.hours_in_custody)
    record = custody_book_in(acting_user=sergeant, suite=suite, person=person,
                             arrested_at=arrived - timedelta(minutes=40), arrived_at=arrived,
                             arrest_place="Chelmsford High Street",
                             arresting_officer=arresting_officer,
                             grounds="Demo: suspected offence seen by the officer",
                             cell=detainee.cell)
    record = custody_authorise_detention(acting_user=sergeant, record=record,
                                         grounds="questioning", necessity=["investigation"],
                                         at=arrived + timedelta(minutes=15))
    rights_record(acting_user=sergeant, record=record, at=arrived + timedelta(minutes=20),
                  legal_advice=LegalAdvice.WANTS, someone_informed=False,
                  written_notice_given=True)
    _risk_assessment(sergeant, record, detainee, arrived + timedelta(minutes=25))
    _medication(sergeant, record, detainee, arrived + timedelta(minutes=30))
    _direction(sergeant, record, detainee, arrived, now)
    _checks(sergeant, record, detainee, now)
    return record


# The suite's cells: booking in offers those no detainee holds.
DEMO_CELLS = [f"C{number}" for number in range(1, 13)]


def seed_demo_custody(*, force, custody_officer, arresting_officer):
    """Create the suite, and book in each demo detainee not booked into it before;
    returns how many were booked in (none on a second run)."""
    suite, _ = CustodySuite.objects.get_or_create(
        code="CHE", defaults={"force": force, "name": "Chelmsford", "cells": DEMO_CELLS})
    now = timezone.now()
    booked = 0
    for detainee in DEMO_DETAINEES:
        person = _person(detainee, custody_officer)
        if CustodyRecord.objects.filter(suite=suite, person=person).exists():
            continue
        _book_in(detainee, suite=suite, person=person, sergeant=custody_officer,
                 arresting_officer=arresting_officer, now=now)
        booked += 1
    return booked
