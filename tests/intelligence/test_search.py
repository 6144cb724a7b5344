"""intelligence_search: relevance, ranking, filters, visibility and query counts, on
whichever database the run uses (SQLite by default; PostgreSQL when DATABASE_URL names it)."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from athena.people.models import Organisation, TelephoneNumber
from intelligence import search
from intelligence.grading import HandlingCode
from intelligence.models import EntityType, ReportStatus
from intelligence.search import (
    CUT_QUERY_MESSAGE,
    EMPTY_QUERY_MESSAGE,
    QUERY_MAX_LENGTH,
    SearchFilters,
    intelligence_search,
    registration_label,
    telephone_keys,
)
from tests.factories import essex, kent
from tests.intelligence.factories import (
    ConditionalReportFactory,
    IntelligenceReportFactory,
    ReportLinkFactory,
)
from tests.people.factories import AliasFactory, LocationFactory, PersonFactory, VehicleFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'")


def _people(results):
    return [hit.label for hit in results.entities if hit.entity_type == EntityType.PERSON]


def _entity(results, entity_type, pk):
    return next(hit for hit in results.entities
                if hit.entity_type == entity_type and hit.pk == pk)


def _report_pks(results):
    return [hit.report.pk for hit in results.reports]


def _link(report, entity_type=EntityType.PERSON, **entity):
    """Link ``report`` to one entity, given as person=, vehicle=, location=,
    telephone_number= or organisation= (a new person when none is given)."""
    if entity_type != EntityType.PERSON:
        entity.setdefault("person", None)
    return ReportLinkFactory(report=report, entity_type=entity_type, **entity)


def _telephone(number, **fields):
    return TelephoneNumber.objects.create(number=number, created_by_force=essex(), **fields)


def _organisation(name):
    return Organisation.objects.create(name=name, created_by_force=essex())


# --- People -----------------------------------------------------------------------------

def test_mohammed_finds_a_person_named_muhammad(officer):
    PersonFactory(forenames="Muhammad", surname="Rahman")
    assert _people(intelligence_search(user=officer, query="Mohammed")) == ["Muhammad RAHMAN"]


@pytest.mark.parametrize("query", ["Jon Smyth", "Smith John", "smith, john", "JOHN SMITH"])
def test_a_person_is_found_despite_spelling_and_word_order(officer, query):
    PersonFactory(forenames="John", surname="Smith")
    assert _people(intelligence_search(user=officer, query=query)) == ["John SMITH"]


def test_a_person_is_found_by_an_alias_and_says_so(officer):
    person = PersonFactory(forenames="John", surname="Smith")
    AliasFactory(person=person, forenames="Jack", surname="Daniels")
    report = IntelligenceReportFactory()
    _link(report, person=person)

    results = intelligence_search(user=officer, query="Jack Daniels")

    hit = _entity(results, EntityType.PERSON, person.pk)
    assert hit.matched_on == "matched on alias Jack DANIELS"
    assert "also known as Jack DANIELS" in hit.detail
    assert results.reports[0].matched == [
        "Linked person: John SMITH, matched on alias Jack DANIELS"]


def test_a_person_found_by_their_own_name_names_no_alias(officer):
    person = PersonFactory(forenames="John", surname="Smith")
    AliasFactory(person=person, forenames="Jack", surname="Daniels")
    hit = _entity(intelligence_search(user=officer, query="John Smith"), EntityType.PERSON,
                  person.pk)
    assert hit.matched_on == ""
    assert hit.score == 1.0


def test_a_person_hit_gives_the_date_of_birth(officer):
    person = PersonFactory(forenames="John", surname="Smith",
                           date_of_birth=datetime.date(1990, 3, 3))
    hit = _entity(intelligence_search(user=officer, query="John Smith"), EntityType.PERSON,
                  person.pk)
    assert hit.detail == "born 3 March 1990"


# --- Vehicles, telephone numbers, locations, organisations ------------------------------

@pytest.mark.parametrize(("stored", "query"), [
    ("AB12 CDE", "AB12CDE"), ("AB12CDE", "AB12 CDE"), ("AB12CDE", "ab12cde"),
    ("ab12 cde", "Ab12Cde"),
])
def test_a_registration_is_found_with_or_without_its_space(officer, stored, query):
    vehicle = VehicleFactory(registration_mark=stored)
    VehicleFactory(registration_mark="AB12CDF")
    results = intelligence_search(user=officer, query=query)
    assert [(hit.entity_type, hit.pk) for hit in results.entities] == [
        (EntityType.VEHICLE, vehicle.pk)]
    assert results.entities[0].label == "AB12 CDE"


def test_a_registration_query_looks_for_no_one_by_name(officer):
    PersonFactory(forenames="Ab", surname="Cde")
    VehicleFactory(registration_mark="AB12CDE")
    assert _people(intelligence_search(user=officer, query="AB12 CDE")) == []


@pytest.mark.parametrize(("stored", "query"), [
    ("07700900123", "07700 900 123"), ("07700 900123", "07700900123"),
    ("+44 7700 900123", "07700 900123"), ("07700 900123", "+44 7700 900123"),
    ("+447700900123", "0044 7700 900123"), ("07700-900-123", "(07700) 900123"),
])
def test_a_telephone_number_is_found_by_its_digits(officer, stored, query):
    number = _telephone(stored)
    _telephone("07700 900124")
    results = intelligence_search(user=officer, query=query)
    assert [(hit.entity_type, hit.pk) for hit in results.entities] == [
        (EntityType.TELEPHONE, number.pk)]


def test_a_telephone_hit_names_its_user(officer):
    person = PersonFactory(forenames="John", surname="Smith")
    _telephone("07700 900123", person=person, telephone_type="mobile")
    hit = intelligence_search(user=officer, query="07700900123").entities[0]
    assert (hit.label, hit.detail) == ("07700 900123", "Mobile; used by John SMITH")


@pytest.mark.parametrize("query", ["CM1 1AA", "cm11aa", "Cm1  1aA"])
def test_a_location_is_found_by_its_postcode_with_or_without_the_space(officer, query):
    location = LocationFactory(address_line_1="12 Mill Lane", postcode="CM1 1AA")
    LocationFactory(address_line_1="12 Mill Lane", postcode="CM1 1AB")
    results = intelligence_search(user=officer, query=query)
    assert [hit.pk for hit in results.entities] == [location.pk]
    assert results.entities[0].label == "12 Mill Lane, Chelmsford, CM1 1AA"


def test_a_location_is_found_by_its_address(officer):
    location = LocationFactory(address_line_1="12 Mill Lane", town="Chelmsford")
    LocationFactory(address_line_1="12 Mill Road", town="Chelmsford")
    LocationFactory(address_line_1="14 Mill Lane", town="Chelmsford")
    results = intelligence_search(user=officer, query="12 Mill Lane")
    assert [hit.pk for hit in results.entities] == [location.pk]


def test_an_organisation_is_found_by_its_name_misspelt(officer):
    organisation = _organisation("Fairwell Motors")
    _organisation("Thornshaw Car Wash")
    results = intelligence_search(user=officer, query="Fairwel Motors")
    assert [(hit.entity_type, hit.pk) for hit in results.entities] == [
        (EntityType.ORGANISATION, organisation.pk)]


# --- Reports ----------------------------------------------------------------------------

def test_a_report_linked_to_the_person_found_is_listed_and_an_unlinked_one_is_not(officer):
    person = PersonFactory(forenames="John", surname="Smith")
    linked = IntelligenceReportFactory()
    _link(linked, person=person)
    _link(IntelligenceReportFactory())  # another person's

    results = intelligence_search(user=officer, query="Jon Smyth")

    assert _report_pks(results) == [linked.pk]
    assert results.reports[0].matched == ["Linked person: John SMITH"]
    assert results.reports[0].report.originating_force.name == "Essex"


@pytest.mark.parametrize(("entity_type", "make", "query", "reason"), [
    (EntityType.VEHICLE, lambda: {"vehicle": VehicleFactory(registration_mark="AB12CDE")},
     "ab12 cde", "Linked vehicle: AB12 CDE"),
    (EntityType.TELEPHONE, lambda: {"telephone_number": _telephone("07700 900123")},
     "07700900123", "Linked telephone number: 07700 900123"),
    (EntityType.LOCATION, lambda: {"location": LocationFactory(
        address_line_1="3 Mill Lane", postcode="CM1 1AA")},
     "CM11AA", "Linked location: 3 Mill Lane, Chelmsford, CM1 1AA"),
    (EntityType.ORGANISATION, lambda: {"organisation": _organisation("Fairwell Motors")},
     "fairwell motors", "Linked organisation: Fairwell Motors"),
])
def test_a_report_linked_to_any_kind_of_entity_found_is_listed(officer, entity_type, make,
                                                               query, reason):
    report = IntelligenceReportFactory()
    _link(report, entity_type, **make())
    results = intelligence_search(user=officer, query=query)
    assert [(hit.report.pk, hit.matched) for hit in results.reports] == [(report.pk, [reason])]


def test_words_of_the_title_or_sanitised_text_find_a_report(officer):
    in_text = IntelligenceReportFactory(
        sanitised_text="Catalytic converters are being stolen from cars in Basildon.")
    in_title = IntelligenceReportFactory(title="Catalytic converter thefts, Basildon")
    IntelligenceReportFactory(title="Burglary series, Harlow")

    results = intelligence_search(user=officer, query="catalytic converter")

    assert set(_report_pks(results)) == {in_text.pk, in_title.pk}
    assert all(hit.matched == ["Words in the text"] for hit in results.reports)


def test_the_original_text_is_never_searched(officer):
    IntelligenceReportFactory(original_text="The source, a neighbour called Zebedee, saw it.",
                              sanitised_text="The subject sells cannabis.")
    assert intelligence_search(user=officer, query="Zebedee").reports == []


def test_a_report_reference_finds_that_report(officer):
    report = IntelligenceReportFactory()
    IntelligenceReportFactory()
    number = int(report.reference.split("-")[-1])
    results = intelligence_search(user=officer, query=f"42-ir-{number}")
    assert _report_pks(results) == [report.pk]
    assert results.reports[0].matched == ["Reference"]


# --- Words: the newest reports first ---------------------------------------------------

def _dated_reports(text, years):
    return {year: IntelligenceReportFactory(sanitised_text=text,
                                            obtained_on=datetime.date(year, 3, 1))
            for year in years}


@pytest.fixture
def small_word_scan(monkeypatch):
    """The word search reads three matches, probing the two newest reports and then a
    window of the four newest: many reports' worth of behaviour with a few."""
    monkeypatch.setattr(search, "TEXT_SCAN_LIMIT", 3)
    monkeypatch.setattr(search, "TEXT_CANDIDATES", 3)
    monkeypatch.setattr(search, "WORD_PROBE_WINDOW", 2)
    monkeypatch.setattr(search, "RECENT_WINDOWS", (4,))


