import json

import pytest
from django.db import IntegrityError, transaction

from athena.offences.models import (
    CodeSuffix,
    ModeOfTrial,
    Offence,
    OffenceCategory,
    mode_of_trial_for,
)
from athena.offences.services import OFFENCES_FILE
from tests.offences.factories import OffenceFactory

CRIMINAL = {"CS": ModeOfTrial.SUMMARY_ONLY, "CM": ModeOfTrial.SUMMARY_ONLY,
            "CE": ModeOfTrial.EITHER_WAY, "CI": ModeOfTrial.INDICTABLE_ONLY}


@pytest.mark.parametrize(("category", "mode"), CRIMINAL.items())
def test_criminal_categories_give_their_mode_of_trial(category, mode):
    assert mode_of_trial_for(category) == mode


@pytest.mark.parametrize("category", sorted(set(OffenceCategory.values) - set(CRIMINAL)))
def test_every_other_category_is_not_a_criminal_offence(category):
    assert mode_of_trial_for(category) == ModeOfTrial.NOT_CRIMINAL


def test_an_unknown_category_is_not_a_criminal_offence():
    assert mode_of_trial_for("ZZ") == ModeOfTrial.NOT_CRIMINAL


def test_categories_are_those_of_the_cjs_category_list():
    path = OFFENCES_FILE.with_name("offence-category.json")
    published = {row["cjsCode"]: row["description"]
                 for row in json.loads(path.read_text(encoding="utf-8"))}
    assert dict(OffenceCategory.choices) == published


@pytest.mark.parametrize(("category", "is_criminal"),
                         [("CS", True), ("CM", True), ("CE", True), ("CI", True),
                          ("CB", False), ("CR", False), ("VP", False), ("EF", False)])
def test_is_criminal_only_for_summary_either_way_and_indictable(db, category, is_criminal):
    assert OffenceFactory(category=category).is_criminal is is_criminal


@pytest.mark.parametrize(("code", "suffix"), [
    ("TH68010", None),
    ("TH68010A", CodeSuffix.ATTEMPT),
    ("TH68010B", CodeSuffix.AID_AND_ABET),
    ("TH68010C", CodeSuffix.CONSPIRACY),
    ("TH68010I", CodeSuffix.INCITE),
    ("COML005", None),
])
def test_code_suffix_says_attempt_aid_conspiracy_or_incite(code, suffix):
    offence = Offence(cjs_code=code)
    assert offence.code_suffix == suffix
    assert offence.base_code == code[:7]


def test_code_suffix_labels():
    assert Offence(cjs_code="TH68010A").code_suffix.label == "Attempt"
    assert Offence(cjs_code="TH68010C").code_suffix.label == "Conspiracy"


def test_offence_reads_as_code_and_title():
    assert str(Offence(cjs_code="TH68010", title="Theft from a shop")) == \
        "TH68010 Theft from a shop"


@pytest.mark.parametrize(("category", "mode"), [
    ("CE", ModeOfTrial.SUMMARY_ONLY),
    ("CS", ModeOfTrial.NOT_CRIMINAL),
    ("VP", ModeOfTrial.INDICTABLE_ONLY),
])
def test_database_refuses_a_mode_of_trial_that_does_not_follow_the_category(
        db, category, mode):
    with pytest.raises(IntegrityError), transaction.atomic():
        Offence.objects.create(cjs_code="TH68010", title="Theft from a shop",
                               category=category, mode_of_trial=mode,
                               recordable_on_pnc=True)


@pytest.mark.parametrize("category", sorted(OffenceCategory.values))
def test_database_accepts_the_derived_mode_of_trial_for_every_category(db, category):
    OffenceFactory(category=category)


def test_database_refuses_an_unknown_category(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Offence.objects.create(cjs_code="TH68010", title="Theft from a shop",
                               category="ZZ", mode_of_trial=ModeOfTrial.NOT_CRIMINAL,
                               recordable_on_pnc=True)


def test_cjs_code_is_unique(db):
    OffenceFactory(cjs_code="TH68010")
    with pytest.raises(IntegrityError), transaction.atomic():
        Offence.objects.create(cjs_code="TH68010", title="Another", category="CE",
                               mode_of_trial=ModeOfTrial.EITHER_WAY, recordable_on_pnc=True)


def test_criminal_queryset_leaves_out_non_criminal_categories(db):
    OffenceFactory(cjs_code="TH68010", category="CE")
    OffenceFactory(cjs_code="AE71501", category="VP")
    assert list(Offence.objects.criminal().values_list("cjs_code", flat=True)) == ["TH68010"]
