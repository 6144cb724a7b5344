"""The volume crimes a quick file starts from, most common first, and what each asks.

Each names its CJS offence and, where the charge has a standard form of words, the
particulars and the points to prove written from what the officer tells (``answers``).
An offence with no entry here is still quick-filed: its particulars and points to prove
are typed.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class VolumeCrime:
    slug: str
    label: str  # as officers say it
    cjs_code: str
    # What the page asks besides the core: property taken or damaged (goods, value,
    # recovered), a person who is the victim (whose statement it is), a breath reading.
    asks_property: bool = False
    asks_victim: bool = False
    asks_reading: bool = False
    place_label: str = "Where it happened"
    place_hint: str = "For example, outside 14 High Street, Chelmsford"
    # The particulars after "On <date>", from the answers (str.format names: place,
    # owner, goods, value, victim, reading); "" when the officer types them.
    wording: str = ""
    # Each point to prove and the evidence that meets it, one a line (str.format names as
    # above, with witness and interview).
    points_to_prove: tuple = ()


SHOPLIFTING = VolumeCrime(
    "shoplifting", "Shoplifting (theft from a shop)", "TH68010", asks_property=True,
    place_label="Shop", place_hint="Its name and address, for example Tesco, High Street, "
                                   "Chelmsford",
    wording="at {place} stole {goods} to the value of £{value} belonging to {owner}",
    points_to_prove=(
        "Appropriated property belonging to another – {goods} of {owner}: the statement "
        "of {witness}",
        "Dishonestly – {interview}",
        "With the intention of permanently depriving – left without paying: the "
        "statement of {witness}",
    ))
COMMON_ASSAULT = VolumeCrime(
    "common-assault", "Common assault", "CJ88001", asks_victim=True,
    wording="at {place} assaulted {victim}",
    points_to_prove=(
        "Assaulted or used unlawful force on {victim} – the statement of {victim}",
        "Intentionally or recklessly – {interview}",
        "Without lawful excuse – no self-defence or consent shown: the statement of "
        "{victim}",
    ))
CRIMINAL_DAMAGE = VolumeCrime(
    "criminal-damage", "Criminal damage", "CD71039", asks_property=True,
    wording="at {place} without lawful excuse damaged {goods} to the value of £{value} "
            "belonging to {owner}, intending to damage such property or being reckless as "
            "to whether such property would be damaged",
    points_to_prove=(
        "Damaged property belonging to another – {goods} of {owner}: the statement of "
        "{witness}",
        "Without lawful excuse, intending or reckless – {interview}",
    ))
DRINK_DRIVING = VolumeCrime(
    "drink-driving", "Drink-driving (excess alcohol)", "RT88007", asks_reading=True,
    place_label="Road", place_hint="For example, the A12 at Boreham",
    wording="drove a motor vehicle on {place}, a road, after consuming so much alcohol "
            "that the proportion of it in your breath, namely {reading} microgrammes of "
            "alcohol in 100 millilitres of breath, exceeded the prescribed limit",
    points_to_prove=(
        "Drove a motor vehicle on a road – {place}: the statement of {witness}",
        "Alcohol above the prescribed limit – {reading} microgrammes in 100 millilitres "
        "of breath on the evidential breath test",
    ))
CANNABIS = VolumeCrime(
    "cannabis", "Possession of cannabis", "MD71530",
    wording="at {place} had in your possession a quantity of cannabis, a controlled drug "
            "of Class B",
    points_to_prove=(
        "Had a controlled drug in possession – found on the suspect: the statement of "
        "{witness}",
        "The drug is cannabis, Class B – {interview}",
    ))

VOLUME_CRIMES = (SHOPLIFTING, COMMON_ASSAULT, CRIMINAL_DAMAGE, DRINK_DRIVING, CANNABIS)
_BY_CODE = {crime.cjs_code: crime for crime in VOLUME_CRIMES}


def crime_for(cjs_code):
    """The volume crime of this CJS offence code, or None: a quick file of any other
    offence asks its particulars and points to prove."""
    return _BY_CODE.get(str(cjs_code or "").strip().upper())
