"""Builds a force-scale database for the intelligence search bench.

Usage:
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/athena_bench \\
        .venv/bin/python bench/intelligence_data.py [--people 1000000] [--reports 2000000]

PostgreSQL only (it loads with COPY). It creates the database if it is missing, migrates
it, and fills it with:

- 10 forces' bench users: per force an officer, an analyst, an inspector and 20 authors;
- ``--people`` people with realistic names of the many origins common in England and
  Wales (Muhammad, Mohammed and Mohamed among them), about 10% with an alias, their
  ``search_text`` and ``phonetic_keys`` computed with athena.people.names as the services
  and the index job do;
- vehicles, telephone numbers and locations (30% of the people each) and organisations
  (2%), with registrations, numbers and postcodes in the spellings real records hold;
- ``--reports`` intelligence reports across the 10 forces, most disseminated, a quarter
  with handling code C and its restrictions, each linked to one or two entities, with
  titles and sanitised texts drawn from the themes of real intelligence (county lines,
  burglary, vehicle crime and so on), naming the linked subject in half of them;
  their ids follow the dates obtained, as a live system stores reports as they come.

Each stage runs in one transaction and records itself as done, so an interrupted run
resumes at the stage it was in and a finished database is left alone (the users and the
indexes are checked every time). The tables' secondary indexes are dropped before the
load and rebuilt after it, two at a time, then the tables are analysed. The database is
the bench's own: a stage that runs again empties its tables first (TRUNCATE ... CASCADE).
Deterministic: the same arguments build the same rows.
"""

import argparse
import importlib
import os
import random
import re
import sys
import time
from array import array
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

SEED = 2026
TODAY = date(2026, 11, 28)
FORCES = {  # code: (share of the reports, towns with their postcode districts)
    "01": (24, (("London", ("E1", "E8", "E15", "N17", "N9", "SE15", "SE28", "SW9", "NW10",
                            "W12")),)),
    "06": (12, (("Manchester", ("M8", "M11", "M14", "M40")), ("Oldham", ("OL1", "OL8")),
                ("Bolton", ("BL1", "BL3")))),
    "20": (12, (("Birmingham", ("B6", "B10", "B21", "B33")), ("Coventry", ("CV1", "CV6")),
                ("Wolverhampton", ("WV1", "WV10")))),
    "13": (9, (("Leeds", ("LS7", "LS9", "LS11")), ("Bradford", ("BD3", "BD8")),
               ("Huddersfield", ("HD1",)))),
    "43": (8, (("Reading", ("RG1", "RG30")), ("Oxford", ("OX4",)), ("Slough", ("SL1", "SL2")),
               ("Milton Keynes", ("MK6", "MK9")))),
    "44": (7, (("Southampton", ("SO14", "SO16")), ("Portsmouth", ("PO1", "PO4")),
               ("Basingstoke", ("RG21",)))),
    "05": (8, (("Liverpool", ("L4", "L6", "L8", "L11")), ("Birkenhead", ("CH41",)))),
    "42": (7, (("Chelmsford", ("CM1", "CM2")), ("Colchester", ("CO1", "CO4")),
               ("Southend-on-Sea", ("SS1", "SS2")), ("Basildon", ("SS14",)))),
    "46": (7, (("Maidstone", ("ME14", "ME15")), ("Canterbury", ("CT1",)),
               ("Margate", ("CT9",)), ("Dartford", ("DA1",)))),
    "62": (6, (("Cardiff", ("CF10", "CF24")), ("Swansea", ("SA1", "SA6")))),
}
AUTHORS_PER_FORCE = 20

