"""Factories of case files, shared by the tests of the cases app.

They write rows directly (no audit events, no jobs), the way a file would look after the
services had saved it: a section's ``content_hash`` is the hash the services would give
its answers or items, so render caching behaves as in the application.
"""

import factory
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from athena.accounts.roles import Role
from athena.offences.models import OffenceCategory
from athena.pdf import content_hash
from cases.constants import Plea
from cases.models import (
    CaseFile,
    CaseSection,
    ChargedOffence,
    Participant,
    ParticipantRole,
    SectionItem,
    Suspect,
)
from cases.sections import SECTIONS, SectionKind
from cases.services import section_items_content
from tests.factories import UserFactory, essex
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


def _next_sequence(case):
    """The next free file number for the force, unit and year, as ``case_create`` picks
    it, so files made here and files made by the service never collide."""
    last = CaseFile.objects.filter(force=case.force, unit_code=case.unit_code,
                                   year=case.year).aggregate(last=Max("sequence"))["last"]
    return (last or 0) + 1


class CaseFileFactory(factory.django.DjangoModelFactory):
    """A draft file of the Essex officer who made it. Add suspects and offences with
    SuspectFactory and ChargedOffenceFactory."""

    class Meta:
        model = CaseFile

    force = factory.LazyFunction(essex)
    unit_code = factory.LazyFunction(lambda: settings.ATHENA_CASE_UNIT_CODE)
    year = factory.LazyFunction(lambda: timezone.localdate().year % 100)
    sequence = factory.LazyAttribute(_next_sequence)
    urn = factory.LazyAttribute(
        lambda case: f"{case.force.code}{case.unit_code}{case.sequence:05d}{case.year:02d}")
    officer_in_case = factory.SubFactory(UserFactory, force=factory.SelfAttribute("..force"),
                                         roles=[Role.OFFICER])
    created_by = factory.SelfAttribute("officer_in_case")


class SuspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suspect

    case = factory.SubFactory(CaseFileFactory)
    person = factory.SubFactory(PersonFactory)
    position = 1


class ChargedOffenceFactory(factory.django.DjangoModelFactory):
    """An offence for a suspect (a new file's, unless ``suspect`` is given)."""

    class Meta:
        model = ChargedOffence

    suspect = factory.SubFactory(SuspectFactory)
    offence = factory.SubFactory(OffenceFactory)
    anticipated_plea = Plea.NOT_GUILTY


class CaseSectionFactory(factory.django.DjangoModelFactory):
    """A section with ``data`` as its answers. For a repeatable kind, add items with
    SectionItemFactory, which keeps the section's content hash up to date."""

    class Meta:
        model = CaseSection

    case = factory.SubFactory(CaseFileFactory)
    kind = SectionKind.CASE_SUMMARY
    data = factory.LazyFunction(dict)
    content_hash = factory.LazyAttribute(
        lambda section: content_hash([] if SECTIONS[section.kind].repeatable
                                     else section.data))


class SectionItemFactory(factory.django.DjangoModelFactory):
    """One witness statement (by default) or exhibit. For an exhibit file, pass
    ``file=ContentFile(content, name="cctv.pdf")`` and ``file_type`` ("pdf", "jpeg",
    "png"); the name and size are taken from it."""

    class Meta:
        model = SectionItem
        skip_postgeneration_save = True

    section = factory.SubFactory(CaseSectionFactory, kind=SectionKind.WITNESS_STATEMENTS)
    data = factory.LazyFunction(dict)
    position = factory.LazyAttribute(lambda item: item.section.items.count() + 1)
    file = ""
    file_name = factory.LazyAttribute(
        lambda item: item.file.name.rsplit("/", 1)[-1] if item.file else "")
    file_size = factory.LazyAttribute(lambda item: item.file.size if item.file else 0)

    @factory.post_generation
    def rehash(self, create, extracted, **kwargs):
        """Give the section the content hash the services would after this item's save."""
        if create:
            section = self.section
            section.content_hash = content_hash(section_items_content(section))
            section.save(update_fields=["content_hash"])