def test_when_more_reports_have_the_words_than_are_read_the_newest_are_kept(
        officer, small_word_scan):
    matching = _dated_reports("Cannabis is sold from the flat.", range(2017, 2024))
    _dated_reports("Stolen tools are sold from the unit.", (2010, 2011))

    results = intelligence_search(user=officer, query="cannabis")

    assert _report_pks(results) == [matching[year].pk for year in (2023, 2022, 2021)]
    assert results.more_reports


def test_a_rare_word_in_reports_older_than_the_newest_is_still_found(officer,
                                                                      small_word_scan):
    _dated_reports("Stolen tools are sold from the unit.", range(2019, 2026))
    old = _dated_reports("A machete is hidden behind the garages.", (2012, 2014))

    results = intelligence_search(user=officer, query="machete")

    assert set(_report_pks(results)) == {old[2012].pk, old[2014].pk}
    assert not results.more_reports


def test_the_newest_of_the_filtered_force_are_kept(officer, small_word_scan):
    essex_reports = _dated_reports("Cannabis is sold from the flat.", range(2016, 2021))
    _dated_reports("Stolen tools are sold from the unit.", (2010, 2011))
    for year in range(2021, 2026):
        IntelligenceReportFactory(originating_force=kent(), sanitised_text="Cannabis sold.",
                                  obtained_on=datetime.date(year, 3, 1))

    results = intelligence_search(user=officer, query="cannabis",
                                  filters=SearchFilters(force_id=essex().pk))

    assert _report_pks(results) == [essex_reports[year].pk for year in (2020, 2019, 2018)]


