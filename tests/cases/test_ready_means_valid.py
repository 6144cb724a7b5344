""""Ready" means the CPS accepts it: for every first-hearing file the file rules find
complete, the Digital Case File built from it passes the CPS's schema and business
rules (``dcf_validate``'s check).

Hypothesis builds many files: one or two suspects, offences of each kind the police
charge (theft from a shop, common assault, a public order offence, criminal damage,
careless driving), every plea, begun by charge or by postal requisition, on bail or
kept in custody, domestic abuse or not; then answers every question the rules ask the
way an officer might (each yes/no and each choice drawn), through the services, until
the rules find nothing missing (``filling.fill_file``). The DCF's own check must then
find nothing either.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athena.offences.models import OffenceCategory
from cases import readiness, selectors, services
from cases.constants import BailStatus, CaseBegins, Marker, Plea
from cases.dcf.export import dcf_export
from cases.dcf.validate import dcf_problems
from cases.parties import services as parties
from cases.sections import FieldType
from tests.cases.filling import fill_file
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

# (CJS code, title, category): offences the police may charge, of each DCF offence kind.
OFFENCES = (
    ("TH68010", "Theft from a shop", OffenceCategory.EITHER_WAY),
    ("CJ88116", "Assault by beating", OffenceCategory.SUMMARY_NON_MOTORING),
    ("PU86004", "Threatening behaviour with intent (Public Order Act 1986 s.4)",
     OffenceCategory.SUMMARY_NON_MOTORING),
    ("CD71039", "Criminal damage to property - value under £5000", OffenceCategory.EITHER_WAY),
    ("RT88575", "Drive without due care and attention", OffenceCategory.SUMMARY_MOTORING),
)
PLEAS = (Plea.GUILTY, Plea.NOT_GUILTY, Plea.NOT_KNOWN)

files = st.fixed_dictionaries({
    # Two charges of one offence differ in their date or wording; the same charge twice
    # is a problem of its own (test_dcf_native), which filling does not put right.
    "offences": st.lists(st.tuples(st.sampled_from(OFFENCES), st.sampled_from(PLEAS)),
                         min_size=1, max_size=2, unique_by=lambda entry: entry[0][0]),
    "second_suspect": st.booleans(),
    "case_begins": st.sampled_from([CaseBegins.CHARGE, CaseBegins.POSTAL_REQUISITION]),
    "bail_status": st.sampled_from([BailStatus.UNCONDITIONAL_BAIL,
                                    BailStatus.CONDITIONAL_BAIL, BailStatus.REMAND]),
    "domestic_abuse": st.booleans(),
})


def _offence(entry):
    (code, title, category), plea = entry
    return OffenceFactory(cjs_code=code, title=title, category=category), plea


def _new_file(officer, spec):
    begins_by_requisition = spec["case_begins"] == CaseBegins.POSTAL_REQUISITION
    case = services.case_create(
        acting_user=officer, person=PersonFactory(created_by_force=officer.force),
        offences=[_offence(entry) for entry in spec["offences"]],
        case_begins=spec["case_begins"],
        # A requisition is posted: nobody is bailed or kept in custody.
        bail_status=BailStatus.NOT_APPLICABLE if begins_by_requisition else spec["bail_status"],
        markers=[Marker.DOMESTIC_ABUSE] if spec["domestic_abuse"] else [])
    if spec["second_suspect"]:
        suspect = parties.suspect_add(acting_user=officer, case=case,
                                      person=PersonFactory(created_by_force=officer.force))
        offence, plea = _offence(spec["offences"][0])
        parties.charged_offence_add(acting_user=officer, case=case, suspect=suspect,
                                    offence=offence, plea=plea)
    return case


def _drawn(data):
    """An officer's answer to each question: each yes/no and each choice drawn."""
    def pick(field, default):
        if field.type == FieldType.YES_NO and field.name not in (
                "declaration", "certified", "pnc_check_performed"):
            return data.draw(st.sampled_from(["yes", "no"]), label=field.name)
        if field.type == FieldType.CHOICE and field.choices:
            return data.draw(st.sampled_from([value for value, _ in field.choices]),
                             label=field.name)
        return default
    return pick


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(spec=files, data=st.data())
def test_a_file_the_rules_accept_is_a_valid_dcf(officer, spec, data):
    case = fill_file(_new_file(officer, spec), officer, pick=_drawn(data))

    assert readiness.file_readiness(case) == {}
    assert dcf_problems(dcf_export(selectors.case_get(pk=case.pk))) == []
