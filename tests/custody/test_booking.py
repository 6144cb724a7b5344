"""Booking in: rights and responses, the risk assessment that sets the observation
level, property and needs (DOMAIN.md 2.1, 2.3, 2.4). Each is timed, dated, attributed
and on the timeline, with its audit event."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from custody.booking.services import risk_assessment_record
from custody.models import (
    CustodyEntry,
    CustodyRecord,
    EntryKind,
    Needs,
    PropertyItem,
    RightsGiven,
    RiskAssessment,
)
from custody.models.booking import recommended_level
from custody.records.services import CustodyRuleBroken
from tests.custody.test_pages import make_detainee
from tests.factories import UserFactory

NO_RISKS = {q: "no" for q in ("self_harm_history", "suicidal_thoughts",
                              "drug_or_alcohol_intoxication", "head_injury",
                              "medical_conditions", "mental_health", "violence_risk")}


@pytest.fixture
def detainee(custody_sergeant, officer, suite):
    return make_detainee(custody_sergeant, officer, suite, cell="C3")


def _at(minutes_ago=10):
    moment = timezone.localtime() - timedelta(minutes=minutes_ago)
    return {"at_0": moment.strftime("%d/%m/%Y"), "at_1": moment.strftime("%H:%M")}


def rights_data(**overrides):
    data = {**_at(), "legal_advice": "wants", "solicitor_name": "", "someone_informed": "yes",
            "informed_who": "mother", "wants_codes": "no", "interpreter_needed": "no",
            "interpreter_language": "", "appropriate_adult_needed": "no",
            "appropriate_adult_name": "", "written_notice_given": "yes"}
    data.update(overrides)
    return data


def risk_data(**overrides):
    data = {**_at(), **NO_RISKS, "level": "", "level_reason": ""}
    data.update(overrides)
    return data


def property_data(**overrides):
    """The property table with its first row filled; ``overrides`` by column name
    (description, quantity, cash, bag_number, signature) or the time (at_0, at_1)."""
    row = {"description": "Black leather wallet", "quantity": "1", "cash": "",
           "bag_number": "A123456", "signature": "signed"}
    data = {**_at(), "rows": "3"}
    for name, value in overrides.items():
        if name in row:
            row[name] = value
        else:
            data[name] = value
    data.update({f"item-0-{name}": value for name, value in row.items()})
    return data


def needs_data(**overrides):
    data = {**_at(), "diet": "Halal", "religion": "Muslim", "medical": "Asthma; inhaler"}
    data.update(overrides)
    return data


PAGES = {
    "custody:rights": rights_data,
    "custody:risk_assessment": risk_data,
    "custody:property": property_data,
    "custody:needs": needs_data,
}


def _url(name, record):
    return reverse(name, args=[record.pk])


def _entry(record, kind):
    return CustodyEntry.objects.filter(record=record, kind=kind).order_by("-pk").first()


# Happy paths -----------------------------------------------------------------------

def test_rights_are_recorded_on_the_timeline(custody_client, custody_sergeant, detainee):
    response = custody_client.post(_url("custody:rights", detainee), rights_data())
    assert response.status_code == 302
    rights = RightsGiven.objects.get(record=detainee)
    assert rights.given_by == custody_sergeant and rights.someone_informed
    assert rights.informed_who == "mother" and rights.written_notice_given
    entry = _entry(detainee, EntryKind.RIGHTS)
    assert entry.recorded_by == custody_sergeant and entry.occurred_at == rights.at
    assert entry.summary.startswith(
        "Rights given: wants legal advice (duty solicitor); someone informed: mother")
    event = AuditEvent.objects.get(action="custody.rights.recorded")
    assert event.object_id == str(rights.pk)
    assert "mother" not in str(event.details)


def test_named_solicitor_interpreter_and_appropriate_adult(custody_client, detainee):
    response = custody_client.post(_url("custody:rights", detainee), rights_data(
        legal_advice="named", solicitor_name="Ms Khan of Khan & Co",
        interpreter_needed="yes", interpreter_language="Polish",
        appropriate_adult_needed="yes", appropriate_adult_name="", someone_informed="no",
        informed_who="ignored"))
    assert response.status_code == 302
    rights = RightsGiven.objects.get()
    assert rights.interpreter_language == "Polish" and rights.informed_who == ""
    summary = _entry(detainee, EntryKind.RIGHTS).summary
    assert "wants legal advice (Ms Khan of Khan & Co)" in summary
    assert "someone informed: no" in summary and "interpreter needed (Polish)" in summary


def test_property_is_recorded(custody_client, custody_sergeant, detainee):
    response = custody_client.post(_url("custody:property", detainee),
                                   property_data(quantity="2"))
    assert response.status_code == 302
    item = PropertyItem.objects.get(record=detainee)
    assert item.quantity == 2 and item.recorded_by == custody_sergeant
    assert item.signed_by_detainee
    assert _entry(detainee, EntryKind.PROPERTY).summary == (
        "Property: 2 × Black leather wallet, bag A123456; signed for by the detainee")
    assert AuditEvent.objects.filter(action="custody.property.recorded",
                                     object_id=str(item.pk)).exists()


def test_needs_are_recorded(custody_client, custody_sergeant, detainee):
    response = custody_client.post(_url("custody:needs", detainee), needs_data())
    assert response.status_code == 302
    needs = Needs.objects.get(record=detainee)
    assert needs.diet == "Halal" and needs.recorded_by == custody_sergeant
    assert _entry(detainee, EntryKind.NEEDS).summary == (
        "Needs: diet: Halal; religion: Muslim; medical: Asthma; inhaler")
    event = AuditEvent.objects.get(action="custody.needs.recorded")
    assert "Halal" not in str(event.details)


def test_the_timeline_shows_the_booking_entries(custody_client, detainee):
    for name, data in PAGES.items():
        assert custody_client.post(_url(name, detainee), data()).status_code == 302
    page = custody_client.get(reverse("custody:record", args=[detainee.pk])).content.decode()
    assert "Rights given: wants legal advice" in page
    assert "Needs: diet: Halal" in page and "Property: 1 × Black leather wallet" in page


# Risk assessment and the observation level -----------------------------------------

@pytest.mark.parametrize("yes, level", [
    ((), 1),
    (("medical_conditions", "violence_risk", "mental_health"), 1),
    (("drug_or_alcohol_intoxication",), 2),
    (("head_injury",), 2),
    (("self_harm_history",), 3),
    (("suicidal_thoughts", "head_injury"), 3),
])
def test_recommended_level(yes, level):
    assert recommended_level({**NO_RISKS, **{q: "yes" for q in yes}}) == level


def test_not_known_does_not_raise_the_recommendation():
    assert recommended_level({**NO_RISKS, "head_injury": "not_known"}) == 1


def test_risk_assessment_sets_the_recommended_level(custody_client, custody_sergeant,
                                                    detainee):
    response = custody_client.post(_url("custody:risk_assessment", detainee), risk_data(
        drug_or_alcohol_intoxication="yes", drug_or_alcohol_intoxication_notes="Smells of "
        "alcohol, unsteady", mental_health="not_known"))
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get(record=detainee)
    assert assessment.recommended_level == 2 and assessment.level == 2
    assert assessment.assessed_by == custody_sergeant
    assert CustodyRecord.objects.get(pk=detainee.pk).observation_level == 2
    summaries = list(CustodyEntry.objects.filter(
        record=detainee, kind=EntryKind.RISK_ASSESSMENT).values_list("summary", flat=True))
    assert summaries[0] == ("Risk assessment: under the influence of drink or drugs (Smells "
                            "of alcohol, unsteady). Not known: mental health concerns. "
                            "Recommended level 2; set at level 2")
    assert summaries[1].startswith("Observation level changed from 1 to 2: risk assessment")
    assert AuditEvent.objects.filter(action="custody.risk_assessment.recorded").exists()
    assert AuditEvent.objects.filter(action="custody.observation_level.changed").exists()


def test_a_higher_level_may_be_chosen(custody_client, detainee):
    response = custody_client.post(_url("custody:risk_assessment", detainee),
                                   risk_data(head_injury="yes", level="4"))
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get()
    assert (assessment.recommended_level, assessment.level) == (2, 4)
    assert CustodyRecord.objects.get(pk=detainee.pk).observation_level == 4


def test_a_lower_level_needs_a_reason(custody_client, detainee):
    url = _url("custody:risk_assessment", detainee)
    response = custody_client.post(url, risk_data(self_harm_history="yes", level="1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "give the reason for choosing a lower level" in page
    assert 'id="field-level_reason"' in page
    assert not RiskAssessment.objects.exists()
    assert CustodyRecord.objects.get(pk=detainee.pk).observation_level == 1
    response = custody_client.post(url, risk_data(
        self_harm_history="yes", level="2", level_reason="Self-harm was 10 years ago; "
        "HCP advises level 2"))
    assert response.status_code == 302
    assert CustodyRecord.objects.get(pk=detainee.pk).observation_level == 2
    assert RiskAssessment.objects.get().level_reason.startswith("Self-harm was 10 years")


def test_the_service_refuses_a_lower_level_without_a_reason(custody_sergeant, detainee):
    with pytest.raises(CustodyRuleBroken, match="lower level"):
        risk_assessment_record(acting_user=custody_sergeant, record=detainee,
                               at=timezone.now(), answers={**NO_RISKS,
                                                           "suicidal_thoughts": "yes"},
                               level=2)
    assert not RiskAssessment.objects.exists()


def test_no_level_change_entry_when_the_level_stays(custody_sergeant, detainee):
    risk_assessment_record(acting_user=custody_sergeant, record=detainee, at=timezone.now(),
                           answers=NO_RISKS)
    assert CustodyEntry.objects.filter(record=detainee,
                                       kind=EntryKind.RISK_ASSESSMENT).count() == 1
    assert not AuditEvent.objects.filter(action="custody.observation_level.changed").exists()


# Permissions -------------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_pages_show_their_forms_to_custody_officers(custody_client, detainee, name):
    response = custody_client.get(_url(name, detainee))
    assert response.status_code == 200
    assert 'id="field-at"' in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_only_custody_officers_of_the_force(client, officer, outsider, home_force, detainee,
                                           name):
    inspector = UserFactory(username="insp_ali", force=home_force, rank="INSP",
                            roles=[Role.INSPECTOR])
    # An inspector may read the record but not book in; an officer with no custody role
    # may not read it at all, so it is not found (custody.records.selectors).
    for user, status in ((officer, 404), (inspector, 403)):
        client.force_login(user)
        assert client.get(_url(name, detainee)).status_code == status
        assert client.post(_url(name, detainee), PAGES[name]()).status_code == status
    client.force_login(outsider)
    assert client.get(_url(name, detainee)).status_code == 404
    assert client.post(_url(name, detainee), PAGES[name]()).status_code == 404
    assert client.get(reverse(name, args=[999999])).status_code == 404
    assert not CustodyEntry.objects.filter(record=detainee).exclude(
        kind__in=[EntryKind.BOOKED_IN, EntryKind.DETENTION_AUTHORISED]).exists()


def test_anonymous_users_are_sent_to_sign_in(client, detainee):
    response = client.get(_url("custody:rights", detainee))
    assert response.status_code in (302, 404)


# Hostile input ---------------------------------------------------------------------

LONG = "x" * 20_000
SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "custody:rights": [
        {"legal_advice": ""}, {"legal_advice": "maybe"}, {"someone_informed": "maybe"},
        {"informed_who": LONG}, {"informed_who": ""}, {"legal_advice": "named"},
        {"interpreter_needed": "yes"}, {"solicitor_name": LONG, "legal_advice": "named"},
        {"wants_codes": SCRIPT}, {"at_0": "30/02/2026"}, {"at_0": "", "at_1": ""},
        {"at_1": "25:99"}, {"at_0": "01/01/2000"}, {"at_0": "01/01/2099"},
    ],
    "custody:risk_assessment": [
        {"head_injury": ""}, {"head_injury": SCRIPT}, {"head_injury_notes": LONG},
        {"level": "9"}, {"level": "-1"}, {"level": SCRIPT}, {"level_reason": LONG},
        {"at_0": "30/02/2026"}, {"at_0": "01/01/2000"}, {"at_0": "31/12/9999"},
    ],
    "custody:property": [
        {"description": ""}, {"description": LONG}, {"quantity": "-1"},
        {"quantity": "99999999999"}, {"quantity": "0"}, {"quantity": "1.5"},
        {"quantity": SCRIPT}, {"description": "", "quantity": "2"}, {"bag_number": LONG},
        {"signature": ""}, {"signature": "maybe"}, {"cash": "12.345"},
        {"cash": "twelve", "quantity": ""}, {"cash": "£0.00", "quantity": ""},
        {"cash": "12.40"}, {"at_0": "30/02/2026"}, {"at_0": "01/01/2000"},
        {"at_0": "01/01/0001", "at_1": "00:00"},
    ],
    "custody:needs": [
        {"diet": "", "religion": "", "medical": ""}, {"diet": LONG}, {"medical": LONG},
        {"at_0": "30/02/2026"}, {"at_0": "01/01/2000"}, {"at_1": "noon"},
        {"diet": "   ", "religion": " ", "medical": "\t"},
    ],
}
CASES = [(name, overrides) for name, cases in HOSTILE.items() for overrides in cases]


@pytest.mark.parametrize("name, overrides", CASES,
                         ids=[f"{n.split(':')[1]}-{i}" for i, (n, _o) in enumerate(CASES)])
def test_hostile_input_is_explained_never_saved(custody_client, detainee, name, overrides):
    before = CustodyEntry.objects.filter(record=detainee).count()
    response = custody_client.post(_url(name, detainee), PAGES[name](**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "<script>alert(1)</script>" not in page
    assert CustodyEntry.objects.filter(record=detainee).count() == before
    assert not (RightsGiven.objects.exists() or RiskAssessment.objects.exists()
                or PropertyItem.objects.exists() or Needs.objects.exists())


def test_a_time_before_arrival_is_explained_and_input_kept(custody_client, detainee):
    response = custody_client.post(_url("custody:property", detainee),
                                   property_data(at_0="01/01/2000",
                                                 description="Blue <b>phone</b>"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot be before the arrival" in page
    assert 'value="Blue &lt;b&gt;phone&lt;/b&gt;"' in page
    assert 'value="01/01/2000"' in page


def test_script_in_text_is_saved_as_text_and_escaped(custody_client, detainee):
    response = custody_client.post(_url("custody:needs", detainee),
                                   needs_data(diet=SCRIPT))
    assert response.status_code == 302
    page = custody_client.get(reverse("custody:record", args=[detainee.pk])).content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_a_closed_record_takes_no_more_entries(custody_client, detainee):
    CustodyRecord.objects.filter(pk=detainee.pk).update(status="closed")
    response = custody_client.post(_url("custody:needs", detainee), needs_data())
    assert response.status_code == 200
    assert not Needs.objects.exists()