def test_words_too_sparse_for_the_recent_window_are_walked_in_a_wider_one(officer,
                                                                         small_word_scan,
                                                                         monkeypatch):
    """One of the two newest has the word: too few to fill three in the four newest, enough
    in the sixteen newest, which are walked rather than the GIN index asked (it would
    yield the reports it holds first, the oldest here) - as a selective filter makes a
    common word sparse."""
    monkeypatch.setattr(search, "RECENT_WINDOWS", (4, 16))
    years = range(2000, 2026)
    reports = {year: IntelligenceReportFactory(
        sanitised_text="Cannabis is sold from the flat." if year % 2 else "Tools are sold.",
        obtained_on=datetime.date(year, 3, 1)) for year in years}

    results = intelligence_search(user=officer, query="cannabis")

    assert _report_pks(results) == [reports[year].pk for year in (2025, 2023, 2021)]


def test_a_report_is_found_by_its_words_as_they_are_after_an_edit(officer):
    report = IntelligenceReportFactory(sanitised_text="A machete is hidden near the garages.")
    report.sanitised_text = "A handgun is hidden near the garages."
    report.save()

    assert _report_pks(intelligence_search(user=officer, query="handgun")) == [report.pk]
    assert intelligence_search(user=officer, query="machete").reports == []


# --- Ranking ----------------------------------------------------------------------------

