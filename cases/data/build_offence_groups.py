"""Build the offence groups of the charging rules from the CJS offence index.

Run once, by hand, when the offence index changes; review the output by eye before
committing it (the titles are written beside the codes for that):

    .venv/bin/python cases/data/build_offence_groups.py

The rules read the JSON files this writes, never the keywords below: a group is an
explicit list of CJS codes that a person has checked, so a new offence joins a group
only when someone re-runs this and reads the difference.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OFFENCE_INDEX = ROOT / "athena" / "data" / "cjs" / "cjs-offences.json"
HERE = Path(__file__).resolve().parent

# Summary, summary motoring, either way, indictable: the criminal categories.
CRIMINAL_CATEGORIES = {"CS", "CM", "CE", "CI"}

# Each group: the code prefixes (Act and year) it may come from (None: any), the
# title pattern, and codes read by eye and excluded (with why).
CPS_GROUPS = {
    "death": {
        "description": "Offences defined by a death, in every form: attempt, aiding and "
                       "abetting, conspiracy and incitement (DG6 Annex 1: a death)",
        "prefixes": None,
        "title": r"murder|manslaughter|homicide|infanticide|child destruction"
                 r"|caus\w* (of )?(a |the )?death|death caus|resulting in death"
                 r"|which caused death|death of a child",
        # Every form of an offence defined by a death belongs with it, whether or not its
        # own title says so: the attempt (A), aiding and abetting (B), conspiracy (C) and
        # incitement (I) of the CJS code's eighth character.
        "every_form": True,
        "exclude": {
            "CL67011": "assisting an offender in any offence except murder",
            "AV90004": "likely to cause death: no death need have happened",
            "OF61003": "soliciting murder is an offence of its own, not defined by a death",
            "OF61003A": "soliciting murder is an offence of its own, not defined by a death",
            "PI37001": "piracy with attempted murder is an offence of its own",
            "SC07005": "encouraging: no death need have happened",
            "SC07009": "encouraging: no death need have happened",
            "SC07013": "encouraging: no death need have happened",
            "CM07002": "a later failure to comply with an order, not the death",
            "CM07003": "a later failure to comply with an order, not the death",
        },
    },
    "terrorism_official_secrets": {
        "description": "Terrorism and official secrets offences (DG6 Annex 1)",
        # PT00 Terrorism Act 2000, AT01 Anti-terrorism, Crime and Security Act 2001,
        # TR06 Terrorism Act 2006, TR08 Counter-Terrorism Act 2008, CT15 Counter-Terrorism
        # and Security Act 2015, TI11 TPIM Act 2011, CE19 Counter-Terrorism (Sanctions)
        # Regulations 2019, OS20 Official Secrets Act 1920, OS89 Official Secrets Act
        # 1989, NS23 National Security Act 2023 (which replaced the Official Secrets Acts
        # 1911 to 1939). Not TR00 (Transport Act 2000) nor OS23 (Online Safety Act 2023).
        "prefixes": ("PT00", "AT01", "TR06", "TR08", "CT15", "TI11", "CE19",
                     "OS20", "OS89", "NS23"),
        "title": r".",
        "exclude": {
            "AT01036": "nuclear industry security regulations, not terrorism",
            "AT01037": "nuclear industry security regulations, not terrorism",
        },
    },
    "harassment_stalking": {
        "description": "Harassment and stalking offences (DG6 Annex 1)",
        # PH97 Protection from Harassment Act 1997, CD98 its racially or religiously
        # aggravated forms, ST19 Stalking Protection Act 2019, SE20 breach of a
        # restraining order on conviction, CJ01 harassment of a person in the home.
        "prefixes": ("PH97", "CD98", "ST19", "SE20", "CJ01"),
        "title": r"harass|stalk|restraining order",
        "exclude": {
            "CD98067": "public order harassment, alarm or distress (s.4A), not PHA harassment",
            "CD98067A": "public order harassment, alarm or distress (s.4A), not PHA harassment",
            "CD98075": "public order harassment, alarm or distress (s.5), not PHA harassment",
        },
    },
    "violent_disorder_affray": {
        "description": "Violent disorder and affray (DG6 Annex 1)",
        "prefixes": ("PU86",),
        "title": r"violent disorder|affray",
        "exclude": {},
    },
    "gbh_wounding_abh": {
        "description": "Grievous bodily harm, wounding and actual bodily harm (DG6 Annex 1)",
        "prefixes": None,
        "title": r"grievous bodily harm|\bgbh\b|wounding|\bwound\b(?! up)|actual bodily harm",
        "exclude": {"VG24025": "exposing a wound to beg: no injury caused"},
    },
    "sexual_offences_act": {
        "description": "Sexual Offences Act 2003 and 1956 offences; the CPS decides when the "
                       "suspect or the victim is under 18 (DG6 Annex 1)",
        "prefixes": ("SX03", "SX56"),
        "title": r".",
        "exclude": {},
    },
    "sexual_offence_against_child": {
        "description": "Sexual Offences Act offences whose title names a victim or an "
                       "offender under 18, so a person under 18 is always involved",
        "prefixes": ("SX03", "SX56"),
        "title": r"child|\bgirl\b|\bboy\b|under 1[368]|\bu\.? ?13|1[36] ?(to|-) ?1[57]"
                 r"|13 / 14 / 15|16 / 17|offender (aged )?under 18|young person",
        "exclude": {
            "SX03242": "the person observed is the one breast-feeding, not the child",
            "SX03242A": "the person observed is the one breast-feeding, not the child",
            "SX03243": "the person recorded is the one breast-feeding, not the child",
        },
    },
    "licensing_act_2003": {
        "description": "Licensing Act 2003 offences (DG6 Annex 1)",
        "prefixes": ("LG03",),
        "title": r".",
        "exclude": {},
    },
    "hate_crime": {
        "description": "Offences that are hate crimes by definition: racially or religiously "
                       "aggravated offences and stirring up hatred (DG6 Annex 1: hate crime)",
        "prefixes": ("CD98", "PU86", "FO91"),
        "title": r"racial|religious|hatred",
        "exclude": {"FO91003": "indecent or racial chanting: the title does not say which"},
    },
    "domestic_abuse": {
        "description": "Offences that are domestic abuse by definition: controlling or "
                       "coercive behaviour in an intimate or family relationship (Serious "
                       "Crime Act 2015 s.76; Domestic Abuse Act 2021 s.1(3)(c)). DG6 Annex 1: "
                       "the CPS decides domestic abuse cases",
        # SC15 Serious Crime Act 2015; s.76 is SC15004.
        "prefixes": ("SC15004",),
        "title": r"controlling|coercive",
        "every_form": True,
        "exclude": {},
    },
}

# Offences that may be prosecuted only by or with the consent of the Director of Public
# Prosecutions or a Law Officer (DG6 Annex 1: the CPS decides). Consent is a property of
# the offence, so each statute names the provision that requires it, whose consent, and
# where to read it; its codes are found by code prefix (Act and year) and title, then read
# by eye. Offences needing consent only in some circumstances (theft from a spouse, Theft
# Act 1968 s.30(4)) cannot be told by their code and are not here.
DPP = "the Director of Public Prosecutions"
ATTORNEY_GENERAL = "the Attorney General"
CONSENT_STATUTES = {
    "protection_of_children_act_1978": {
        "provision": "Protection of Children Act 1978 s.1(3)",
        "consent_of": DPP,
        "source": "https://www.legislation.gov.uk/ukpga/1978/37/section/1",
        "prefixes": ("PK78",),
        "title": r"indecent photo",
        "exclude": {},
    },
    "criminal_justice_act_1988_s160": {
        "provision": "Criminal Justice Act 1988 s.160(4), applying Protection of Children "
                     "Act 1978 s.1(3)",
        "consent_of": DPP,
        "source": "https://www.legislation.gov.uk/ukpga/1988/33/section/160",
        "prefixes": ("CJ88115",),
        "title": r"indecent photograph",
        "exclude": {},
    },
    "bribery_act_2010": {
        "provision": "Bribery Act 2010 s.10 (ss.1, 2, 6 and 7 offences)",
        "consent_of": "the Director of Public Prosecutions, the Director of the Serious "
                      "Fraud Office or the Director of Revenue and Customs Prosecutions, "
                      "personally",
        "source": "https://www.legislation.gov.uk/ukpga/2010/23/section/10",
        "prefixes": ("BA10",),
        "title": r".",
        "exclude": {},
    },
    "prevention_of_corruption_act_1906": {
        "provision": "Prevention of Corruption Act 1906 s.2(1) (offences before 1 July 2011, "
                     "when the Bribery Act 2010 replaced it)",
        "consent_of": ATTORNEY_GENERAL,
        "source": "https://www.legislation.gov.uk/ukpga/Edw7/6/34/section/2",
        "prefixes": ("PN06",),
        "title": r".",
        "exclude": {},
    },
    "suicide_act_1961": {
        "provision": "Suicide Act 1961 s.2(4)",
        "consent_of": DPP,
        "source": "https://www.legislation.gov.uk/ukpga/Eliz2/9-10/60/section/2",
        "prefixes": ("SU61",),
        "title": r"suicide",
        "exclude": {},
    },
    "public_order_act_1986_racial_hatred": {
        "provision": "Public Order Act 1986 s.27(1) (Part 3, stirring up racial hatred)",
        "consent_of": ATTORNEY_GENERAL,
        "source": "https://www.legislation.gov.uk/ukpga/1986/64/section/27",
        "prefixes": ("PU86",),
        "title": r"racial hatred|stir up racia",  # two titles are cut short at "racia"
        "exclude": {},
    },
    "public_order_act_1986_religious_sexual_orientation_hatred": {
        "provision": "Public Order Act 1986 s.29L(1) (Part 3A, stirring up religious or "
                     "sexual orientation hatred)",
        "consent_of": ATTORNEY_GENERAL,
        "source": "https://www.legislation.gov.uk/ukpga/1986/64/section/29L",
        "prefixes": ("PU86",),
        "title": r"religious|sexual orientation hatred",
        "exclude": {},
    },
    "criminal_law_act_1967_s4": {
        "provision": "Criminal Law Act 1967 s.4(4) (assisting offenders)",
        "consent_of": DPP,
        "source": "https://www.legislation.gov.uk/ukpga/1967/58/section/4",
        "prefixes": ("CL67",),
        "title": r"assisting offender",
        "exclude": {},
    },
    "criminal_law_act_1967_s5": {
        "provision": "Criminal Law Act 1967 s.5(3) (concealing an offence for reward, "
                     "wasting police time)",
        "consent_of": DPP,
        "source": "https://www.legislation.gov.uk/ukpga/1967/58/section/5",
        "prefixes": ("CL67",),
        "title": r"inducement to conceal|wasteful employment of police",
        "exclude": {},
    },
    "taking_of_hostages_act_1982": {
        "provision": "Taking of Hostages Act 1982 s.2(1)",
        "consent_of": ATTORNEY_GENERAL,
        "source": "https://www.legislation.gov.uk/ukpga/1982/28/section/2",
        "prefixes": ("TH82",),
        "title": r"hostage",
        "exclude": {},
    },
    "criminal_justice_and_immigration_act_2008_s63": {
        "provision": "Criminal Justice and Immigration Act 2008 s.63(10) (extreme "
                     "pornographic images)",
        "consent_of": DPP,
        "source": "https://www.legislation.gov.uk/ukpga/2008/4/section/63",
        "prefixes": ("CJ08",),
        "title": r"extreme pornographic",
        "exclude": {},
    },
    "coroners_and_justice_act_2009_s62": {
        "provision": "Coroners and Justice Act 2009 s.62(9) (prohibited images of children)",
        "consent_of": DPP,
        "source": "https://www.legislation.gov.uk/ukpga/2009/25/section/62",
        "prefixes": ("CJ09",),
        "title": r"prohibited image",
        "exclude": {},
    },
}
CONSENT_GROUP = "consent_to_prosecute"
CONSENT_DESCRIPTION = (
    "Offences that may be prosecuted only by or with the consent of the Director of Public "
    "Prosecutions or a Law Officer (DG6 Annex 1: the CPS decides). Each code's statute is "
    "under consent_by_code; the statutes and their sources under consent_statutes")

POLICE_GROUPS = {
    "retail_theft": {
        "description": "Retail theft (theft from a shop) and its attempt, aiding and "
                     "conspiracy (DG6 Annex 1: police may charge retail theft whatever the "
                     "plea if suitable for magistrates' sentence)",
        "prefixes": ("TH68010",),
        "title": r".",
        "exclude": {},
    },
}

HOW_MADE = (
    "Generated once by cases/data/build_offence_groups.py from athena/data/cjs/cjs-offences.json "
    "(criminal categories CS, CM, CE and CI only) by code prefix (Act and year) and title "
    "keywords, then checked by eye. The rules read these explicit codes; nothing is matched "
    "by keyword at run time."
)


def _criminal(offences):
    return [o for o in offences if o["offenceCategory"] in CRIMINAL_CATEGORIES]


def _matching(spec, offences):
    """{code: title} of the criminal offences the spec's prefixes and title pattern find,
    less those excluded by eye; with every attempt, aiding, conspiracy and incitement form
    (the eighth character A, B, C or I) of those found when the spec asks for every form."""
    title = re.compile(spec["title"], re.IGNORECASE)
    codes = {
        offence["cjsCode"]: offence["offenceTitle"]
        for offence in _criminal(offences)
        if (spec["prefixes"] is None or offence["cjsCode"].startswith(spec["prefixes"]))
        and title.search(offence["offenceTitle"])
        and offence["cjsCode"] not in spec["exclude"]
    }
    if spec.get("every_form"):
        codes.update({
            offence["cjsCode"]: offence["offenceTitle"]
            for offence in _criminal(offences)
            if len(offence["cjsCode"]) == 8 and offence["cjsCode"][7] in "ABCI"
            and offence["cjsCode"][:7] in codes and offence["cjsCode"] not in spec["exclude"]
        })
    return dict(sorted(codes.items()))


def build(groups, offences):
    return {name: {"description": spec["description"],
                   "excluded_by_eye": spec["exclude"],
                   "codes": _matching(spec, offences)}
            for name, spec in groups.items()}


def build_consent(statutes, offences):
    """The consent group: every code needing consent, each with the statute that says so,
    and the statutes with their provisions, whose consent, and sources."""
    codes, by_code, excluded = {}, {}, {}
    for name, spec in statutes.items():
        found = _matching(spec, offences)
        codes.update(found)
        by_code.update({code: name for code in found})
        excluded.update(spec["exclude"])
    return {
        "description": CONSENT_DESCRIPTION,
        "excluded_by_eye": excluded,
        "codes": dict(sorted(codes.items())),
        "consent_by_code": dict(sorted(by_code.items())),
        "consent_statutes": {
            name: {key: spec[key] for key in ("provision", "consent_of", "source")}
            for name, spec in statutes.items()},
    }


def build_all(offences):
    """{file name: groups} of both files, as they are written."""
    cps = build(CPS_GROUPS, offences)
    cps[CONSENT_GROUP] = build_consent(CONSENT_STATUTES, offences)
    return {"cps_offence_groups.json": cps,
            "police_offence_groups.json": build(POLICE_GROUPS, offences)}


def write(path, groups):
    document = {"how_made": HOW_MADE, "groups": groups}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, group in document["groups"].items():
        print(f"{path.name}: {name}: {len(group['codes'])} codes")


def main():
    offences = json.loads(OFFENCE_INDEX.read_text(encoding="utf-8-sig"))
    for name, groups in build_all(offences).items():
        write(HERE / name, groups)


if __name__ == "__main__":
    main()
