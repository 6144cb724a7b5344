"""DG6 Annex 1 as rules: who decides the charge, the police or the CPS."""

from athena.offences.models import ModeOfTrial
from cases.constants import Marker, Plea
from cases.rules_data.common import (
    CHARGING,
    CPS,
    POLICE,
    Rule,
)

# DG6 Annex 1: the offences the police may charge.
SUMMARY_ONLY = ("offence_mode_is", ModeOfTrial.SUMMARY_ONLY)
RETAIL_THEFT = ("offence_in_group", "retail_theft")
EITHER_WAY_GUILTY_PLEA = ("all", ("offence_mode_is", ModeOfTrial.EITHER_WAY),
                          ("offence_plea_is", Plea.GUILTY))
# DG5/DG6: not suitable for magistrates' sentence when the loss is over £5,000 (an
# unknown loss does not count against it) or more than 12 months' custody is likely.
SUITABLE_FOR_MAGISTRATES_SENTENCE = ("all", ("loss_at_most", "5000"),
                                     ("not", ("custody_over_12_months_likely",)))
EVERY_OFFENCE_SUMMARY_ONLY = ("every_offence", SUMMARY_ONLY)
EVERY_OFFENCE_RETAIL_THEFT = ("every_offence", RETAIL_THEFT)
EVERY_OFFENCE_EITHER_WAY_GUILTY_PLEA = ("every_offence", EITHER_WAY_GUILTY_PLEA)


def any_offence_in(group):
    return ("any_offence", ("offence_in_group", group))


# Markers some offences carry by their definition: every rule that reads the marker
# ("marker") reads a case with such an offence as marked, though the officer's own ticks
# ("marked") are left as they are. Controlling or coercive behaviour in an intimate or
# family relationship (Serious Crime Act 2015 s.76) is domestic abuse by definition
# (Domestic Abuse Act 2021 s.1(3)(c)).
MARKERS_BY_DEFINITION = {Marker.DOMESTIC_ABUSE: "domestic_abuse"}