# --- Names -----------------------------------------------------------------------------
# Each origin: its share of the people, surnames, male and female forenames, most common
# first (a name's weight falls with its place in the list), and self-defined ethnicities.
ORIGINS = (
    (60,
     ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
      "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
      "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patterson", "Jackson", "Wood",
      "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
      "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
      "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook",
      "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox",
      "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh",
      "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason",
      "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills",
      "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens",
      "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Ahmed", "Fletcher",
      "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott", "Reynolds",
      "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence",
      "Cole", "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien",
      "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong", "Francis",
      "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory",
      "Carr", "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone",
      "Reid", "Holland", "Hawkins", "Harding", "Porter", "Robertson", "Newton", "Oliver",
      "Reed", "Kennedy", "Williamson", "Bird", "Gardner", "Shah", "Dean", "Lane", "Cooke",
      "Bates", "Henderson", "Parry", "Burgess", "Bishop", "Walton", "Burns", "Nicholson",
      "Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls", "Hamilton",
      "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis", "Hopkins",
      "O'Connor", "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers", "O'Neill",
      "Griffin", "Sharp", "Hardy", "Wheeler", "Potter", "Osborne", "Johnston", "Gordon",
      "Doyle", "Wallace", "George", "Jordan", "Hutchinson", "Rowe", "Burke", "May", "Pritchard",
      "Gilbert", "Willis", "Higgins", "Read", "Miles", "Stevenson", "Stephenson", "Hammond",
      "Arnold", "Buckley", "Walters", "Hewitt", "Barber", "Nelson", "Slater", "Austin",
      "Sullivan", "Whitehead", "Mann", "Frost", "Lambert", "Stephens", "Blake", "Akhtar",
      "Lynch", "Goodwin", "Barton", "Woodward", "Thomson", "Cunningham", "Quinn", "Barnett",
      "Baxter", "Bibi", "Clayton", "Nash", "Greenwood", "Jennings", "Holt", "Kemp", "Poole",
      "Gallagher", "Bond", "Stokes", "Tucker", "Davidson", "Fowler", "Heath", "Norman",
      "Middleton", "Lawson", "Banks", "French", "Stanley", "Jarvis", "Gibbs", "Ferguson",
      "Hayward", "Carroll", "Douglas", "Dickinson", "Todd", "Barlow", "Peters", "Lucas",
      "Knowles", "Hartley", "Miah", "Simmons", "Morton", "Alexander", "Field", "Morrison",
      "Norris", "Townsend", "Preston", "Hancock", "Thornton", "Baldwin", "Burrows", "Briggs",
      "Storey", "Pearce", "Fraser", "MacDonald", "Doherty", "McLaughlin", "Smyth", "Phillips"),
     ("John", "David", "Michael", "James", "Paul", "Daniel", "Mark", "Andrew", "Robert",
      "Christopher", "Thomas", "Jack", "Matthew", "Richard", "Peter", "Steven", "Stephen",
      "William", "Anthony", "Lee", "Ryan", "Jamie", "Liam", "Craig", "Gary", "Adam", "Joseph",
      "Kevin", "Martin", "Ben", "Scott", "Dean", "Wayne", "Carl", "Simon", "Jason", "Shaun",
      "Sean", "Darren", "Luke", "Callum", "Connor", "Harry", "George", "Oliver", "Charlie",
      "Kieran", "Nathan", "Aaron", "Alan", "Ian", "Brian", "Keith", "Neil", "Stuart", "Colin",
      "Graham", "Philip", "Kyle", "Jordan", "Josh", "Joshua", "Reece", "Bradley", "Jake",
      "Tom", "Dan", "Jon", "Jonathan", "Geoffrey", "Jeffrey", "Terry", "Tony", "Barry",
      "Patrick", "Declan", "Niall", "Ewan", "Alfie", "Mason", "Tyler", "Frankie", "Ricky"),
     ("Sarah", "Emma", "Laura", "Claire", "Lisa", "Nicola", "Rebecca", "Gemma", "Kelly",
      "Michelle", "Amy", "Jessica", "Hannah", "Charlotte", "Sophie", "Chloe", "Lauren",
      "Emily", "Jade", "Stacey", "Donna", "Tracey", "Joanne", "Karen", "Susan", "Julie",
      "Louise", "Katie", "Danielle", "Leanne", "Natalie", "Samantha", "Victoria", "Amanda",
      "Catherine", "Katherine", "Kathryn", "Elizabeth", "Jane", "Anne", "Holly", "Megan",
      "Olivia", "Ellie", "Niamh", "Siobhan", "Shannon", "Courtney", "Paige", "Kayleigh"),
     ("W1", "W1", "W1", "W1", "W1", "W2", "W9", "NS")),
    (10,
     ("Khan", "Ahmed", "Ali", "Hussain", "Rahman", "Iqbal", "Akhtar", "Mahmood", "Shah",
      "Butt", "Miah", "Uddin", "Islam", "Chowdhury", "Malik", "Aziz", "Hassan", "Rashid",
      "Saleem", "Javed", "Mirza", "Qureshi", "Siddiqui", "Anwar", "Bashir", "Nawaz", "Riaz",
      "Sheikh", "Kazmi", "Haq", "Yousaf", "Zaman", "Karim", "Hossain", "Begum"),
     ("Mohammed", "Imran", "Adil", "Muhammad", "Bilal", "Hamza", "Usman", "Zain", "Faisal",
      "Mohammad", "Tariq", "Asif", "Abdul", "Shahid", "Mohamed", "Kamran", "Ali", "Omar",
      "Yasir", "Naveed", "Zubair", "Arif", "Sajid", "Wasim", "Amir", "Rizwan", "Haris",
      "Ibrahim", "Ismail", "Mohamad", "Muhammed", "Yusuf", "Harun", "Rehan", "Saqib"),
     ("Aisha", "Fatima", "Amina", "Saima", "Nadia", "Yasmin", "Shabana", "Ayesha", "Sana",
      "Rukhsana", "Nasreen", "Zainab", "Maryam", "Hina", "Sadia", "Farah", "Nazia"),
     ("A2", "A2", "A3", "A9", "NS")),
    (6,
     ("Patel", "Sharma", "Gill", "Sandhu", "Sidhu", "Mistry", "Parmar", "Chauhan", "Kumar",
      "Singh", "Kaur", "Dhillon", "Bains", "Johal", "Grewal", "Sahota", "Mehta", "Desai",
      "Joshi", "Rana", "Virdee", "Bhatti", "Lal", "Chahal", "Atwal"),
     ("Rajesh", "Sanjay", "Amit", "Harpreet", "Gurpreet", "Jaswinder", "Ravi", "Vikram",
      "Arjun", "Dev", "Nikhil", "Sunil", "Manjit", "Kuldip", "Rakesh", "Sukhwinder", "Deepak",
      "Ajay", "Vijay", "Arun", "Jagdeep", "Balvinder"),
     ("Priya", "Anjali", "Pooja", "Simran", "Harjit", "Manpreet", "Sunita", "Neha", "Kiran",
      "Rani", "Asha", "Meena", "Rupinder", "Jasvir", "Sandeep"),
     ("A1", "A1", "A9", "NS")),
    (8,
     ("Nowak", "Wisniewski", "Wojcik", "Kowalczyk", "Kaminski", "Lewandowski", "Zielinski",
      "Kowalski", "Szymanski", "Wozniak", "Dabrowski", "Kozlowski", "Jankowski", "Mazur",
      "Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Petrov", "Ivanov", "Kazlauskas",
      "Jankauskas", "Horvath", "Nagy", "Novak", "Silva", "Santos", "Ferreira", "Pereira",
      "Rossi", "Russo", "Yilmaz", "Kaya", "Demir", "Celik", "Berisha", "Krasniqi", "Gashi"),
     ("Piotr", "Tomasz", "Krzysztof", "Lukasz", "Marek", "Andrzej", "Jakub", "Mateusz",
      "Pawel", "Michal", "Andrei", "Bogdan", "Mihai", "Ionut", "Florin", "Adrian", "Darius",
      "Mantas", "Tomas", "Joao", "Pedro", "Marco", "Luca", "Mehmet", "Mustafa", "Emre",
      "Arben", "Besnik", "Dritan", "Ardit"),
     ("Anna", "Agnieszka", "Katarzyna", "Magdalena", "Ewa", "Joanna", "Ioana", "Elena",
      "Monika", "Alina", "Ana", "Maria", "Giulia", "Ayse", "Elif", "Arta"),
     ("W9", "W9", "W9", "NS")),
    (6,
     ("Okafor", "Mensah", "Adeyemi", "Okonkwo", "Boateng", "Owusu", "Adebayo", "Eze",
      "Asante", "Olawale", "Nwosu", "Ogunleye", "Adeleke", "Oyelaran", "Addo", "Osei",
      "Appiah", "Danso", "Kamara", "Conteh", "Bangura", "Sesay", "Mohamud", "Abdi", "Farah",
      "Osman", "Warsame", "Jama", "Hersi", "Egal"),
     ("Chinedu", "Kwame", "Oluwaseun", "Emeka", "Kofi", "Tunde", "Femi", "Samuel", "Daniel",
      "Joseph", "Abdullahi", "Abdi", "Ahmed", "Mohamed", "Yusuf", "Ibrahim", "Ayo", "Segun",
      "Kwesi", "Yaw", "Ebenezer", "Emmanuel", "Isaac", "Musa", "Idris"),
     ("Adaeze", "Ama", "Folake", "Chioma", "Abena", "Grace", "Blessing", "Ngozi", "Esther",
      "Hodan", "Faduma", "Ayan", "Sagal", "Precious", "Comfort"),
     ("B2", "B2", "B2", "O9", "NS")),
    (4,
     ("Campbell", "Francis", "Grant", "Henry", "Reid", "Bailey", "Clarke", "Brown",
      "Williams", "Samuels", "Thompson", "Morgan", "Gayle", "Bennett", "Walker", "Lewis",
      "Powell", "Forbes", "McKenzie", "Daley"),
     ("Marcus", "Jermaine", "Tyrone", "Leon", "Delroy", "Andre", "Courtney", "Winston",
      "Dwayne", "Kareem", "Nathaniel", "Devon", "Trevor", "Errol", "Clive", "Ashley"),
     ("Shanice", "Tanisha", "Keisha", "Marcia", "Jasmine", "Paulette", "Sharon", "Simone",
      "Chantelle", "Shereen"),
     ("B1", "B1", "M1", "B9", "NS")),
    (2,
     ("Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Chan", "Lam", "Nguyen", "Tran", "Le",
      "Pham", "Huang", "Lin", "Yang"),
     ("Wei", "Jun", "Ming", "Kevin", "Hao", "Minh", "Tuan", "Hung", "Duc", "Long"),
     ("Mei", "Xiu", "Jenny", "Ying", "Lily", "Linh", "Thu", "Hoa"),
     ("A4", "A4", "A9", "NS")),
    (2,
     ("Haddad", "Nasser", "Mansour", "Khalil", "Saleh", "Hamdan", "Rahimi", "Ahmadi",
      "Hosseini", "Karimi", "Mohammadi", "Abdullah", "Jaber", "Aziz", "Salem"),
     ("Omar", "Khalid", "Karim", "Ahmad", "Hassan", "Hussein", "Ali", "Reza", "Amir", "Sami",
      "Walid", "Nabil", "Tarek", "Mahmoud", "Muhammad"),
     ("Layla", "Noor", "Rania", "Hana", "Leila", "Yasmin", "Zahra", "Mariam"),
     ("O2", "O2", "O9", "NS")),
)
# Surnames of the long tail, made of the parts English place names are made of
# (Ashworth, Blakemore), so that most surnames are shared by few people, as in life.
TAIL_SURNAME_STARTS = (
    "Ash", "Black", "Brad", "Bram", "Brook", "Bur", "Cal", "Chat", "Clay", "Crans", "Dal",
    "Dun", "Fair", "Fal", "Hal", "Hart", "Haw", "Kirk", "Lang", "Mar", "Mid", "Nether",
    "Red", "Rod", "Shel", "Stan", "Thorn", "Wal", "Wes", "Whit", "Wood", "Hol", "Ing",
    "Bark", "Cot", "Dray", "Elm", "Gold", "Pen", "Sand")