def test_a_report_on_the_exact_name_ranks_above_one_on_a_near_name(officer):
    near = PersonFactory(forenames="John", surname="Smith")
    exact = PersonFactory(forenames="Jon", surname="Smyth")
    near_report = IntelligenceReportFactory()
    _link(near_report, person=near)
    exact_report = IntelligenceReportFactory()
    _link(exact_report, person=exact)

    results = intelligence_search(user=officer, query="Jon Smyth")

    assert _people(results) == ["Jon SMYTH", "John SMITH"]
    assert _report_pks(results) == [exact_report.pk, near_report.pk]
    assert results.reports[0].score > results.reports[1].score


def test_a_linked_report_ranks_above_a_report_found_only_by_its_words(officer):
    person = PersonFactory(forenames="Jon", surname="Smyth")
    words_only = IntelligenceReportFactory(
        title="Smyth", sanitised_text="Jon Smyth is believed to deal cannabis.")
    linked = IntelligenceReportFactory(obtained_on=datetime.date(2020, 1, 1))
    _link(linked, person=person)

    results = intelligence_search(user=officer, query="Jon Smyth")

    assert _report_pks(results) == [linked.pk, words_only.pk]
    assert results.reports[1].matched == ["Words in the text"]


def test_a_linked_report_that_also_has_the_words_says_both(officer):
    person = PersonFactory(forenames="Jon", surname="Smyth")
    report = IntelligenceReportFactory(sanitised_text="Jon Smyth is believed to deal.")
    _link(report, person=person)
    results = intelligence_search(user=officer, query="Jon Smyth")
    assert results.reports[0].matched == ["Linked person: Jon SMYTH", "Words in the text"]


