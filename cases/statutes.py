"""The statute a charge is "contrary to", by CJS offence code.

The CJS offence list we load (athena/data/cjs) holds each offence's code, title and
category, not its legislation, so the charge sheet (MG4) and the Digital Case File take
it from here: ``statute_for("TH68010")`` is sections 1 and 7 of the Theft Act 1968.

Two tables, both data to correct rather than logic to change:

- ``STATUTES``: the common volume-crime offences, each with the provision that creates
  and punishes it and the source of the line (the section on legislation.gov.uk). The
  provisions are the ones the usual charge wording cites [R: recalled from the Acts and
  the standard charge wording, checked against the sections' text; confirm against the
  PNLD entry before relying on one for anything but the printed charge].
- ``ACTS_BY_PREFIX``: the Act and year a code's first four characters stand for (the
  CJS code is ``AAYYNNN``: Act, year, number), for every other code under those Acts.
  It names the Act without a section, because the section is not known. Each prefix
  has its source: the CJS titles under it that name the Act, or the offences under it
  that only that Act creates.

A code under neither gives None: nothing rather than a guess.

The 8th character of a code (A attempt, B aid and abet, C conspiracy, I incite) changes
what is charged: an attempt is charged under the Criminal Attempts Act 1981 and a
statutory conspiracy under the Criminal Law Act 1977, whatever the offence; an accessory
is charged with the offence itself, so aiding and abetting takes the offence's own
statute; incitement depends on when it was done (common law before October 2008, the
Serious Crime Act 2007 after), so it gives None.
"""

from dataclasses import dataclass

LEGISLATION = "https://www.legislation.gov.uk/ukpga"


@dataclass(frozen=True)
class Statute:
    """An Act and, when known, the provision of it that an offence is contrary to."""

    act: str
    provision: str = ""  # "sections 1 and 7", "section 39"; empty when not known
    # A second enactment the charge cites as well ("Schedule 2 to the Road Traffic
    # Offenders Act 1988"), when there is one.
    also: str = ""
    source: str = ""

    @property
    def contrary_to(self):
        """As a charge puts it after "contrary to": "sections 1 and 7 of the Theft Act
        1968", or "the Theft Act 1968" when the section is not known."""
        text = f"{self.provision} of the {self.act}" if self.provision else f"the {self.act}"
        return f"{text} and {self.also}" if self.also else text

    def __str__(self):
        return self.contrary_to


def _line(act, provision, source, also=""):
    return Statute(act=act, provision=provision, also=also, source=f"{LEGISLATION}/{source}")


THEFT_ACT_1968 = "Theft Act 1968"
CRIMINAL_JUSTICE_ACT_1988 = "Criminal Justice Act 1988"
PUBLIC_ORDER_ACT_1986 = "Public Order Act 1986"
CRIMINAL_DAMAGE_ACT_1971 = "Criminal Damage Act 1971"
ROAD_TRAFFIC_ACT_1988 = "Road Traffic Act 1988"
OFFENCES_AGAINST_THE_PERSON_ACT_1861 = "Offences against the Person Act 1861"

# Theft is "contrary to sections 1 and 7": section 1 defines it, section 7 punishes it.
_THEFT = _line(THEFT_ACT_1968, "sections 1 and 7", "1968/60/section/7")
_CRIMINAL_DAMAGE = _line(CRIMINAL_DAMAGE_ACT_1971, "sections 1(1) and 4", "1971/48/section/1")
_COMMON_ASSAULT = _line(CRIMINAL_JUSTICE_ACT_1988, "section 39", "1988/33/section/39")
_EMERGENCY_WORKER = _line(
    CRIMINAL_JUSTICE_ACT_1988, "section 39", "2018/23/section/1",
    also="section 1 of the Assaults on Emergency Workers (Offences) Act 2018")
_DRINK_DRIVING_SCHEDULE = "Schedule 2 to the Road Traffic Offenders Act 1988"