TAIL_SURNAME_ENDS = (
    "ley", "ton", "well", "worth", "wood", "field", "ford", "by", "more", "ham", "dale",
    "stock", "bridge", "brook", "combe", "hurst", "thorpe", "wick", "den", "gate", "burn",
    "cliffe", "shaw", "low", "croft")
TAIL_SURNAME_SHARE = 0.35  # of the people of the first origin
ALIAS_SHARE = 0.10

# --- Places, vehicles, telephones, organisations ----------------------------------------
STREETS = (
    "High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue",
    "London Road", "Queens Road", "Mill Lane", "North Street", "The Crescent", "Kings Road",
    "Manor Way", "Church Street", "Green Lane", "Grange Road", "Springfield Road",
    "Windsor Road", "Albert Road", "Alexandra Road", "New Road", "School Lane",
    "Park Road", "Chester Road", "Stanley Road", "Market Street", "Cromwell Road",
    "Nelson Street", "Castle Street", "George Street", "Princes Street", "Elm Grove",
    "Oak Avenue", "Beech Close", "Willow Drive", "Meadow Way", "Clarence Road",
    "Marlborough Road", "Tennyson Avenue", "Wellington Street", "Railway Terrace",
    "Canal Street", "Union Street", "Brunswick Road", "Grosvenor Road", "Hamilton Road",
    "Moss Lane", "Bridge Street", "Cemetery Road", "Bath Street", "Coronation Avenue")
PLACE_KINDS = ("car park", "playing fields", "retail park", "underpass", "recreation ground",
               "garages", "industrial estate", "bus station")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
REGISTRATION_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"
AGE_IDENTIFIERS = (10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
                   60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74)
VEHICLES = (("Ford", "Fiesta"), ("Ford", "Focus"), ("Ford", "Transit"),
            ("Vauxhall", "Corsa"), ("Vauxhall", "Astra"), ("Volkswagen", "Golf"),
            ("Volkswagen", "Polo"), ("BMW", "3 Series"), ("BMW", "1 Series"), ("Audi", "A3"),
            ("Audi", "A4"), ("Toyota", "Yaris"), ("Toyota", "Prius"), ("Nissan", "Qashqai"),
            ("Mercedes-Benz", "C-Class"), ("Mercedes-Benz", "Sprinter"), ("Peugeot", "208"),
            ("Kia", "Sportage"), ("Honda", "Civic"), ("Land Rover", "Range Rover Sport"),
            ("Seat", "Leon"), ("Skoda", "Octavia"), ("Yamaha", "NMAX"), ("Honda", "PCX"))
COLOURS = ("Black", "White", "Silver", "Grey", "Blue", "Red", "Green", "Orange")
ORGANISATION_KINDS = ("Car Wash", "Hand Car Wash", "Motors", "Autos Ltd", "Nail Bar",
                      "Barbers", "Mini Market", "Off Licence", "Vape Shop", "Scrap Metal",
                      "Lettings", "Takeaway", "Recovery Services", "Security Ltd",
                      "Construction Ltd", "Removals", "Phone Repairs", "Sports Bar",
                      "Building Services", "Logistics Ltd")
GROUP_WORDS = ("Boys", "Crew", "Gang", "Firm", "Mandem", "Squad")