def test_the_limit_caps_the_reports_and_says_there_are_more(officer):
    person = PersonFactory(forenames="John", surname="Smith")
    for _ in range(4):
        _link(IntelligenceReportFactory(), person=person)
    results = intelligence_search(user=officer, query="John Smith", limit=3)
    assert len(results.reports) == 3
    assert results.more_reports
    assert not intelligence_search(user=officer, query="John Smith", limit=4).more_reports


# --- Filters ----------------------------------------------------------------------------

@pytest.fixture
def john_smith_reports():
    """Reports on John Smith of different forces, dates and gradings, by name."""
    person = PersonFactory(forenames="John", surname="Smith")
    reports = {
        "essex_2024": IntelligenceReportFactory(obtained_on=datetime.date(2024, 5, 1),
                                                source_evaluation="1",
                                                intelligence_assessment="A"),
        "kent_2025": IntelligenceReportFactory(originating_force=kent(),
                                               obtained_on=datetime.date(2025, 2, 1)),
        "essex_conditions": ConditionalReportFactory(obtained_on=datetime.date(2025, 6, 1)),
    }
    for report in reports.values():
        _link(report, person=person)
    return person, reports


def _filtered(user, reports, **filters):
    results = intelligence_search(user=user, query="John Smith",
                                  filters=SearchFilters(**filters))
    names = {report.pk: name for name, report in reports.items()}
    return sorted(names[pk] for pk in _report_pks(results))


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["essex_2024", "essex_conditions", "kent_2025"]),
    ({"force_id": "kent"}, ["kent_2025"]),
    ({"date_from": datetime.date(2025, 1, 1)}, ["essex_conditions", "kent_2025"]),
    ({"date_to": datetime.date(2025, 2, 1)}, ["essex_2024", "kent_2025"]),
    ({"date_from": datetime.date(2025, 1, 1), "date_to": datetime.date(2025, 3, 1)},
     ["kent_2025"]),
    ({"source_evaluation": "1"}, ["essex_2024"]),
    ({"intelligence_assessment": "A"}, ["essex_2024"]),
    ({"handling_code": HandlingCode.CONDITIONS}, ["essex_conditions"]),
    ({"handling_code": HandlingCode.PERMITTED}, ["essex_2024", "kent_2025"]),
])
def test_each_filter_narrows_the_reports(officer, john_smith_reports, filters, expected):
    _, reports = john_smith_reports
    if filters.get("force_id") == "kent":
        filters["force_id"] = kent().pk
    assert _filtered(officer, reports, **filters) == expected


def test_the_counts_follow_the_filters(officer, john_smith_reports):
    person, _ = john_smith_reports
    results = intelligence_search(user=officer, query="John Smith",
                                  filters=SearchFilters(force_id=kent().pk))
    assert _entity(results, EntityType.PERSON, person.pk).report_count == 1


def test_the_entity_type_filter_keeps_entities_and_reports_of_that_type(officer):
    person = PersonFactory(forenames="Smith", surname="Motors")
    organisation = _organisation("Smith Motors")
    on_person = IntelligenceReportFactory()
    _link(on_person, person=person)
    on_organisation = IntelligenceReportFactory()
    _link(on_organisation, EntityType.ORGANISATION, organisation=organisation)

    results = intelligence_search(user=officer, query="Smith Motors",
                                  filters=SearchFilters(entity_type=EntityType.ORGANISATION))

    assert [(hit.entity_type, hit.pk) for hit in results.entities] == [
        (EntityType.ORGANISATION, organisation.pk)]
    assert _report_pks(results) == [on_organisation.pk]


