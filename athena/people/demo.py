"""Demo people for a force: realistic names of the many origins common in England, with
deliberate near-duplicates and spelling variants for the search and the duplicate check
to find.

Deterministic (``random.Random(seed)``) and idempotent: a person already seeded for the
force (same surname, forenames and date of birth) is not created again. Search fields
and phonetic keys are computed here with the same functions the service and the index
job use, so no worker is needed.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from athena.audit.services import audit_record
from athena.people.models import (
    AddressType,
    Alias,
    Gender,
    Location,
    Person,
    PersonAddress,
    PersonVehicle,
    SelfDefinedEthnicity,
    Vehicle,
    VehicleLinkType,
)
from athena.people.names import person_search_text, phonetic_keys_for_text

Sde = SelfDefinedEthnicity


@dataclass(frozen=True)
class _Origin:
    weight: int
    surnames: tuple
    male: tuple
    female: tuple
    ethnicities: tuple
    # Surnames used only for one sex (Begum, Kaur; Kowalska) replace the drawn surname.
    female_surnames: tuple = ()
    male_surnames: tuple = ()


_ORIGINS = (
    _Origin(52,
            ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
             "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker",
             "White", "Edwards", "Hughes", "Green", "Hall", "Wood", "Harris", "Lewis",
             "Martin", "Jackson", "Clarke", "Turner", "Hill", "Scott", "Cooper", "Morris",
             "Ward", "Moore", "King", "Watson", "Baker", "Harrison", "Morgan", "Price"),
            ("Oliver", "Jack", "Harry", "George", "James", "William", "Thomas", "Daniel",
             "Matthew", "Ryan", "Liam", "Connor", "Callum", "Jamie", "Lee", "Craig", "Paul",
             "Mark", "David", "Stephen", "Christopher", "Michael", "Andrew", "Richard",
             "Gary", "Dean", "Wayne", "Kieran", "John", "Philip", "Geoffrey"),
            ("Olivia", "Emily", "Jessica", "Sophie", "Chloe", "Charlotte", "Hannah",
             "Lauren", "Amy", "Rebecca", "Sarah", "Emma", "Laura", "Gemma", "Kelly",
             "Nicola", "Claire", "Lisa", "Michelle", "Catherine", "Jade", "Stacey",
             "Danielle", "Joanne", "Tracey"),
            (Sde.WHITE_BRITISH,) * 8 + (Sde.NOT_STATED, Sde.WHITE_OTHER)),
    _Origin(8,
            ("Murphy", "O'Brien", "Kelly", "Byrne", "Ryan", "O'Connor", "Walsh", "MacDonald",
             "Campbell", "Stewart", "Fraser", "Doherty", "McLaughlin", "Quinn"),
            ("Sean", "Patrick", "Ciaran", "Conor", "Declan", "Ewan", "Alasdair", "Liam",
             "Niall", "Brendan"),
            ("Niamh", "Siobhan", "Aoife", "Ciara", "Fiona", "Mairead", "Roisin", "Eilidh"),
            (Sde.WHITE_IRISH, Sde.WHITE_BRITISH, Sde.WHITE_IRISH,
             Sde.WHITE_GYPSY_OR_IRISH_TRAVELLER)),
    _Origin(10,
            ("Khan", "Ahmed", "Ali", "Hussain", "Rahman", "Iqbal", "Akhtar", "Mahmood",
             "Shah", "Butt", "Miah", "Uddin", "Islam", "Chowdhury"),
            ("Mohammed", "Muhammad", "Mohamed", "Imran", "Adil", "Bilal", "Hamza", "Usman",
             "Zain", "Faisal", "Tariq", "Asif", "Abdul", "Shahid"),
            ("Aisha", "Fatima", "Amina", "Saima", "Nadia", "Yasmin", "Shabana", "Ayesha",
             "Sana", "Rukhsana", "Nasreen"),
            (Sde.ASIAN_PAKISTANI, Sde.ASIAN_PAKISTANI, Sde.ASIAN_BANGLADESHI,
             Sde.NOT_STATED),
            female_surnames=("Begum", "Bibi", "Begum")),
    _Origin(6,
            ("Patel", "Sharma", "Gill", "Sandhu", "Sidhu", "Mistry", "Shah", "Parmar",
             "Chauhan", "Kumar"),
            ("Rajesh", "Sanjay", "Amit", "Harpreet", "Gurpreet", "Jaswinder", "Ravi",
             "Vikram", "Arjun", "Dev", "Nikhil"),
            ("Priya", "Anjali", "Pooja", "Simran", "Harjit", "Manpreet", "Sunita", "Neha",
             "Kiran"),
            (Sde.ASIAN_INDIAN, Sde.ASIAN_INDIAN, Sde.NOT_STATED),
            female_surnames=("Kaur",), male_surnames=("Singh",)),
    _Origin(7,
            ("Nowak", "Wisniewski", "Wojcik", "Kowalczyk", "Kaminski", "Lewandowski",
             "Zielinski", "Popescu", "Ionescu", "Popa", "Petrov", "Kazlauskas"),
            ("Piotr", "Tomasz", "Krzysztof", "Łukasz", "Marek", "Andrzej", "Jakub",
             "Mateusz", "Andrei", "Bogdan", "Mihai"),
            ("Anna", "Agnieszka", "Katarzyna", "Magdalena", "Ewa", "Joanna", "Ioana",
             "Elena", "Monika"),
            (Sde.WHITE_OTHER, Sde.WHITE_OTHER, Sde.NOT_STATED),
            female_surnames=("Kowalska",), male_surnames=("Kowalski",)),
    _Origin(6,
            ("Okafor", "Mensah", "Adeyemi", "Okonkwo", "Boateng", "Owusu", "Adebayo", "Eze",
             "Asante", "Olawale", "Nwosu"),
            ("Chinedu", "Kwame", "Oluwaseun", "Emeka", "Kofi", "Tunde", "Femi", "Samuel",
             "Daniel", "Joseph"),
            ("Adaeze", "Ama", "Folake", "Chioma", "Abena", "Grace", "Blessing", "Ngozi",
             "Esther"),
            (Sde.BLACK_AFRICAN, Sde.BLACK_AFRICAN, Sde.NOT_STATED)),
    _Origin(5,
            ("Campbell", "Francis", "Grant", "Henry", "Reid", "Bailey", "Clarke", "Brown",
             "Williams", "Samuels"),
            ("Marcus", "Jermaine", "Tyrone", "Leon", "Delroy", "Andre", "Courtney",
             "Winston"),
            ("Shanice", "Tanisha", "Keisha", "Marcia", "Jasmine", "Paulette", "Sharon"),
            (Sde.BLACK_CARIBBEAN, Sde.BLACK_CARIBBEAN, Sde.MIXED_WHITE_AND_BLACK_CARIBBEAN,
             Sde.NOT_STATED)),
    _Origin(4,
            ("Hassan", "Abdi", "Mohamud", "Ibrahim", "Osman", "Yusuf", "Farah", "Haddad",
             "Nasser"),
            ("Ahmed", "Abdullahi", "Omar", "Yusuf", "Ibrahim", "Khalid", "Karim"),
            ("Hodan", "Faduma", "Amina", "Maryam", "Layla", "Noor"),
            (Sde.BLACK_AFRICAN, Sde.OTHER_ARAB, Sde.OTHER_ANY)),
    _Origin(2,
            ("Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Chan", "Lam"),
            ("Wei", "Jun", "Ming", "Kevin", "Hao"),
            ("Mei", "Xiu", "Jenny", "Ying", "Lily"),
            (Sde.ASIAN_CHINESE, Sde.ASIAN_CHINESE, Sde.NOT_STATED)),
)

# Pairs of separate records a search for one should also find; some share a birth date,
# as a real duplicate would.
_NEAR_DUPLICATES = (
    (("John", "Smith"), ("Jon", "Smyth"), True),
    (("Mohammed", "Ali"), ("Muhammad", "Ali"), True),
    (("Catherine", "Jones"), ("Katherine", "Jones"), False),
    (("Stephen", "Taylor"), ("Steven", "Taylor"), True),
    (("Sean", "Murphy"), ("Shaun", "Murphy"), False),
    (("Ian", "Mcdonald"), ("Ian", "MacDonald"), True),
    (("Mohamed", "Khan"), ("Mohammad", "Khan"), False),
    (("Geoffrey", "Phillips"), ("Jeffrey", "Philips"), False),
    (("Aisha", "Begum"), ("Ayesha", "Begum"), True),
    (("Krzysztof", "Nowak"), ("Krystof", "Novak"), False),
)
_NEAR_DUPLICATE_GENDER = {"Catherine": Gender.FEMALE, "Katherine": Gender.FEMALE,
                          "Aisha": Gender.FEMALE, "Ayesha": Gender.FEMALE}

_STREETS = ("High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue",
            "London Road", "Queens Road", "Mill Lane", "North Street", "The Crescent",
            "Kings Road", "Manor Way", "Broomfield Road", "Southchurch Road", "Maldon Road")
_TOWNS = (("Chelmsford", "CM1"), ("Chelmsford", "CM2"), ("Colchester", "CO1"),
          ("Colchester", "CO4"), ("Southend-on-Sea", "SS1"), ("Southend-on-Sea", "SS2"),
          ("Basildon", "SS14"), ("Harlow", "CM20"), ("Brentwood", "CM14"),
          ("Clacton-on-Sea", "CO15"))
_VEHICLES = (("Ford", "Fiesta"), ("Ford", "Focus"), ("Vauxhall", "Corsa"),
             ("Vauxhall", "Astra"), ("Volkswagen", "Golf"), ("Volkswagen", "Polo"),
             ("BMW", "3 Series"), ("Audi", "A3"), ("Toyota", "Yaris"), ("Nissan", "Qashqai"),
             ("Mercedes-Benz", "C-Class"), ("Peugeot", "208"), ("Kia", "Sportage"))
_COLOURS = ("Black", "White", "Silver", "Grey", "Blue", "Red")
_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_REGISTRATION_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"


@dataclass
class _Seed:
    surname: str
    forenames: str
    date_of_birth: date | None
    gender: str
    ethnicity: str
    pnc_id: str = ""
    cro_number: str = ""
    aliases: list = field(default_factory=list)
    addresses: list = field(default_factory=list)  # (address_type, location fields)
    vehicles: list = field(default_factory=list)  # (link_type, vehicle fields)

    @property
    def key(self):
        return (self.surname, self.forenames, self.date_of_birth)


def _force_number(force):
    return int(force.code) if force.code.isdigit() else sum(map(ord, force.code)) % 100


def _birth_date(rng):
    start = date(1950, 1, 1)
    return start + timedelta(days=rng.randrange((date(2008, 12, 31) - start).days))


def _pnc_id(rng, born, serial):
    if born is None:
        year = rng.randrange(1990, 2025)
    else:
        year = min(2025, born.year + rng.randrange(16, 30))
    yy = year % 100
    # A check letter in the PNC's style: the year and serial, modulo 23.
    check = _CHECK_LETTERS[int(f"{yy:02d}{serial:07d}") % 23]
    return f"{yy:02d}/{serial}{check}"


def _cro_number(rng, serial):
    yy = rng.randrange(0, 25)
    check = _CHECK_LETTERS[int(f"{serial}{yy:02d}") % 23]
    return f"{serial}/{yy:02d}{check}"


def _address(rng):
    town, district = rng.choice(_TOWNS)
    postcode = (f"{district} {rng.randrange(1, 10)}{rng.choice(_POSTCODE_LETTERS)}"
                f"{rng.choice(_POSTCODE_LETTERS)}")
    line_1 = f"{rng.randrange(1, 180)} {rng.choice(_STREETS)}"
    line_2 = f"Flat {rng.randrange(1, 20)}" if rng.random() < 0.15 else ""
    return {"address_line_1": line_1, "address_line_2": line_2, "town": town,
            "county": "Essex", "postcode": postcode}


def _vehicle(rng):
    make, model = rng.choice(_VEHICLES)
    letters = "".join(rng.choice(_REGISTRATION_LETTERS) for _ in range(5))
    age_identifier = rng.choice((15, 16, 17, 18, 19, 65, 66, 67, 68, 69, 70, 21))
    mark = f"{letters[:2]}{age_identifier}{letters[2:]}"
    return {"registration_mark": mark, "make": make, "model": model,
            "colour": rng.choice(_COLOURS)}


def _draw_person(rng):
    origin = rng.choices(_ORIGINS, weights=[origin.weight for origin in _ORIGINS])[0]
    is_female = rng.random() < 0.3  # most people on a nominal index are men
    forenames = rng.choice(origin.female if is_female else origin.male)
    if rng.random() < 0.3:
        second = rng.choice(origin.female if is_female else origin.male)
        if second != forenames:
            forenames = f"{forenames} {second}"
    own_surnames = origin.female_surnames if is_female else origin.male_surnames
    if own_surnames and rng.random() < 0.6:
        surname = rng.choice(own_surnames)
    else:
        surname = rng.choice(origin.surnames)
    gender = Gender.FEMALE if is_female else Gender.MALE
    if rng.random() < 0.03:
        gender = Gender.NOT_KNOWN
    return origin, _Seed(surname=surname, forenames=forenames,
                         date_of_birth=None if rng.random() < 0.08 else _birth_date(rng),
                         gender=gender, ethnicity=rng.choice(origin.ethnicities))


def _named_seeds(rng, count):
    """The near-duplicate pairs first, then people drawn at random; no two alike."""
    seeds, keys = [], set()

    def add(person_seed):
        if person_seed.key not in keys and len(seeds) < count:
            keys.add(person_seed.key)
            seeds.append(person_seed)

    for first, second, same_birth_date in _NEAR_DUPLICATES:
        born = _birth_date(rng)
        for forenames, surname in (first, second):
            add(_Seed(surname=surname, forenames=forenames,
                      date_of_birth=born if same_birth_date else _birth_date(rng),
                      gender=_NEAR_DUPLICATE_GENDER.get(forenames, Gender.MALE),
                      ethnicity=Sde.NOT_STATED))
    attempts = 0
    while len(seeds) < count and attempts < count * 20:
        attempts += 1
        origin, person_seed = _draw_person(rng)
        if rng.random() < 0.12:
            alias_surname = rng.choice(origin.surnames)
            alias_forenames = rng.choice(origin.female if person_seed.gender == Gender.FEMALE
                                         else origin.male)
            person_seed.aliases.append((alias_forenames, alias_surname))
        add(person_seed)
    return seeds


def _add_identifiers_and_links(rng, seeds, force_number):
    for index, person_seed in enumerate(seeds):
        if rng.random() < 0.4:
            person_seed.pnc_id = _pnc_id(rng, person_seed.date_of_birth,
                                         force_number * 100000 + index)
            if rng.random() < 0.5:
                person_seed.cro_number = _cro_number(rng, force_number * 1000 + index % 1000)
        if rng.random() < 0.5:
            person_seed.addresses.append((AddressType.HOME, _address(rng)))
            if rng.random() < 0.3:
                person_seed.addresses.append((AddressType.PREVIOUS, _address(rng)))
        if rng.random() < 0.2:
            link = rng.choice((VehicleLinkType.REGISTERED_KEEPER, VehicleLinkType.DRIVER))
            person_seed.vehicles.append((link, _vehicle(rng)))


def _demo_seeds(*, count, seed, force_number):
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, not a secret
    seeds = _named_seeds(rng, count)
    _add_identifiers_and_links(rng, seeds, force_number)
    return seeds


def seed_demo_people(*, force, acting_user, count=300, seed=2026):
    """Create up to ``count`` demo people for ``force``; returns how many were new.

    Running it again with the same arguments creates nothing.
    """
    seeds = _demo_seeds(count=count, seed=seed, force_number=_force_number(force))
    with transaction.atomic():
        existing = set(Person.objects.filter(created_by_force=force).values_list(
            "surname", "forenames", "date_of_birth"))
        taken_pnc_ids = set(Person.objects.exclude(pnc_id="").filter(
            pnc_id__in=[s.pnc_id for s in seeds if s.pnc_id]).values_list("pnc_id", flat=True))
        new = [s for s in seeds if s.key not in existing]
        if not new:
            return 0
        people = []
        for person_seed in new:
            search_text = person_search_text(forenames=person_seed.forenames,
                                             surname=person_seed.surname,
                                             aliases=person_seed.aliases)
            people.append(Person(
                surname=person_seed.surname, forenames=person_seed.forenames,
                date_of_birth=person_seed.date_of_birth, gender=person_seed.gender,
                self_defined_ethnicity=person_seed.ethnicity,
                pnc_id="" if person_seed.pnc_id in taken_pnc_ids else person_seed.pnc_id,
                cro_number=person_seed.cro_number,
                search_text=search_text, phonetic_keys=phonetic_keys_for_text(search_text),
                created_by_force=force, created_by=acting_user,
            ))
        Person.objects.bulk_create(people)
        _create_related(new, people, force=force, acting_user=acting_user)
        audit_record(actor=acting_user, action="people.demo.seeded",
                     object_type="people.person",
                     details={"force": force.code, "created": len(people), "seed": seed})
    return len(people)


def _create_related(seeds, people, *, force, acting_user):
    aliases, locations, address_links, vehicles, vehicle_links = [], [], [], [], []
    for person_seed, person in zip(seeds, people, strict=True):
        for forenames, surname in person_seed.aliases:
            aliases.append(Alias(person=person, forenames=forenames, surname=surname,
                                 created_by=acting_user))
        for address_type, fields in person_seed.addresses:
            location = Location(created_by_force=force, created_by=acting_user, **fields)
            locations.append(location)
            address_links.append((person, location, address_type))
        for link_type, fields in person_seed.vehicles:
            vehicle = Vehicle(created_by_force=force, created_by=acting_user, **fields)
            vehicles.append(vehicle)
            vehicle_links.append((person, vehicle, link_type))
    Alias.objects.bulk_create(aliases)
    Location.objects.bulk_create(locations)
    Vehicle.objects.bulk_create(vehicles)
    PersonAddress.objects.bulk_create(
        PersonAddress(person=person, location=location, address_type=address_type,
                      created_by=acting_user)
        for person, location, address_type in address_links)
    PersonVehicle.objects.bulk_create(
        PersonVehicle(person=person, vehicle=vehicle, link_type=link_type,
                      created_by=acting_user)
        for person, vehicle, link_type in vehicle_links)