# --- Report texts ----------------------------------------------------------------------
# Each theme: titles, then sentences of the sanitised text. {subject} is the linked
# person's name, {place} a street and town, {vehicle} a described vehicle.
THEMES = (
    (("Cannabis supply in the {street} area", "Cannabis cultivation at an address in {town}",
      "Suspected cannabis factory, {town}"),
     ("{subject} is believed to be supplying cannabis from an address on {place}.",
      "A strong smell of cannabis has been reported at an address on {place}.",
      "Cannabis is being grown in a rented house in {town}; the electricity is believed to "
      "be bypassed.",
      "Deals are arranged by phone and take place near the {kind} off {street}.")),
    (("County lines activity, {town}", "Drug line operating into {town}",
      "Cuckooing of a vulnerable adult, {street}"),
     ("{subject} is believed to run a drug line supplying heroin and crack cocaine in {town}.",
      "Young people from London are travelling by train to {town} to deal class A drugs.",
      "The address of a vulnerable adult on {place} is being used to deal from (cuckooing).",
      "{subject} is believed to hold the deal line phone and to send bulk messages to "
      "users.")),
    (("Cocaine supply from a vehicle, {town}", "Class A supply at licensed premises",
      "Street dealing near {street}"),
     ("{subject} is believed to be supplying cocaine from {vehicle}.",
      "Cocaine is being sold in the toilets of a pub in {town} at weekends.",
      "Dealing takes place from {vehicle} parked near the {kind} in {town}.")),
    (("Burglary series, {town}", "Handling of stolen goods, {street}",
      "Distraction burglaries targeting elderly residents"),
     ("{subject} is believed to be responsible for a series of night-time burglaries in "
      "{town}.",
      "Stolen jewellery and power tools are being sold from an address on {place}.",
      "Offenders are using {vehicle} to travel to and from burglaries.")),
    (("Catalytic converter thefts, {town}", "Vehicle crime: keyless car thefts",
      "Stolen vehicles stored at a unit in {town}"),
     ("{vehicle} has been seen at the scenes of catalytic converter thefts in {town}.",
      "High-value cars are being stolen with relay devices and taken to a unit on the "
      "{kind} in {town}.",
      "{subject} is believed to be changing the number plates of stolen cars.")),
    (("Knife carrying, {town}", "Possession of a machete, {street}",
      "Threat of violence between groups in {town}"),
     ("{subject} is believed to carry a knife when in {town} town centre.",
      "A machete is believed to be hidden near the {kind} off {street}.",
      "Tension is reported between two groups in {town} following a stabbing.")),
    (("Firearm believed held at an address in {town}", "Supply of a firearm, {town}"),
     ("{subject} is believed to have access to a handgun kept at an address on {place}.",
      "A firearm and ammunition are believed to be stored in a lock-up in {town}.")),
    (("Modern slavery at a car wash, {town}", "Exploitation of workers, {street}"),
     ("Workers at a hand car wash on {place} are believed to be living on site and "
      "unpaid.",
      "{subject} is believed to control the workers' passports and wages.")),
    (("Fraud: courier scam, {town}", "Money laundering through a business in {town}"),
     ("Elderly residents of {town} are being phoned by callers claiming to be police "
      "officers.",
      "Cash from drug supply is believed to be laundered through a business on {place}.",
      "{subject} is believed to be recruiting students as money mules.")),
    (("Shoplifting to order, {town}", "Organised shop theft, {street}"),
     ("{subject} is believed to be stealing to order from supermarkets in {town}.",
      "Stolen goods are taken away in {vehicle}.")),
    (("Anti-social behaviour, {street}", "Off-road bikes, {town}"),
     ("Youths on off-road motorbikes are riding dangerously on the {kind} in {town}.",
      "{subject} is believed to be storing stolen motorbikes at an address on {place}.")),
    (("Domestic abuse risk, {town}", "Breach of a non-molestation order, {town}"),
     ("{subject} is believed to have returned to an address on {place} in breach of a "
      "court order.",
      "Neighbours report frequent arguments and a woman crying at an address on "
      "{street}.")),
)
HANDLING_CONDITIONS = (
    "No executive action without reference to the originator.",
    "Not to be disseminated outside the named forces.",
    "Sanitise further before sharing with partner agencies.",
)
LINK_REASONS = {
    "person": ("Named by the source as the subject.", "Believed to be involved.",
               "Associate of the subject."),
    "location": ("The address used.", "Place where the activity takes place."),
    "vehicle": ("Vehicle used by the subject.", "Seen at the scene."),
    "telephone": ("Deal line number.", "Number used by the subject."),
    "organisation": ("Business used for the activity.", "Group the subject belongs to."),
}
STATUSES = (("disseminated", 90), ("submitted", 3), ("draft", 3), ("question", 2),
            ("rejected", 2))
ENTITY_SHARES = (("person", 60), ("vehicle", 14), ("location", 12), ("telephone", 10),
                 ("organisation", 4))

TABLES = ("people_person", "people_alias", "people_location", "people_vehicle",
          "people_telephonenumber", "people_organisation", "intelligence_intelligencereport",
          "intelligence_intelligencereport_shared_with_forces",
          "intelligence_intelligencereport_shared_with_roles", "intelligence_reportlink")


def weighted(names, skew=0.6):
    """The names with cumulative weights for random.choices: earlier names are commoner."""
    return names, list(accumulate(1 / (rank + 1) ** skew for rank in range(len(names))))


def choose(rng, weighted_names):
    names, cumulative = weighted_names
    return rng.choices(names, cum_weights=cumulative)[0]


# --- The database ------------------------------------------------------------------------

def conninfo():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (this bench uses COPY).")
    return url


def ensure_database(url):
    """Create the database named in ``url`` if the server does not have it yet."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def open_loader(url):
    connection = psycopg.connect(url)
    connection.execute("SET maintenance_work_mem = '1GB'")
    connection.execute("SET synchronous_commit = off")
    connection.commit()
    return connection


def stage_done(connection, name):
    return connection.execute("SELECT 1 FROM bench_intelligence_stage WHERE name = %s",
                              [name]).fetchone() is not None


def copy_rows(cursor, table, columns, rows):
    """COPY ``rows`` into ``table``. FREEZE: the table was emptied in this transaction, so
    the rows are written already visible to all, and the bench's first reads do not
    rewrite every page to set hint bits."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FREEZE)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
    count = 0
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def reset_sequence(cursor, table):
    cursor.execute(sql.SQL("SELECT setval(pg_get_serial_sequence({name}, 'id'), "
                           "coalesce(max(id), 0) + 1, false) FROM {table}").format(
        name=sql.Literal(table), table=sql.Identifier(table)))


def drop_secondary_indexes(connection):
    """Drop every index of the loaded tables that is neither a primary key nor a
    constraint's, remembering its definition to build it again after the load."""
    connection.execute("""
        CREATE TABLE IF NOT EXISTS bench_intelligence_saved_index (
            name text PRIMARY KEY, definition text NOT NULL)""")
    rows = connection.execute("""
        SELECT index_class.relname, pg_get_indexdef(index_class.oid)
        FROM pg_index
        JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
        JOIN pg_class table_class ON table_class.oid = pg_index.indrelid
        WHERE table_class.relname = ANY(%s) AND NOT pg_index.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint
                          WHERE pg_constraint.conindid = pg_index.indexrelid
                            AND pg_constraint.contype IN ('p', 'u', 'x'))""",
                              [list(TABLES)]).fetchall()
    for name, definition in rows:
        connection.execute("INSERT INTO bench_intelligence_saved_index VALUES (%s, %s) "
                           "ON CONFLICT (name) DO NOTHING", [name, definition])
        connection.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    connection.commit()
    return len(rows)