def test_the_entity_type_filter_keeps_word_matches_that_link_that_type(officer):
    with_vehicle = IntelligenceReportFactory(sanitised_text="Cannabis sold from a car.")
    _link(with_vehicle, EntityType.VEHICLE, vehicle=VehicleFactory())
    without_vehicle = IntelligenceReportFactory(sanitised_text="Cannabis sold from a flat.")
    _link(without_vehicle, person=PersonFactory())
    results = intelligence_search(user=officer, query="cannabis",
                                  filters=SearchFilters(entity_type=EntityType.VEHICLE))
    assert _report_pks(results) == [with_vehicle.pk]


# --- Visibility -------------------------------------------------------------------------

def test_a_report_the_user_may_not_see_is_neither_listed_nor_counted(officer, outsider):
    person = PersonFactory(forenames="John", surname="Smith")
    seen = IntelligenceReportFactory(originating_force=kent())
    _link(seen, person=person)
    kent_only = ConditionalReportFactory(originating_force=kent(), originator_only=True,
                                         sanitised_text="John Smith deals cannabis.")
    _link(kent_only, person=person)
    draft = IntelligenceReportFactory(status=ReportStatus.DRAFT, title="John Smith")
    _link(draft, person=person)

    results = intelligence_search(user=officer, query="John Smith")

    assert _report_pks(results) == [seen.pk]
    assert _entity(results, EntityType.PERSON, person.pk).report_count == 1
    as_outsider = intelligence_search(user=outsider, query="John Smith")
    assert set(_report_pks(as_outsider)) == {seen.pk, kent_only.pk}
    assert _entity(as_outsider, EntityType.PERSON, person.pk).report_count == 2


def test_a_report_shared_with_named_roles_only_is_hidden_from_other_roles(officer, analyst):
    report = ConditionalReportFactory(shared_with_roles=["intelligence_analyst"],
                                      sanitised_text="Machete hidden near the garages.")
    assert intelligence_search(user=officer, query="machete").reports == []
    assert _report_pks(intelligence_search(user=analyst, query="machete")) == [report.pk]


def test_a_user_outside_the_police_roles_finds_nothing(administrator):
    person = PersonFactory(forenames="John", surname="Smith")
    _link(IntelligenceReportFactory(), person=person)
    results = intelligence_search(user=administrator, query="John Smith")
    assert (results.entities, results.reports) == ([], [])


# --- The query itself -------------------------------------------------------------------

def test_a_long_query_is_cut_not_refused(officer):
    PersonFactory(forenames="John", surname="Smith")
    results = intelligence_search(user=officer, query="John Smith " + "x" * 500)
    assert len(results.query) == QUERY_MAX_LENGTH
    assert results.message == CUT_QUERY_MESSAGE


def test_a_query_without_letters_or_digits_finds_nothing_and_says_what_to_enter(officer):
    results = intelligence_search(user=officer, query=" ?! -- ")
    assert (results.entities, results.reports) == ([], [])
    assert results.message == EMPTY_QUERY_MESSAGE


def test_registration_labels_put_the_space_where_it_is_read():
    assert registration_label("ab12cde") == "AB12 CDE"
    assert registration_label("A123 BCD") == "A123 BCD"


def test_telephone_keys_treat_44_and_0_alike():
    assert "07700900123" in telephone_keys("+44 (0)7700 900123")
    assert set(telephone_keys("07700 900123")) >= {"07700900123", "447700900123"}


# --- Queries ----------------------------------------------------------------------------

