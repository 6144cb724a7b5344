"""Demo intelligence for the quick start, written and evaluated through the services as
an officer and an analyst would. The officer writes and the analyst disseminates: two
people, as a force's intelligence policy needs by default (an author may not
disseminate their own report).

It links people the people demo seeds (Mohammed ALI, John SMITH, among others), so a
search for "Muhammad Ali" or "Jon Smyth" finds something. Idempotent: it does nothing
once the demo officer has reports.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from athena.people.models import Person, Vehicle
from intelligence import services
from intelligence.grading import HandlingCode
from intelligence.models import IntelligenceReport
from intelligence.retention import RetentionGroup

# title, original, sanitised, grading, handling conditions, people (forenames, surname),
# retention group, final state, years since dissemination, whether a car is linked
DEMO_REPORTS = [
    ("Cannabis supply from a blue Ford Focus",
     "Source (met in person at Chelmsford station) saw Mohammed ALI selling cannabis from "
     "his car in the Tesco car park, Princes Road, on three evenings last week.",
     "Mohammed ALI is believed to be supplying cannabis from a vehicle in the Princes "
     "Road area of Chelmsford in the evenings.",
     ("2", "B", HandlingCode.PERMITTED), "", [("Mohammed", "Ali")], RetentionGroup.OTHER,
     "disseminated", 0, True),
    ("Stolen power tools offered for sale",
     "A trader at Chelmsford market told PC Carter that John SMITH offered him new DeWalt "
     "drills at a tenth of their price and said there were more in his garage.",
     "John SMITH is believed to be handling stolen power tools and storing them at his "
     "home address.",
     ("2", "C", HandlingCode.CONDITIONS),
     "No executive action without reference to the Essex intelligence unit.",
     [("John", "Smith")], RetentionGroup.OTHER, "disseminated", 0, False),
    ("Threats to a former partner",
     "The victim's sister says Jack WALKER has been sending threatening messages and was "
     "seen outside the victim's address twice this week.",
     "Jack WALKER is believed to be harassing a former partner.",
     ("1", "B", HandlingCode.PERMITTED), "", [("Jack", "Walker")], RetentionGroup.SERIOUS,
     "submitted", 0, False),
    ("Shoplifting to order, Chelmsford high street",
     "Store detective reports a group led by Femi ASANTE taking orders for designer "
     "clothing on social media and stealing to order.",
     "Femi ASANTE is believed to organise shoplifting to order in Chelmsford.",
     ("2", "C", HandlingCode.PERMITTED), "", [("Femi", "Asante")], RetentionGroup.OTHER,
     "disseminated", 6, False),
]


def _person(forenames, surname):
    return (Person.objects.filter(forenames__iexact=forenames, surname__iexact=surname)
            .order_by("pk").first())


@transaction.atomic
def seed_demo_intelligence(*, officer, analyst):
    """Create the demo reports once; returns how many were created."""
    if IntelligenceReport.objects.filter(author=officer).exists():
        return 0
    created = 0
    today = timezone.localdate()
    vehicle = Vehicle.objects.order_by("pk").first()
    for (title, original, sanitised, grading, conditions, people, group, state,
         years_ago, with_vehicle) in DEMO_REPORTS:
        source, assessment, handling = grading
        report = services.report_create(
            acting_user=officer, title=title, obtained_on=today - datetime.timedelta(days=4),
            original_text=original, sanitised_text=sanitised, source_evaluation=source,
            intelligence_assessment=assessment, handling_code=handling,
            handling_conditions=conditions, retention_group=group)
        for forenames, surname in people:
            person = _person(forenames, surname)
            if person is not None:
                services.report_link_add(acting_user=officer, report=report,
                                         entity_type="person", entity=person,
                                         reason="Named by the source")
        if with_vehicle and vehicle is not None:
            services.report_link_add(acting_user=officer, report=report,
                                     entity_type="vehicle", entity=vehicle,
                                     reason="The car the source saw used for supply")
        services.report_submit(acting_user=officer, report=report)
        if state == "disseminated":
            services.report_disseminate(
                acting_user=analyst, report=report, source_evaluation=source,
                intelligence_assessment=assessment, handling_code=handling,
                handling_conditions=conditions, sanitised_text=sanitised,
                retention_group=group, sanitisation_checked=True)
        if years_ago:
            # An old report, so the retention queue has something due in the demo.
            IntelligenceReport.objects.filter(pk=report.pk).update(
                review_due_on=today - datetime.timedelta(days=3))
        created += 1
    return created