def _build_index(url, name, definition):
    started = time.perf_counter()
    with open_loader(url) as connection:
        connection.execute(definition)
        connection.execute("DELETE FROM bench_intelligence_saved_index WHERE name = %s",
                           [name])
        connection.commit()
    return name, time.perf_counter() - started


def rebuild_indexes(url):
    """Build the dropped indexes again, two at a time (the machine has two cores), those
    of the biggest tables first."""
    with psycopg.connect(url) as connection:
        if connection.execute("SELECT to_regclass('bench_intelligence_saved_index')"
                              ).fetchone()[0] is None:
            return
        saved = connection.execute(
            "SELECT name, definition FROM bench_intelligence_saved_index").fetchall()
        sizes = dict(connection.execute(
            "SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relname = ANY(%s)",
            [list(TABLES)]).fetchall())
    table = re.compile(r" ON (?:ONLY )?(?:public\.)?(\w+) ")
    saved.sort(key=lambda row: -sizes.get(table.search(row[1]).group(1), 0))
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, seconds in pool.map(lambda row: _build_index(url, *row), saved):
            if seconds >= 1:
                print(f"  index {name}: {seconds:.0f} s")


def analyse(url):
    with psycopg.connect(url, autocommit=True) as connection:
        for table in TABLES:
            connection.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))


# --- Users -------------------------------------------------------------------------------

def ensure_users():
    """The bench users of each force, by username: bench_officer_42, bench_analyst_42,
    bench_inspector_42 and bench_author_42_01..20. Returns {force code: (force id, [author
    ids], analyst id)}."""
    from django.contrib.auth.models import Group

    from athena.accounts.models import Force, Rank, User
    from athena.accounts.roles import Role, sync_role_groups

    sync_role_groups()
    groups = {group.name: group for group in Group.objects.all()}
    people = {}
    for code in FORCES:
        force = Force.objects.get(code=code)
        accounts = [("officer", Rank.CONSTABLE, Role.OFFICER),
                    ("analyst", Rank.POLICE_STAFF, Role.INTELLIGENCE_ANALYST),
                    ("inspector", Rank.INSPECTOR, Role.INSPECTOR)]
        accounts += [(f"author_{code}_{n:02d}", Rank.DETECTIVE_CONSTABLE, Role.OFFICER)
                     for n in range(1, AUTHORS_PER_FORCE + 1)]
        ids = {}
        for kind, rank, role in accounts:
            username = f"bench_{kind}" if kind.startswith("author") else f"bench_{kind}_{code}"
            user, created = User.objects.get_or_create(
                username=username, defaults={"force": force, "rank": rank,
                                             "collar_number": str(1000 + len(ids))})
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.set([groups[role.value]])
            ids[kind] = user.pk
        authors = [pk for kind, pk in ids.items() if kind.startswith("author")]
        people[code] = (force.pk, authors, ids["analyst"])
    return people


# --- People ------------------------------------------------------------------------------

class NameDrawer:
    """Draws a person's names: an origin by its share, then names by their commonness."""

    def __init__(self):
        self.origins = [origin[0] for origin in ORIGINS]
        self.surnames = [weighted(origin[1]) for origin in ORIGINS]
        self.male = [weighted(origin[2]) for origin in ORIGINS]
        self.female = [weighted(origin[3]) for origin in ORIGINS]
        self.ethnicities = [origin[4] for origin in ORIGINS]
        self.tail = [start + end for start in TAIL_SURNAME_STARTS for end in TAIL_SURNAME_ENDS]

    def draw(self, rng):
        origin = rng.choices(range(len(ORIGINS)), weights=self.origins)[0]
        female = rng.random() < 0.3  # most people on a nominal index are men
        forenames = choose(rng, self.female[origin] if female else self.male[origin])
        if rng.random() < 0.25:
            middle = choose(rng, self.female[origin] if female else self.male[origin])
            if middle != forenames:
                forenames = f"{forenames} {middle}"
        if origin == 0 and rng.random() < TAIL_SURNAME_SHARE:
            surname = rng.choice(self.tail)
        else:
            surname = choose(rng, self.surnames[origin])
        gender = "2" if female else "1"
        return origin, forenames, surname, gender, rng.choice(self.ethnicities[origin])

    def alias(self, rng, origin, gender, forenames, surname):
        """Another name: a nickname-like forename with the same surname, or another
        surname (a partner's, say), or both."""
        kind = rng.random()
        names = self.female[origin] if gender == "2" else self.male[origin]
        if kind < 0.4:
            return choose(rng, names), surname
        if kind < 0.8:
            return forenames.split()[0], choose(rng, self.surnames[origin])
        return choose(rng, names), choose(rng, self.surnames[origin])


def birth_date(rng):
    age_days = int(365.25 * (14 + rng.betavariate(2, 4) * 66))
    return TODAY - timedelta(days=age_days)


def people_rows(rng, count, force_ids, aliases):
    """Rows of people_person; the aliases drawn go to ``aliases`` as (person id,
    forenames, surname)."""
    from athena.people.names import person_search_text, phonetic_keys_for_text

    drawer = NameDrawer()
    created = datetime(2019, 1, 1, tzinfo=UTC)
    for person_id in range(1, count + 1):
        origin, forenames, surname, gender, ethnicity = drawer.draw(rng)
        own_aliases = []
        if rng.random() < ALIAS_SHARE:
            own_aliases.append(drawer.alias(rng, origin, gender, forenames, surname))
            if rng.random() < 0.2:
                own_aliases.append(drawer.alias(rng, origin, gender, forenames, surname))
        for alias_forenames, alias_surname in own_aliases:
            aliases.append((person_id, alias_forenames, alias_surname))
        search_text = person_search_text(forenames=forenames, surname=surname,
                                         aliases=own_aliases)
        pnc_id = ""
        if rng.random() < 0.4:
            pnc_id = f"{rng.randrange(0, 26):02d}/{person_id}{REGISTRATION_LETTERS[person_id % 23]}"
        at = created + timedelta(minutes=person_id * 3)
        yield (person_id, at, at, surname, forenames,
               None if rng.random() < 0.05 else birth_date(rng), gender, ethnicity, pnc_id, "",
               search_text, phonetic_keys_for_text(search_text), 1, None,
               rng.choice(force_ids))