STATUTES = {
    # Theft Act 1968
    "TH68001": _THEFT,  # theft from the person
    "TH68002": _THEFT,  # theft in a dwelling
    "TH68003": _THEFT,  # theft by employee
    "TH68006": _THEFT,  # theft of a pedal cycle
    "TH68007": _THEFT,  # theft from a motor vehicle
    "TH68010": _THEFT,  # theft from a shop
    "TH68013": _THEFT,  # theft of a motor vehicle
    "TH68020": _THEFT,  # theft - other
    "TH68023": _line(THEFT_ACT_1968, "section 8(1)", "1968/60/section/8"),  # robbery
    "TH68026": _line(THEFT_ACT_1968, "section 9(1)(a)", "1968/60/section/9"),
    "TH68036": _line(THEFT_ACT_1968, "section 9(1)(b)", "1968/60/section/9"),
    "TH68037": _line(THEFT_ACT_1968, "section 9(1)(b)", "1968/60/section/9"),
    "TH68050": _line(THEFT_ACT_1968, "section 12(1)", "1968/60/section/12"),  # TWOC
    "TH68073": _line(THEFT_ACT_1968, "section 22(1)", "1968/60/section/22"),  # handling
    "TH68078": _line(THEFT_ACT_1968, "section 25(1)", "1968/60/section/25"),  # going equipped
    "TH78011": _line("Theft Act 1978", "section 3", "1978/31/section/3"),  # make off
    "FA06001": _line("Fraud Act 2006", "sections 1 and 2", "2006/35/section/2"),
    # Violence against the person
    "CJ88001": _COMMON_ASSAULT,  # common assault
    "CJ88116": _COMMON_ASSAULT,  # assault by beating (battery)
    "CJ88159": _EMERGENCY_WORKER,  # common assault of an emergency worker
    "CJ88160": _EMERGENCY_WORKER,  # assault by beating of an emergency worker
    "OF61102": _line(OFFENCES_AGAINST_THE_PERSON_ACT_1861, "section 47",
                     "Vict/24-25/100/section/47"),  # ABH
    "OF61131": _line(OFFENCES_AGAINST_THE_PERSON_ACT_1861, "section 20",
                     "Vict/24-25/100/section/20"),  # wounding / GBH without intent
    "PL96001": _line("Police Act 1996", "section 89(1)", "1996/16/section/89"),
    "PL96003": _line("Police Act 1996", "section 89(2)", "1996/16/section/89"),
    "SC15004": _line("Serious Crime Act 2015", "section 76", "2015/9/section/76"),
    "PH97004": _line("Protection from Harassment Act 1997", "sections 1 and 2",
                     "1997/40/section/2"),
    # Criminal damage
    "CD71038": _CRIMINAL_DAMAGE,
    "CD71039": _CRIMINAL_DAMAGE,
    "CD71040": _CRIMINAL_DAMAGE,
    # Public order
    "PU86002": _line(PUBLIC_ORDER_ACT_1986, "section 2(1)", "1986/64/section/2"),
    "PU86003": _line(PUBLIC_ORDER_ACT_1986, "section 3(1)", "1986/64/section/3"),
    "PU86004": _line(PUBLIC_ORDER_ACT_1986, "section 4(1)", "1986/64/section/4"),
    "PU86116": _line(PUBLIC_ORDER_ACT_1986, "section 4A(1)", "1986/64/section/4A"),
    "PU86149": _line(PUBLIC_ORDER_ACT_1986, "section 5(1)", "1986/64/section/5"),
    # Weapons
    "PC53001": _line("Prevention of Crime Act 1953", "section 1(1)", "Eliz2/1-2/14/section/1"),
    "CJ88144": _line(CRIMINAL_JUSTICE_ACT_1988, "section 139(1)", "1988/33/section/139"),
    # Drugs
    "MD71530": _line("Misuse of Drugs Act 1971", "section 5(2)", "1971/38/section/5"),
    # Driving
    "RT88007": _line(ROAD_TRAFFIC_ACT_1988, "section 5(1)(a)", "1988/52/section/5",
                     also=_DRINK_DRIVING_SCHEDULE),  # drive with excess alcohol
    "RT88008": _line(ROAD_TRAFFIC_ACT_1988, "section 5(1)(b)", "1988/52/section/5",
                     also=_DRINK_DRIVING_SCHEDULE),  # in charge with excess alcohol
    "RT88010": _line(ROAD_TRAFFIC_ACT_1988, "section 7(6)", "1988/52/section/7"),
    "RT88333": _line(ROAD_TRAFFIC_ACT_1988, "section 103(1)(b)", "1988/52/section/103"),
    "RT88339": _line(ROAD_TRAFFIC_ACT_1988, "section 4(1)", "1988/52/section/4"),
    # Bail
    "BA76001": _line("Bail Act 1976", "section 6(1)", "1976/63/section/6"),
}