def _queries_of(user, query):
    with CaptureQueriesContext(connection) as captured:
        intelligence_search(user=user, query=query)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_hits(officer,
                                                           django_assert_max_num_queries):
    person = PersonFactory(forenames="John", surname="Smith")
    # One hit of each kind (a linked report, the words), so that more hits add none.
    _link(IntelligenceReportFactory(sanitised_text="John Smith sells."), person=person)
    officer.role_names  # noqa: B018 - read once, as a request does
    few = _queries_of(officer, "John Smith")

    for _ in range(8):
        another = PersonFactory(forenames="John", surname="Smith")
        AliasFactory(person=another, forenames="Jack", surname="Smith")
        for _ in range(3):
            _link(ConditionalReportFactory(shared_with_forces=[essex()],
                                           sanitised_text="John Smith sells."),
                  person=another)

    assert _queries_of(officer, "John Smith") == few
    # PostgreSQL adds the savepoints and settings of the name and full-text queries.
    with django_assert_max_num_queries(20 if connection.vendor == "postgresql" else 12):
        intelligence_search(user=officer, query="John Smith")


# --- PostgreSQL: the search's queries use the migration's indexes -----------------------

@postgresql_only
@pytest.mark.parametrize(("query", "index"), [
    ("cannabis supply", "intelligence_report_search_words_gin"),
    ("AB12 CDE", "people_vehicle_registration_key"),
    ("07700 900123", "people_telephone_digits"),
    ("CM1 1AA", "people_location_postcode_key"),
    ("Mill Lane", "people_location_address_trgm"),
    ("12 Mill Lane", "people_location_line_1_prefix"),
    ("Fairwell Motors", "people_organisation_name_trgm"),
])
def test_the_search_uses_its_indexes(officer, query, index):
    with CaptureQueriesContext(connection) as captured:
        intelligence_search(user=officer, query=query)
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        for executed in captured.captured_queries:
            if executed["sql"].startswith(("SELECT", "(SELECT")):
                cursor.execute(f"EXPLAIN {executed['sql']}")
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        cursor.execute("RESET enable_seqscan")
    assert any(index in plan for plan in plans), plans


@postgresql_only
@pytest.mark.parametrize(("filters", "index"), [
    (SearchFilters(), "intel_report_obtained_idx"),
    (SearchFilters(date_from=datetime.date(2024, 1, 1), date_to=datetime.date(2025, 6, 30)),
     "intel_report_obtained_idx"),
    ("essex", "intel_report_force_date_idx"),
])
def test_the_newest_reports_are_walked_through_the_date_indexes(officer, filters, index,
                                                                small_word_scan):
    filters = SearchFilters(force_id=essex().pk) if filters == "essex" else filters
    for year in (2024, 2024, 2025):
        IntelligenceReportFactory(sanitised_text="Cannabis is sold from the flat.",
                                  obtained_on=datetime.date(year, 3, 1))
    with CaptureQueriesContext(connection) as captured:
        intelligence_search(user=officer, query="cannabis", filters=filters)
    walk = next(executed["sql"] for executed in captured.captured_queries
                if '"search_words" @@' in executed["sql"] and "ORDER BY" in executed["sql"])
    with transaction.atomic(), connection.cursor() as cursor:
        # As the search sets them for the walk; the GIN index may not be the way in.
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {walk}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The walk stops at the window's edge: the index scan itself is bounded by it.
    bounded = rf"Index Scan Backward using {index} .*\n\s+Index Cond: .*ROW\(obtained_on, id\) >= "
    assert re.search(bounded, plan), plan


@postgresql_only
def test_the_settings_the_search_makes_do_not_outlive_it(officer):
    PersonFactory(forenames="John", surname="Smith")
    IntelligenceReportFactory(sanitised_text="Cannabis sold from a flat.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('work_mem')")
        before = cursor.fetchone()
        intelligence_search(user=officer, query="John Smith cannabis")
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('work_mem')")
        assert cursor.fetchone() == before


def test_among_equal_matches_the_name_with_no_extra_words_comes_first(officer):
    PersonFactory(forenames="Adil Mohammed", surname="Khan")
    PersonFactory(forenames="Mohammed", surname="Khan")
    assert _people(intelligence_search(user=officer, query="Mohammed Khan")) == [
        "Mohammed KHAN", "Adil Mohammed KHAN"]