def load_people(connection, rng, count, force_ids):
    cursor = connection.cursor()
    cursor.execute("TRUNCATE people_person, people_alias RESTART IDENTITY CASCADE")
    # The trigger that adds each name's words to the names' dictionary (people migration
    # 0003) would run once a row; the dictionary is filled once, after the load.
    names_dictionary = importlib.import_module("athena.people.migrations.0003_name_words")
    cursor.execute(f"ALTER TABLE people_person DISABLE TRIGGER {names_dictionary.TRIGGER}")
    aliases = []
    people = copy_rows(cursor, "people_person", (
        "id", "created_at", "updated_at", "surname", "forenames", "date_of_birth", "gender",
        "self_defined_ethnicity", "pnc_id", "cro_number", "search_text", "phonetic_keys",
        "version", "created_by_id", "created_by_force_id"),
        people_rows(rng, count, force_ids, aliases))
    created = datetime(2019, 1, 1, tzinfo=UTC)
    copy_rows(cursor, "people_alias",
              ("id", "person_id", "forenames", "surname", "created_at", "created_by_id"),
              ((n, person_id, forenames, surname, created, None)
               for n, (person_id, forenames, surname) in enumerate(aliases, start=1)))
    reset_sequence(cursor, "people_person")
    reset_sequence(cursor, "people_alias")
    cursor.execute(f"ALTER TABLE people_person ENABLE TRIGGER {names_dictionary.TRIGGER}")
    cursor.execute("TRUNCATE people_name_word")
    cursor.execute(names_dictionary.FILL_FROM_EVERY_PERSON)
    words = cursor.rowcount
    padding = pad_name_dictionary(cursor, rng, count)
    return (f"{people:,} people, {len(aliases):,} aliases, {words:,} distinct name words "
            f"and {padding:,} made-up ones in the names' dictionary")


# The distinct words of a real index's names: one for every DICTIONARY_PEOPLE_PER_WORD
# people, up to DICTIONARY_MAX_WORDS (the ONS counts about 270,000 surnames in England
# and Wales, before forenames and the spellings of other countries).
DICTIONARY_PEOPLE_PER_WORD = 20
DICTIONARY_MAX_WORDS = 500_000