# The Act a code's first four characters stand for, with what shows it.
ACTS_BY_PREFIX = {
    "TH68": (THEFT_ACT_1968, "CJS codes TH68: theft (TH68010), robbery, burglary, "
                             "handling: offences of the Theft Act 1968"),
    "TH78": ("Theft Act 1978", "CJS code TH78011 make off without making payment: "
                               "Theft Act 1978 s.3"),
    "FA06": ("Fraud Act 2006", "CJS title FA06001 'Fraud by false representation - "
                               "Fraud Act 2006'"),
    "CJ88": (CRIMINAL_JUSTICE_ACT_1988, "CJS title CJ88144 '... - Criminal Justice Act "
                                        "1988'"),
    "CJ03": ("Criminal Justice Act 2003", "CJS title CJ03007 '... - Criminal Justice Act "
                                          "2003'"),
    "PU86": (PUBLIC_ORDER_ACT_1986, "CJS titles PU86154-PU86156 '... - Public Order Act "
                                    "1986'"),
    "CD71": (CRIMINAL_DAMAGE_ACT_1971, "CJS title CD71001C '... Criminal Damage Act "
                                       "1971'; CD71015 arson, CD71039 criminal damage"),
    "CD98": ("Crime and Disorder Act 1998", "CJS titles CD98059-CD98061 '... - Crime and "
                                            "Disorder Act 1998'"),
    "RT88": (ROAD_TRAFFIC_ACT_1988, "CJS titles RT88063, RT88102 '... Road Traffic Act "
                                    "1988'"),
    "MD71": ("Misuse of Drugs Act 1971", "CJS title MD71620 '... Misuse of Drugs Act "
                                         "1971 ...'"),
    "SC15": ("Serious Crime Act 2015", "CJS code SC15004 controlling or coercive "
                                       "behaviour: Serious Crime Act 2015 s.76"),
    "OF61": (OFFENCES_AGAINST_THE_PERSON_ACT_1861, "CJS title OF61003 '... Offences "
                                                   "Against the Person Act 1861'"),
    "PH97": ("Protection from Harassment Act 1997", "CJS title PH97005 '(Order made under "
                                                    "s 5 PHA 97)'"),
    "PC53": ("Prevention of Crime Act 1953", "CJS code PC53001 possess an offensive weapon "
                                             "in a public place: Prevention of Crime Act "
                                             "1953 s.1"),
    "PL96": ("Police Act 1996", "CJS code PL96001 assault a constable in the execution of "
                                "duty: Police Act 1996 s.89"),
    "BA76": ("Bail Act 1976", "CJS code BA76001 fail to surrender: Bail Act 1976 s.6"),
    "FI68": ("Firearms Act 1968", "CJS titles FI68005, FI68032 '... Firearms Act 1968'"),
}

ATTEMPT = _line("Criminal Attempts Act 1981", "section 1(1)", "1981/47/section/1")
CONSPIRACY = _line("Criminal Law Act 1977", "section 1(1)", "1977/45/section/1")
SUFFIXES = {"A": ATTEMPT, "C": CONSPIRACY}
CODE_LENGTH = 7


def statute_for(cjs_code):
    """The Statute the offence with this CJS code is contrary to, or None when neither
    the table nor the code's Act-and-year prefix says (never a guess). Case and
    surrounding spaces are ignored; an 8th character is an attempt (Criminal Attempts
    Act 1981), conspiracy (Criminal Law Act 1977), aiding and abetting (the offence's
    own statute) or incitement (None)."""
    code = str(cjs_code or "").strip().upper()
    if len(code) < CODE_LENGTH or len(code) > CODE_LENGTH + 1:
        return None
    base, suffix = code[:CODE_LENGTH], code[CODE_LENGTH:]
    if suffix:
        if suffix in SUFFIXES:
            return SUFFIXES[suffix] if statute_for(base) is not None else None
        if suffix != "B":
            return None
    if base in STATUTES:
        return STATUTES[base]
    act = ACTS_BY_PREFIX.get(base[:4])
    if act is None or not base[4:].isdigit():
        return None
    return Statute(act=act[0], source=act[1])
