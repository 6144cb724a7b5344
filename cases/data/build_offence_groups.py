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
        "description": "Offences involving a death (DG6 Annex 1: a death)",
        "prefixes": None,
        "title": r"murder|manslaughter|homicide|infanticide|child destruction"
                 r"|caus\w* (a |the )?death|death caus|resulting in death|which caused death"
                 r"|death of a child",
        "exclude": {
            "CL67011": "assisting an offender in any offence except murder",
            "AV90004": "likely to cause death: no death need have happened",
            "COML025A": "attempt: no death", "COML025B": "attempt: no death",
            "COML025C": "conspiracy: no death", "COML026A": "attempt: no death",
            "COML026C": "conspiracy: no death", "IL29001A": "attempt: no death",
            "OF61003": "soliciting: no death", "OF61003A": "attempt: no death",
            "PI37001": "attempted murder: no death",
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
}

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


def build(groups, offences):
    built = {}
    for name, spec in groups.items():
        title = re.compile(spec["title"], re.IGNORECASE)
        codes = {
            offence["cjsCode"]: offence["offenceTitle"]
            for offence in offences
            if offence["offenceCategory"] in CRIMINAL_CATEGORIES
            and (spec["prefixes"] is None or offence["cjsCode"].startswith(spec["prefixes"]))
            and title.search(offence["offenceTitle"])
            and offence["cjsCode"] not in spec["exclude"]
        }
        built[name] = {
            "description": spec["description"],
            "excluded_by_eye": spec["exclude"],
            "codes": dict(sorted(codes.items())),
        }
    return built


def write(path, groups, offences):
    document = {"how_made": HOW_MADE, "groups": build(groups, offences)}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, group in document["groups"].items():
        print(f"{path.name}: {name}: {len(group['codes'])} codes")


def main():
    offences = json.loads(OFFENCE_INDEX.read_text(encoding="utf-8-sig"))
    write(HERE / "cps_offence_groups.json", CPS_GROUPS, offences)
    write(HERE / "police_offence_groups.json", POLICE_GROUPS, offences)


if __name__ == "__main__":
    main()