def pad_name_dictionary(cursor, rng, people):
    """Add made-up words to the names' dictionary until it is as big as a real index's:
    the bench's names come from lists of a few thousand, and the search looks up typed
    words there (athena.people.selectors._words_spelt_like). Each is the start of one
    real word and the end of another, so its trigrams are as common as real names'; no
    one has them, so they cost the look-up and find nobody. Returns how many."""
    cursor.execute("SELECT word FROM people_name_word ORDER BY word")
    real = [row[0] for row in cursor.fetchall()]
    wanted = min(DICTIONARY_MAX_WORDS, people // DICTIONARY_PEOPLE_PER_WORD) - len(real)
    longer = [word for word in real if len(word) >= 4]
    if wanted <= 0 or not longer:
        return 0
    known, made = set(real), set()
    while len(made) < wanted:
        start, end = rng.choice(longer), rng.choice(longer)
        word = start[:rng.randrange(2, len(start))] + end[rng.randrange(1, len(end) - 1):]
        if len(word) >= 4 and word not in known:
            made.add(word)
    return copy_rows(cursor, "people_name_word", ("word",), ((word,) for word in sorted(made)))


# --- Locations, vehicles, telephone numbers, organisations -------------------------------

def postcode(rng, district):
    return (f"{district} {rng.randrange(1, 10)}{rng.choice(POSTCODE_LETTERS)}"
            f"{rng.choice(POSTCODE_LETTERS)}")


def location_rows(rng, count, forces):
    created = datetime(2019, 1, 1, tzinfo=UTC)
    codes = list(forces)
    for location_id in range(1, count + 1):
        code = rng.choice(codes)
        town, districts = rng.choice(FORCES[code][1])
        if rng.random() < 0.06:
            line_1 = f"{rng.choice(STREETS).split()[0]} {rng.choice(PLACE_KINDS)}"
            description = "No postal address."
            code_of_place = ""
        else:
            line_1 = f"{rng.randrange(1, 240)} {rng.choice(STREETS)}"
            description = ""
            code_of_place = postcode(rng, rng.choice(districts))
        line_2 = f"Flat {rng.randrange(1, 30)}" if rng.random() < 0.15 else ""
        yield (location_id, created, created, line_1, line_2, town, "", code_of_place,
               description, None, forces[code][0])


def registration(rng):
    letters = "".join(rng.choice(REGISTRATION_LETTERS) for _ in range(5))
    return f"{letters[:2]}{rng.choice(AGE_IDENTIFIERS)}{letters[2:]}"


def vehicle_rows(rng, count, force_ids):
    created = datetime(2019, 1, 1, tzinfo=UTC)
    for vehicle_id in range(1, count + 1):
        mark = registration(rng)
        if rng.random() < 0.1:  # imported from an older system, with the space
            mark = f"{mark[:4]} {mark[4:]}"
        make, model = rng.choice(VEHICLES)
        yield (vehicle_id, created, created, mark, make, model, rng.choice(COLOURS), None,
               rng.choice(force_ids))


def telephone_number(rng):
    """A UK number in one of the spellings records hold: 07700 900123, 07700900123,
    +44 7700 900123; landlines as 01245 123456 or 020 7946 0123."""
    if rng.random() < 0.8:
        digits = f"7{rng.randrange(100, 1000)}{rng.randrange(0, 1_000_000):06d}"
        spelling = rng.random()
        if spelling < 0.5:
            return f"0{digits[:4]} {digits[4:]}", "mobile"
        if spelling < 0.8:
            return f"0{digits}", "mobile"
        return f"+44 {digits[:4]} {digits[4:]}", "mobile"
    if rng.random() < 0.3:
        return f"020 {rng.randrange(7000, 8999)} {rng.randrange(0, 10_000):04d}", "landline"
    return f"01{rng.randrange(200, 999)} {rng.randrange(100_000, 999_999)}", "landline"


def telephone_rows(rng, count, force_ids, people):
    created = datetime(2019, 1, 1, tzinfo=UTC)
    for telephone_id in range(1, count + 1):
        number, kind = telephone_number(rng)
        person_id = rng.randrange(1, people + 1) if rng.random() < 0.7 else None
        yield (telephone_id, created, created, number, kind, None, rng.choice(force_ids),
               person_id)


def organisation_rows(rng, count, forces):
    created = datetime(2019, 1, 1, tzinfo=UTC)
    drawer = NameDrawer()
    codes = list(forces)
    for organisation_id in range(1, count + 1):
        code = rng.choice(codes)
        town = rng.choice(FORCES[code][1])[0]
        if rng.random() < 0.15:
            name = f"{rng.choice(STREETS).split()[0]} {rng.choice(GROUP_WORDS)}"
        elif rng.random() < 0.5:
            name = f"{drawer.draw(rng)[2]} {rng.choice(ORGANISATION_KINDS)}"
        else:
            name = f"{town} {rng.choice(ORGANISATION_KINDS)}"
        yield (organisation_id, created, created, name, None, forces[code][0])


def entity_counts(people):
    return {"location": people * 3 // 10, "vehicle": people * 3 // 10,
            "telephone": people * 3 // 10, "organisation": max(10, people // 50)}


def load_entities(connection, rng, people, forces):
    counts = entity_counts(people)
    force_ids = [force_id for force_id, _, _ in forces.values()]
    cursor = connection.cursor()
    cursor.execute("TRUNCATE people_location, people_vehicle, people_telephonenumber, "
                   "people_organisation RESTART IDENTITY CASCADE")
    created_columns = ("id", "created_at", "updated_at")
    copy_rows(cursor, "people_location", (*created_columns, "address_line_1",
                                          "address_line_2", "town", "county", "postcode",
                                          "description", "created_by_id",
                                          "created_by_force_id"),
              location_rows(rng, counts["location"], forces))
    copy_rows(cursor, "people_vehicle", (*created_columns, "registration_mark", "make",
                                         "model", "colour", "created_by_id",
                                         "created_by_force_id"),
              vehicle_rows(rng, counts["vehicle"], force_ids))
    copy_rows(cursor, "people_telephonenumber", (*created_columns, "number",
                                                 "telephone_type", "created_by_id",
                                                 "created_by_force_id", "person_id"),
              telephone_rows(rng, counts["telephone"], force_ids, people))
    copy_rows(cursor, "people_organisation", (*created_columns, "name", "created_by_id",
                                              "created_by_force_id"),
              organisation_rows(rng, counts["organisation"], forces))
    for table in ("people_location", "people_vehicle", "people_telephonenumber",
                  "people_organisation"):
        reset_sequence(cursor, table)
    return ", ".join(f"{count:,} {kind}s" for kind, count in counts.items())


# --- Reports and their links -------------------------------------------------------------

class EntityNames:
    """What a report's text says of the entities it links, read back from the database so
    a resumed run writes the same texts."""

    def __init__(self, connection):
        cursor = connection.cursor()
        cursor.execute("SELECT forenames, upper(surname) FROM people_person ORDER BY id")
        self.people = [f"{forenames} {surname}" for forenames, surname in cursor]
        cursor.execute("SELECT colour, make, model, registration_mark FROM people_vehicle "
                       "ORDER BY id")
        self.vehicles = [f"a {colour.lower()} {make} {model}, {mark}"
                         for colour, make, model, mark in cursor]
        cursor.execute("SELECT address_line_1, town FROM people_location ORDER BY id")
        self.locations = list(cursor)
        cursor.execute("SELECT count(*) FROM people_telephonenumber")
        telephones = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM people_organisation")
        self.counts = {"person": len(self.people), "vehicle": len(self.vehicles),
                       "location": len(self.locations), "telephone": telephones,
                       "organisation": cursor.fetchone()[0]}


class Links:
    """The links of every report, held compactly until the reports are loaded."""

    KINDS = [kind for kind, _ in ENTITY_SHARES]

    def __init__(self):
        self.report_ids = array("q")
        self.kinds = array("b")
        self.entity_ids = array("q")
        self.authors = array("q")

    def add(self, report_id, kind, entity_id, author_id):
        self.report_ids.append(report_id)
        self.kinds.append(self.KINDS.index(kind))
        self.entity_ids.append(entity_id)
        self.authors.append(author_id)

    def rows(self, rng):
        created = datetime(2019, 1, 1, tzinfo=UTC)
        columns = {kind: position for position, kind in enumerate(self.KINDS)}
        for n in range(len(self.report_ids)):
            kind = self.KINDS[self.kinds[n]]
            entities = [None] * len(self.KINDS)
            entities[columns[kind]] = self.entity_ids[n]
            yield (n + 1, self.report_ids[n], kind, *entities,
                   rng.choice(LINK_REASONS[kind]), self.authors[n], created)


def popular(rng, count):
    """An entity id where a few entities are in many reports and most in one or none."""
    return 1 + int(count * rng.random() ** 1.3)


def draw_links(rng, report_id, author_id, names, links):
    """One or two entities for the report (never the same one twice); returns the kinds
    and ids."""
    kinds, weights = zip(*ENTITY_SHARES, strict=True)
    chosen = []
    for _ in range(1 if rng.random() < 0.55 else 2):
        kind = rng.choices(kinds, weights=weights)[0]
        entity_id = popular(rng, names.counts[kind])
        if (kind, entity_id) not in chosen:
            chosen.append((kind, entity_id))
            links.add(report_id, kind, entity_id, author_id)
    return chosen


def report_text(rng, town, chosen, names):
    """Title and sanitised text of one report, naming what it links."""
    titles, sentences = rng.choice(THEMES)
    street = rng.choice(STREETS)
    slots = {"town": town, "street": street, "place": f"{street}, {town}",
             "kind": rng.choice(PLACE_KINDS), "subject": "A male",
             "vehicle": f"a {rng.choice(COLOURS).lower()} {' '.join(rng.choice(VEHICLES))}"}
    for kind, entity_id in chosen:
        if kind == "person" and rng.random() < 0.5:
            slots["subject"] = names.people[entity_id - 1]
        elif kind == "vehicle":
            slots["vehicle"] = names.vehicles[entity_id - 1]
        elif kind == "location":
            line_1, slots["town"] = names.locations[entity_id - 1]
            slots["place"] = f"{line_1}, {slots['town']}"
    picked = rng.sample(sentences, k=min(len(sentences), rng.randrange(2, 4)))
    text = " ".join(sentence.format(**slots) for sentence in picked)
    return rng.choice(titles).format(**slots), text


REPORT_DAYS = 2900  # the reports span about eight years, more of them recent


def obtained_dates(rng, count):
    """``count`` dates the reports were obtained, oldest first, so that report ids
    follow them as a live system's do (each report stored as it is written, the newest
    together at the table's end). Drawn as a day's count at a time: the same
    distribution as one draw a report, without holding millions of dates to sort."""
    days = [0] * (REPORT_DAYS + 1)
    for _ in range(count):
        days[int(REPORT_DAYS * rng.random() ** 1.3)] += 1
    for days_ago in range(REPORT_DAYS, -1, -1):
        obtained = TODAY - timedelta(days=days_ago)
        for _ in range(days[days_ago]):
            yield obtained


def report_rows(rng, count, forces, names, links, sharing):
    """Rows of intelligence_intelligencereport, in date order; their links go to
    ``links`` and their sharing restrictions to ``sharing`` as (report id, "force" or
    "role", id)."""
    from intelligence.retention import review_due_on

    codes = list(forces)
    shares = [FORCES[code][0] for code in codes]
    statuses, status_weights = zip(*STATUSES, strict=True)
    force_ids = [force_id for force_id, _, _ in forces.values()]
    dates = obtained_dates(random.Random(rng.getrandbits(64)), count)
    for report_id, obtained in enumerate(dates, start=1):
        code = rng.choices(codes, weights=shares)[0]
        force_id, authors, analyst = forces[code]
        author = rng.choice(authors)
        status = rng.choices(statuses, weights=status_weights)[0]
        created = datetime(obtained.year, obtained.month, obtained.day, 9, tzinfo=UTC) + \
            timedelta(days=rng.randrange(0, 4), minutes=rng.randrange(0, 600))
        chosen = draw_links(rng, report_id, author, names, links)
        title, text = report_text(rng, rng.choice(FORCES[code][1])[0], chosen, names)
        handling, conditions, originator_only = "P", "", False
        if rng.random() < 0.25:
            handling, conditions = "C", rng.choice(HANDLING_CONDITIONS)
            originator_only = rng.random() < 0.25
            if not originator_only and rng.random() < 0.4:
                for other in rng.sample(force_ids, k=rng.randrange(1, 4)):
                    sharing.append((report_id, "force", other))
            if rng.random() < 0.2:
                sharing.append((report_id, "role", "intelligence_analyst"))
                if rng.random() < 0.5:
                    sharing.append((report_id, "role", "inspector"))
        disseminated = status == "disseminated"
        evaluated = status in ("disseminated", "rejected")
        submitted_at = None if status == "draft" else created + timedelta(hours=2)
        done_at = created + timedelta(days=1) if evaluated else None
        retention_group = rng.choice("3332")
        review_due = review_due_on(retention_group, from_date=done_at.date()) \
            if disseminated else None
        original = (f"{text} The source reports this from direct contact with the subject "
                    f"and was present on {obtained:%d %B %Y}.")
        yield (report_id, f"{code}-IR-{report_id:07d}", status, title, obtained, original,
               text if status != "draft" else "", rng.choice("112223"), rng.choice("ABBCCD"),
               handling, conditions, originator_only, retention_group, review_due,
               created, created, submitted_at, done_at if disseminated else None,
               "Not enough detail to act on." if status == "rejected" else "", 1, author,
               analyst if evaluated else None, force_id, analyst if disseminated else None)


def load_reports(connection, rng, count, forces):
    from django.contrib.auth.models import Group

    names = EntityNames(connection)
    cursor = connection.cursor()
    cursor.execute("TRUNCATE intelligence_intelligencereport, intelligence_reportlink, "
                   "intelligence_intelligencereport_shared_with_forces, "
                   "intelligence_intelligencereport_shared_with_roles RESTART IDENTITY CASCADE")
    links, sharing = Links(), []
    reports = copy_rows(cursor, "intelligence_intelligencereport", (
        "id", "reference", "status", "title", "obtained_on", "original_text",
        "sanitised_text", "source_evaluation", "intelligence_assessment", "handling_code",
        "handling_conditions", "originator_only", "retention_group", "review_due_on",
        "created_at", "updated_at", "submitted_at", "disseminated_at", "rejection_reason",
        "version", "author_id", "evaluated_by_id", "originating_force_id",
        "sanitisation_checked_by_id"), report_rows(rng, count, forces, names, links, sharing))
    copy_rows(cursor, "intelligence_reportlink", (
        "id", "report_id", "entity_type", "person_id", "vehicle_id", "location_id",
        "telephone_number_id", "organisation_id", "reason", "created_by_id", "created_at"),
        links.rows(rng))
    groups = dict(Group.objects.values_list("name", "pk"))
    copy_rows(cursor, "intelligence_intelligencereport_shared_with_forces",
              ("intelligencereport_id", "force_id"),
              ((report_id, other) for report_id, kind, other in sharing if kind == "force"))
    copy_rows(cursor, "intelligence_intelligencereport_shared_with_roles",
              ("intelligencereport_id", "group_id"),
              ((report_id, groups[role]) for report_id, kind, role in sharing if kind == "role"))
    for table in ("intelligence_intelligencereport", "intelligence_reportlink",
                  "intelligence_intelligencereport_shared_with_forces",
                  "intelligence_intelligencereport_shared_with_roles"):
        reset_sequence(cursor, table)
    return f"{reports:,} reports, {len(links.report_ids):,} links, {len(sharing):,} restrictions"


# --- Running the stages ------------------------------------------------------------------

def run_stage(url, name, load):
    """Run one stage in its own transaction, unless it is recorded as done."""
    with open_loader(url) as connection:
        if stage_done(connection, name):
            print(f"{name}: already loaded")
            return
        started = time.perf_counter()
        # The rows are generated consistent with each other; checking every foreign key
        # of millions of rows would double the load time.
        connection.execute("SET session_replication_role = replica")
        summary = load(connection)
        connection.execute("INSERT INTO bench_intelligence_stage (name, summary) "
                           "VALUES (%s, %s)", [name, summary])
        connection.commit()
        print(f"{name}: {summary} in {time.perf_counter() - started:.0f} s")


def prepare(url, stages):
    """Record table of the stages; forget the stages after the first one not done (they
    depend on it), and drop the secondary indexes if anything is to be loaded."""
    with psycopg.connect(url) as connection:
        connection.execute("""
            CREATE TABLE IF NOT EXISTS bench_intelligence_stage (
                name text PRIMARY KEY, summary text NOT NULL,
                finished_at timestamptz NOT NULL DEFAULT now())""")
        done = [name for name in stages if stage_done(connection, name)]
        first_missing = next((name for name in stages if name not in done), None)
        if first_missing is None:
            return False
        later = stages[stages.index(first_missing):]
        connection.execute("DELETE FROM bench_intelligence_stage WHERE name = ANY(%s)",
                           [later])
        connection.commit()
        dropped = drop_secondary_indexes(connection)
        print(f"dropped {dropped} secondary indexes for the load")
        return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=2_000_000)
    args = parser.parse_args()
    url = conninfo()
    began = time.perf_counter()
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    forces = ensure_users()
    force_ids = [force_id for force_id, _, _ in forces.values()]
    stages = {
        "people": lambda c: load_people(c, random.Random(SEED), args.people, force_ids),
        "entities": lambda c: load_entities(c, random.Random(SEED + 1), args.people, forces),
        "reports": lambda c: load_reports(c, random.Random(SEED + 2), args.reports, forces),
    }
    if prepare(url, list(stages)):
        for name, load in stages.items():
            run_stage(url, name, load)
    started = time.perf_counter()
    rebuild_indexes(url)
    analyse(url)
    print(f"indexes and ANALYZE: {time.perf_counter() - started:.0f} s")
    print(f"total: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