CHARGING_RULES = (
    Rule("charging.police.summary_only", CHARGING, POLICE, EVERY_OFFENCE_SUMMARY_ONLY,
         "The police may charge because every offence is summary only (DG6 Annex 1)"),
    Rule("charging.police.retail_theft", CHARGING, POLICE,
         ("all", EVERY_OFFENCE_RETAIL_THEFT, SUITABLE_FOR_MAGISTRATES_SENTENCE),
         "The police may charge because every offence is retail theft suitable for sentence "
         "in the magistrates' court, whatever the plea (DG6 Annex 1)"),
    Rule("charging.police.either_way_guilty_plea", CHARGING, POLICE,
         ("all", EVERY_OFFENCE_EITHER_WAY_GUILTY_PLEA, SUITABLE_FOR_MAGISTRATES_SENTENCE),
         "The police may charge because every offence is either way with an anticipated "
         "guilty plea and suitable for sentence in the magistrates' court (DG6 Annex 1)"),
    Rule("charging.police.mixed", CHARGING, POLICE,
         ("all",
          ("every_offence", ("any", SUMMARY_ONLY, RETAIL_THEFT, EITHER_WAY_GUILTY_PLEA)),
          SUITABLE_FOR_MAGISTRATES_SENTENCE,
          ("not", EVERY_OFFENCE_SUMMARY_ONLY),
          ("not", EVERY_OFFENCE_RETAIL_THEFT),
          ("not", EVERY_OFFENCE_EITHER_WAY_GUILTY_PLEA)),
         "The police may charge because every offence is one they may charge: summary "
         "only, retail theft, or either way with an anticipated guilty plea, and the case "
         "is suitable for sentence in the magistrates' court (DG6 Annex 1)"),
    # The CPS must decide whenever any of these holds; it overrides the police rules.
    Rule("charging.cps.indictable_only", CHARGING, CPS,
         ("any_offence", ("offence_mode_is", ModeOfTrial.INDICTABLE_ONLY)),
         "The CPS must decide because an offence is indictable only (DG6 Annex 1)"),
    Rule("charging.cps.consent", CHARGING, CPS, any_offence_in("consent_to_prosecute"),
         "The CPS must decide because an offence may be prosecuted only with the consent of "
         "the Director of Public Prosecutions or a Law Officer (DG6 Annex 1)"),
    Rule("charging.cps.domestic_abuse", CHARGING, CPS, ("marked", Marker.DOMESTIC_ABUSE),
         "The CPS must decide because the case is marked domestic abuse (DG6 Annex 1)"),
    Rule("charging.cps.domestic_abuse_offence", CHARGING, CPS, any_offence_in("domestic_abuse"),
         "The CPS must decide because an offence is domestic abuse by definition: "
         "controlling or coercive behaviour in an intimate or family relationship (Serious "
         "Crime Act 2015 s.76; DG6 Annex 1)"),
    Rule("charging.cps.hate_crime", CHARGING, CPS, ("marker", Marker.HATE_CRIME),
         "The CPS must decide because the case is marked hate crime (DG6 Annex 1)"),
    Rule("charging.cps.hate_crime_offence", CHARGING, CPS, any_offence_in("hate_crime"),
         "The CPS must decide because an offence is racially or religiously aggravated or "
         "stirs up hatred, so the case is a hate crime (DG6 Annex 1)"),
    Rule("charging.cps.death", CHARGING, CPS, any_offence_in("death"),
         "The CPS must decide because an offence is defined by a death, such as causing "
         "death by driving, in any form (DG6 Annex 1: a death)"),
    Rule("charging.cps.fatality", CHARGING, CPS, ("marked", Marker.FATALITY),
         "The CPS must decide because someone died: the case is marked as a fatality "
         "(DG6 Annex 1: a death)"),
    Rule("charging.cps.terrorism_official_secrets", CHARGING, CPS,
         any_offence_in("terrorism_official_secrets"),
         "The CPS must decide because an offence is a terrorism or official secrets "
         "offence (DG6 Annex 1)"),
    Rule("charging.cps.harassment_stalking", CHARGING, CPS,
         any_offence_in("harassment_stalking"),
         "The CPS must decide because an offence is harassment or stalking (DG6 Annex 1)"),
    Rule("charging.cps.violent_disorder_affray", CHARGING, CPS,
         any_offence_in("violent_disorder_affray"),
         "The CPS must decide because an offence is violent disorder or affray "
         "(DG6 Annex 1)"),
    Rule("charging.cps.gbh_wounding_abh", CHARGING, CPS, any_offence_in("gbh_wounding_abh"),
         "The CPS must decide because an offence is grievous bodily harm, wounding or "
         "actual bodily harm (DG6 Annex 1)"),
    Rule("charging.cps.sexual_offence_under_18", CHARGING, CPS,
         ("all", any_offence_in("sexual_offences_act"),
          ("any", ("marker", Marker.YOUTH_SUSPECT), ("marker", Marker.CHILD_ABUSE))),
         "The CPS must decide because a Sexual Offences Act offence involves a suspect or "
         "a victim under 18 (DG6 Annex 1)"),
    Rule("charging.cps.sexual_offence_against_child", CHARGING, CPS,
         any_offence_in("sexual_offence_against_child"),
         "The CPS must decide because a Sexual Offences Act offence is by or against "
         "someone under 18 (DG6 Annex 1)"),
    Rule("charging.cps.licensing_act_2003", CHARGING, CPS,
         any_offence_in("licensing_act_2003"),
         "The CPS must decide because an offence is under the Licensing Act 2003 "
         "(DG6 Annex 1)"),
)

# When no rule lets the police charge, the CPS decides.
CHARGING_DEFAULT_REASON = (
    "The CPS must decide because DG6 Annex 1 does not let the police charge this case: the "
    "police may charge only summary-only offences, retail theft, and either-way offences "
    "with an anticipated guilty plea, when suitable for sentence in the magistrates' court"
)