# Answers that make a file complete by the rules for a police-charged, summary-only
# offence with a not guilty plea heading for the magistrates' court (CaseFileFactory's
# defaults): MG5, MG6, MG4, MG11, the PNC record, the streamlined disclosure certificate
# and the case details for the CPS are required; MG3 is not needed, and the rest are
# optional. The defendant's and the offence's own answers are below.
COURT = "Magistrates' Courts, Essex, Chelmsford, A"
COMPLETE_ANSWERS = {
    SectionKind.CASE_SUMMARY: {
        "summary": "The suspect took two bottles of gin from the shelf.\n"
                   "He left without paying and was stopped outside.",
        "interview_type": "full_account",
        "interview_summary": "He said he forgot to pay.",
        "interview_date": "2026-11-19", "legally_represented": "no",
        "special_warnings_given": "no",
    },
    SectionKind.EVIDENCE_FOR_PROSECUTOR: {
        "charge_rationale": "Summary-only offence admitted in part; CCTV shows the taking.",
    },
    SectionKind.CHARGES: {
        "charge_date": "2026-11-20", "reply_to_charge": "No reply",
        "first_hearing_date": "2026-12-04", "first_hearing_time": "10:00", "court": COURT,
    },
    SectionKind.PREVIOUS_CONVICTIONS: {
        "pnc_check_performed": "yes", "pnc_convictions": "None",
    },
    SectionKind.STREAMLINED_DISCLOSURE: {"material": "None", "certified": "yes"},
    # What the CPS Digital Case File asks of the case for a first hearing.
    SectionKind.CPS_DETAILS: {"test_code": "full_code_test", "pca_cps": "no",
                              "expert_evidence": "no"},
}
# What the CPS Digital Case File asks of each defendant (Suspect.answers).
DEFENDANT_ANSWERS = {
    "arrest_date": "2026-11-19", "arrest_time": "14:30",
    "occupation": "Warehouse operative", "foreign_national_offender": "no",
    "has_eec_passports": "no", "interpreter_required": "no", "dealt_with_in_welsh": "no",
    "breach_of_order": "no",
    "cc_not_suitable_reason": "offence_not_one_in_dpps_guidance_for_conditional_caution",
    "court_order_application": "no_orders_required", "given_charges": "yes",
    "signed_charge_sheet": "yes", "signed_for_bail": "yes",
}
# And of each offence (ChargedOffence's columns).
OFFENCE_ANSWERS = {
    "offence_date": "2026-11-19",
    "wording": "at Tesco, High Street, Chelmsford stole 2 bottles of gin to the value of "
               "£40 belonging to Tesco Stores Ltd",
    "points_to_prove": "Appropriated: CCTV shows him take the gin. Dishonestly: he hid it.",
    "committed_on_bail": False,
}
WITNESS_STATEMENT = {
    "witness_name": "Alex Turner", "witness_role": "witness", "statement_date": "2026-11-19",
    "statement": "I work as a store detective.\nI saw the man take two bottles.",
    "declaration": "yes",
    # What the CPS Digital Case File asks of each witness for a first hearing.
    "witness_type": "eye", "involvement": "Store detective who stopped the suspect",
    "visually_recorded_interview": "no",
}


def complete_case_file(**case_fields):
    """A file with one suspect charged with a summary-only offence (not guilty plea), and
    everything the rules require answered: the sections, the defendant's and the
    offence's answers, and one witness with their statement."""
    case = CaseFileFactory(**case_fields)
    ChargedOffenceFactory(suspect=SuspectFactory(case=case, answers=dict(DEFENDANT_ANSWERS)),
                          offence=OffenceFactory(category=OffenceCategory.SUMMARY_NON_MOTORING),
                          **OFFENCE_ANSWERS)
    for kind, data in COMPLETE_ANSWERS.items():
        CaseSectionFactory(case=case, kind=kind, data=dict(data))
    Participant.objects.create(case=case, role=ParticipantRole.WITNESS,
                               name=WITNESS_STATEMENT["witness_name"])
    SectionItemFactory(section=CaseSectionFactory(case=case,
                                                  kind=SectionKind.WITNESS_STATEMENTS),
                       data=dict(WITNESS_STATEMENT))
    return case
