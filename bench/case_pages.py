"""Server time of the case-file pages with 10,000 case files, measured in-process.

Usage: .venv/bin/python bench/case_pages.py [--cases 10000] [--requests 200]
                                            [--continue-requests 50] [--list-requests 50]
                                            [--quick-requests 50]
                                            [--queries] [--profile detail|save|list|...]

Runs against a throwaway SQLite database by default, or whatever DATABASE_URL names (the
target is PostgreSQL: a scratch database, which the bench migrates and fills, and leaves
filled; a second run on it reuses the files). ATHENA_VAR_DIR and MEDIA_ROOT are always
temporary folders, so the jobs queued by saves go to a throwaway broker folder.

It writes the rows directly with bulk_create (the way the services would have left them,
without audit events or jobs): files spread over officers of Essex (42) and Kent (46),
each with a suspect or two from the people index, one to three offences from the real
CJS Offence Index, several sections of realistic prose, and witness statements and
exhibits (no uploaded files). The officer "officer" has 500 files. The quick-file officer
"bench_quick" (Essex, team "Chelmsford Response", which names the court) has none of them:
the files they quick-file are left in the database, and kept out of the other measurements
and of the count of files built.

Then, with the Django test client logged in as the officer in the case, it times:

- the file page (``/cases/<pk>/``) of ``--requests`` different files;
- the section page (GET) and its autosave (htmx POST of the case summary, the summary
  changed each time, with the section's current version read from the database), on
  ``--requests`` different draft files;
- "Save and continue" (the POST without htmx, answered with a redirect) on
  ``--continue-requests`` files;
- the officer's list of files (``/cases/``) for the officer with 500 files, and their
  home page, whose "My case files" worklist reads their open files;
- the quick file, as the quick-file officer goes through it ``--quick-requests`` times
  (after one untimed journey): "New case file" (``/cases/new/``), the quick-file page of
  shoplifting (``/cases/quick/TH68010/``), its POST of a complete shoplift by a suspect
  new to the index (random letters for names, so the duplicate check finds nobody; it
  builds the whole file and answers a redirect to "Check your answers"), "Check your
  answers" (``/cases/<pk>/check/``, which must offer "Submit for review"), the submit
  (POST ``/cases/<pk>/submit/``, a redirect) and the submission page it leads to.

Prints median, 95th percentile and maximum in milliseconds, and the number of SQL queries
of one request of each (``--queries`` prints them); exits non-zero when a 95th percentile
is over the 100 ms budget, naming it.
``--profile`` runs cProfile over the requests of one measurement and prints the top.
"""

import argparse
import atexit
import cProfile
import io
import math
import os
import pstats
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["ATHENA_VAR_DIR"] = tempfile.mkdtemp(prefix="athena-bench-")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="athena-bench-media-")
atexit.register(shutil.rmtree, os.environ["ATHENA_VAR_DIR"], ignore_errors=True)
atexit.register(shutil.rmtree, os.environ["MEDIA_ROOT"], ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from athena.gc_tuning import tune_gc  # noqa: E402

tune_gc()  # as athena/wsgi.py does for the web server

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

BUDGET_MS = 100
BATCH_SIZE = 1000
HEAVY_OFFICER = "officer"  # the demo officer: the one whose list of files is timed
HEAVY_OFFICER_FILES = 500
QUICK_OFFICER = "bench_quick"  # the officer who quick-files, with none of the built files
QUICK_TEAM = "Chelmsford Response"  # names the station, so the court of the charge
QUICK_OFFENCE = "TH68010"  # theft from a shop: the quick file of shoplifting

# Offences most often charged, by CJS code; the rest are drawn from the whole index.
COMMON_OFFENCES = ["TH68010", "CJ88116", "CJ88001", "CD71039", "MD71530", "TH68001",
                   "TH68036", "TH68007", "OF61102", "RT88333", "RT88007", "RT88576",
                   "PU86002", "TH68023", "OF61016"]

# ---- Realistic prose, from a pool of sentences -----------------------------------------

_PLACES = ["the Co-op on High Street", "Tesco Express, Springfield Road", "the bus station",
           "the Red Lion public house", "Moulsham Street", "a flat in Bishops Court",
           "the car park behind the leisure centre", "Chelmsford railway station",
           "the Boots store in the Meadows centre", "Victoria Road South", "the petrol "
           "station on the A12 slip road", "the alleyway beside the chip shop"]
_WITNESSES = ["the store detective", "the duty manager", "a passer-by", "the victim",
              "PC 4512 Carter", "the security guard", "the bus driver", "a neighbour",
              "the victim's partner", "the door supervisor"]
_OBJECTS = ["two bottles of gin", "a mobile phone", "a black rucksack", "a kitchen knife",
            "a bank card", "four packs of razor blades", "a bicycle", "a wallet",
            "cash of about £40", "a set of car keys", "a quantity of cannabis", "a laptop"]
_TIMES = ["at about 14:20", "shortly after 23:00", "at 09:45", "just before midnight",
          "at around 17:30", "in the early hours", "at 11:10", "during the lunchtime rush"]
_TEMPLATES = [
    "On the day in question, {time}, the suspect entered {place}.",
    "{witness} saw the suspect pick up {object} and conceal it inside his coat.",
    "The suspect then walked past the tills without making any attempt to pay.",
    "{witness} followed the suspect out of {place} and asked him to come back inside.",
    "The suspect became abusive, pushed {witness} in the chest and tried to run off.",
    "CCTV from {place} shows the whole incident and has been seized as an exhibit.",
    "Officers attended {time} and found the suspect still in the area of {place}.",
    "When searched, the suspect was found to be carrying {object}.",
    "{object} was recovered and identified by {witness} as the property taken.",
    "The suspect was arrested {time} and conveyed to Chelmsford custody.",
    "In interview the suspect said he had forgotten to pay and had meant to go back.",
    "In interview the suspect accepted being at {place} but denied taking {object}.",
    "The suspect gave a no comment interview on the advice of his solicitor.",
    "{witness} describes the suspect as a white male, about thirty, in a grey hooded top.",
    "The victim sustained a cut to the lip and bruising to the left cheek.",
    "Photographs of the injuries were taken by the attending officer.",
    "The value of the property taken is estimated at £{amount}.",
    "The victim supports a prosecution and is willing to attend court.",
    "{witness} gave a first account on body-worn video, which has been retained.",
    "House-to-house enquiries in the area of {place} found no further witnesses.",
    "The suspect has previous convictions for similar offences.",
    "There is no evidence that anyone else was involved.",
    "I then went to {place}, where I spoke to {witness}.",
    "I clearly saw the man's face for several seconds, from about three metres away.",
    "The lighting was good and nothing blocked my view.",
    "I did not know the man before that day, but I would recognise him again.",
    "I saw him put {object} into his pocket and look around towards the door.",
    "I shouted at him to stop and he swore at me and ran towards {place}.",
    "I have worked at {place} for six years and I know the layout of the store well.",
    "I am willing to attend court and give evidence if required.",
    "I have produced the CCTV footage from {place} as exhibit SC/1.",
    "I do not give anyone permission to take {object} without paying.",
]


def sentence_pool(rng, size=3000):
    return [template.format(place=rng.choice(_PLACES), witness=rng.choice(_WITNESSES),
                            object=rng.choice(_OBJECTS), time=rng.choice(_TIMES),
                            amount=rng.randrange(20, 900)).capitalize()
            for template in (rng.choice(_TEMPLATES) for _ in range(size))]


class Prose:
    def __init__(self, rng):
        self.rng = rng
        self.pool = sentence_pool(rng)

    def __call__(self, words):
        """About ``words`` words, in paragraphs of four to seven sentences."""
        sentences = []
        total = 0
        while total < words:
            sentence = self.rng.choice(self.pool)
            sentences.append(sentence)
            total += sentence.count(" ") + 1
        paragraphs, start = [], 0
        while start < len(sentences):
            end = start + self.rng.randint(4, 7)
            paragraphs.append(" ".join(sentences[start:end]))
            start = end
        return "\n\n".join(paragraphs)


# ---- Building the files -----------------------------------------------------------------

def ensure_offences():
    import json

    from athena.offences.models import Offence
    from athena.offences.services import OFFENCES_FILE, offences_load

    if Offence.objects.count() < 15_000:
        offences_load(rows=json.loads(OFFENCES_FILE.read_text(encoding="utf-8")))
    return Offence.objects.count()


def ensure_officers():
    """{force code: [officer]}: the demo users, and bench officers in both forces."""
    from django.conf import settings
    from django.contrib.auth.models import Group

    from athena.accounts.demo import seed_demo_users
    from athena.accounts.models import Force, Rank, User
    from athena.accounts.roles import Role

    seed_demo_users(password=settings.ATHENA_DEMO_PASSWORD)
    group = Group.objects.get(name=Role.OFFICER.value)
    officers = {}
    for code, count, first_collar in (("42", 15, 5100), ("46", 5, 6200)):
        force = Force.objects.get(code=code)
        for n in range(count):
            user, created = User.objects.get_or_create(
                username=f"bench_{code}_{n:02d}",
                defaults={"force": force, "rank": Rank.CONSTABLE, "first_name": "Bench",
                          "last_name": f"Officer {code}-{n:02d}",
                          "collar_number": str(first_collar + n)})
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.add(group)
        officers[code] = list(User.objects.filter(username__startswith=f"bench_{code}_")
                              .order_by("username"))
    officers["42"].insert(0, User.objects.get(username=HEAVY_OFFICER))
    officers["46"].insert(0, User.objects.get(username="officer_kent"))
    return officers


def ensure_quick_officer():
    """The quick-file officer: Essex, the officer role, and a team that names the court."""
    from django.contrib.auth.models import Group

    from athena.accounts.models import Force, Rank, User
    from athena.accounts.roles import Role

    user, created = User.objects.get_or_create(
        username=QUICK_OFFICER,
        defaults={"force": Force.objects.get(code="42"), "rank": Rank.CONSTABLE,
                  "first_name": "Quick", "last_name": "Filer", "collar_number": "5199",
                  "team": QUICK_TEAM})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=Role.OFFICER.value))
    if user.team != QUICK_TEAM:
        user.team = QUICK_TEAM
        user.save(update_fields=["team"])
    return user


def ensure_people(officers):
    from athena.accounts.models import Force
    from athena.people.demo import seed_demo_people
    from athena.people.models import Person

    people = {}
    for code, count in (("42", 1500), ("46", 500)):
        force = Force.objects.get(code=code)
        seed_demo_people(force=force, acting_user=officers[code][0], count=count,
                         seed=2026 + int(code))
        people[code] = list(Person.objects.filter(created_by_force=force)
                            .values_list("pk", flat=True))
    return people


def offence_pool():
    """[(offence pk, mode of trial)]: the common offences many times over, then a spread of
    other criminal offences of the index."""
    from athena.offences.models import ModeOfTrial, Offence

    common = list(Offence.objects.filter(cjs_code__in=COMMON_OFFENCES)
                  .values_list("pk", "mode_of_trial"))
    others = list(Offence.objects.criminal().exclude(mode_of_trial=ModeOfTrial.INDICTABLE_ONLY)
                  .order_by("pk").values_list("pk", "mode_of_trial")[::40])
    return common * 40 + others


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _suspects_and_offences(rng, prose, case, suspects_people, offences):
    from cases.constants import Plea
    from cases.models import ChargedOffence, Suspect

    suspects = [Suspect(case=case, person_id=person_id, position=n)
                for n, person_id in enumerate(suspects_people, start=1)]
    charged = []
    plea = weighted(rng, [(Plea.GUILTY, 35), (Plea.NOT_GUILTY, 50), (Plea.NOT_KNOWN, 15)])
    for suspect in suspects:
        for offence_id, _mode in rng.sample(offences, rng.choice([1, 1, 1, 2, 2, 3])):
            charged.append(ChargedOffence(
                suspect=suspect, offence_id=offence_id, anticipated_plea=plea,
                offence_date=(case.created_at - timedelta(days=rng.randrange(0, 20))).date(),
                wording=prose(40) if rng.random() < 0.3 else ""))
    return suspects, charged


def _answers(rng, prose, case, kind):
    """Answers of one section that holds answers (not items)."""
    from cases.constants import BailStatus
    from cases.sections import SectionKind as S

    charge_day = (case.created_at + timedelta(days=1)).date()
    answers = {
        S.CASE_SUMMARY: lambda: {
            "summary": prose(rng.randint(250, 700)),
            "interview_type": weighted(rng, [("full_account", 60), ("no_comment", 25),
                                             ("prepared_statement", 10),
                                             ("not_interviewed", 5)]),
            "interview_summary": prose(rng.randint(60, 250)),
            "hearsay_details": "", "special_measures": prose(30) if rng.random() < .1 else ""},
        S.EVIDENCE_FOR_PROSECUTOR: lambda: {
            "charge_rationale": prose(rng.randint(60, 200)),
            "outstanding_evidence": "CCTV from the bus company\nForensic report on the knife"
            if rng.random() < 0.3 else "",
            "other_information": prose(rng.randint(20, 120))},
        S.CHARGES: lambda: {
            "charge_date": charge_day.isoformat(), "reply_to_charge": rng.choice(
                ["No reply", "I didn't do it.", "Fair enough.", "I want my solicitor."]),
            "bail_conditions": "Not to enter the Meadows centre; curfew 19:00 to 07:00"
            if case.bail_status == BailStatus.CONDITIONAL_BAIL else "",
            "first_hearing_date": (charge_day + timedelta(days=rng.choice([14, 28])))
            .isoformat(),
            "court": rng.choice(["Chelmsford Magistrates' Court",
                                 "Colchester Magistrates' Court",
                                 "Southend Magistrates' Court",
                                 "Medway Magistrates' Court"])},
        S.PREVIOUS_CONVICTIONS: lambda: {
            "pnc_check_performed": "yes",
            "pnc_convictions": rng.choice(["None", prose(rng.randint(30, 120))]),
            "bail_history": rng.choice(["", "Failed to surrender in 2023."])},
        S.STREAMLINED_DISCLOSURE: lambda: {"material": rng.choice(["None", prose(40)]),
                                           "certified": "yes"},
        S.VICTIM_PERSONAL_STATEMENT: lambda: {"vps_offered": "yes",
                                              "vps_made": rng.choice(["yes", "no"]),
                                              "victim_wish_to_attend_court": "no"},
        S.REMAND_APPLICATION: lambda: {"grounds": "Fail to surrender; further offences",
                                       "reasons": prose(rng.randint(80, 200)),
                                       "conditions_considered": prose(60)},
        S.CHARGING_REPORT: lambda: {"evidence_summary": prose(rng.randint(200, 500)),
                                    "decision_sought": "Charge as set out above.",
                                    "lines_of_enquiry": prose(60)},
    }
    return answers[kind]()


def _items(rng, prose, case, section):
    """Witness statements (one to four) or exhibits (one to three, without files)."""
    from cases.models import SectionItem
    from cases.sections import SectionKind as S

    if section.kind == S.WITNESS_STATEMENTS:
        return [SectionItem(section=section, position=position, data={
            "witness_name": f"{rng.choice(['Alex', 'Sam', 'Jo', 'Chris', 'Priya'])} "
                            f"{rng.choice(['Turner', 'Khan', 'Walsh', 'Okafor'])}",
            "statement_date": (case.created_at + timedelta(days=1)).date().isoformat(),
            "statement": prose(rng.randint(200, 800)),
            "declaration": "yes", "witness_under_18": "no"})
            for position in range(1, rng.randint(1, 4) + 1)]
    return [SectionItem(section=section, position=position, data={
        "reference": f"SC/{position}",
        "description": rng.choice(["CCTV from the store", "Body-worn video",
                                   "Photographs of the injuries", "Recovered property",
                                   "999 call"]),
        "produced_by": rng.choice(["PC Carter", "Store detective", "DC Patel"])})
        for position in range(1, rng.randint(1, 3) + 1)]


def _section_kinds(rng, case):
    """The sections the officer has saved: all of them once the file left the draft
    stage, and a draft anywhere from just started to nearly done."""
    from cases.constants import BailStatus, Stage
    from cases.models import CaseStatus
    from cases.sections import SectionKind as S

    kinds = [S.CASE_SUMMARY, S.WITNESS_STATEMENTS, S.EXHIBITS, S.EVIDENCE_FOR_PROSECUTOR,
             S.CHARGES, S.PREVIOUS_CONVICTIONS, S.STREAMLINED_DISCLOSURE]
    if case.stage == Stage.PRE_CHARGE:
        kinds.insert(0, S.CHARGING_REPORT)
    if case.bail_status == BailStatus.REMAND:
        kinds.append(S.REMAND_APPLICATION)
    if rng.random() < 0.3:
        kinds.append(S.VICTIM_PERSONAL_STATEMENT)
    progress = 1.0 if case.status != CaseStatus.DRAFT else rng.random()
    return kinds[:max(1, round(len(kinds) * progress))]


def case_rows(rng, prose, *, case, suspects_people, offences):
    """The suspects, charged offences and sections (with their items) of one file, unsaved,
    with the content hashes the services would have given the sections."""
    from athena.pdf import content_hash
    from cases.models import CaseSection, CaseStatus, SectionStatus
    from cases.sections import SECTIONS

    suspects, charged = _suspects_and_offences(rng, prose, case, suspects_people, offences)
    sections, items = [], []
    for kind in _section_kinds(rng, case):
        section = CaseSection(
            case=case, kind=kind, version=rng.randint(1, 30),
            updated_by_id=case.officer_in_case_id,
            updated_at=case.updated_at - timedelta(minutes=rng.randrange(0, 600)),
            status=SectionStatus.RETURNED if case.status == CaseStatus.RETURNED
            and rng.random() < 0.2 else SectionStatus.NOT_STARTED)
        if SECTIONS[kind].repeatable:
            section_items = _items(rng, prose, case, section)
            section.content_hash = content_hash(
                [[item.data, item.file_name, item.file_size] for item in section_items])
            items.extend(section_items)
        else:
            section.data = _answers(rng, prose, case, kind)
            section.content_hash = content_hash(section.data)
        if case.status != CaseStatus.DRAFT:
            section.rendered_hash = section.content_hash
        sections.append(section)
    return suspects, charged, sections, items


def build_cases(rng, *, count, officers, people):
    """``count`` files, in batches: bulk_create the files, then their suspects, offences,
    sections and items."""
    from django.conf import settings
    from django.db.models import Max

    from athena.accounts.models import Force
    from cases.constants import BailStatus, CaseBegins, Marker, Stage
    from cases.models import (
        CaseFile,
        CaseSection,
        CaseStatus,
        ChargedOffence,
        SectionItem,
        Suspect,
    )

    prose = Prose(rng)
    offences = offence_pool()
    forces = {code: Force.objects.get(code=code) for code in ("42", "46")}
    unit = settings.ATHENA_CASE_UNIT_CODE
    now = timezone.now()

    # Who owns each file: 500 for the heavy officer, 80% of the rest in Essex.
    owners = [officers["42"][0]] * min(HEAVY_OFFICER_FILES, count)
    rest = count - len(owners)
    owners += [rng.choice(officers["42"][1:]) for _ in range(int(rest * 0.8))]
    owners += [rng.choice(officers["46"]) for _ in range(count - len(owners))]
    created = sorted(now - timedelta(minutes=rng.randrange(60, 400 * 24 * 60))
                     for _ in range(count))
    rng.shuffle(owners)

    # File numbers go up with creation time, per force, unit and year, after any taken.
    next_sequence = {}
    for code, force in forces.items():
        for year, last in (CaseFile.objects.filter(force=force, unit_code=unit)
                           .values_list("year").annotate(last=Max("sequence"))):
            next_sequence[(code, year)] = last + 1

    for start in range(0, count, BATCH_SIZE):
        cases = []
        for owner, created_at in zip(owners[start:start + BATCH_SIZE],
                                     created[start:start + BATCH_SIZE], strict=True):
            code = owner.force.code
            year = timezone.localtime(created_at).year % 100
            sequence = next_sequence.get((code, year), 1)
            next_sequence[(code, year)] = sequence + 1
            age = now - created_at
            status = weighted(rng, [(CaseStatus.DRAFT, 70), (CaseStatus.RETURNED, 6),
                                    (CaseStatus.SUBMITTED, 6), (CaseStatus.IN_REVIEW, 4),
                                    (CaseStatus.APPROVED, 4), (CaseStatus.SENT_TO_CPS, 6),
                                    (CaseStatus.DECIDED, 4)])
            bail = weighted(rng, [(BailStatus.UNCONDITIONAL_BAIL, 35),
                                  (BailStatus.CONDITIONAL_BAIL, 35), (BailStatus.REMAND, 10),
                                  (BailStatus.NOT_APPLICABLE, 20)])
            markers = []
            if rng.random() < 0.25:
                markers = rng.sample(Marker.values, rng.choice([1, 1, 2]))
            cases.append(CaseFile(
                urn=f"{code}{unit}{sequence:05d}{year:02d}", force=forces[code],
                unit_code=unit, sequence=sequence, year=year, officer_in_case=owner,
                created_by=owner, status=status,
                stage=Stage.PRE_CHARGE if rng.random() < 0.1 else Stage.FIRST_HEARING,
                case_begins=CaseBegins.POSTAL_REQUISITION
                if bail == BailStatus.NOT_APPLICABLE and rng.random() < 0.5
                else CaseBegins.CHARGE,
                bail_status=bail, markers=markers,
                loss_value=Decimal(rng.randrange(500, 90000)) / 100
                if rng.random() < 0.4 else None,
                arrested_at=created_at - timedelta(hours=rng.randint(1, 20))
                if rng.random() < 0.7 else None,
                version=rng.randint(1, 5), created_at=created_at,
                updated_at=created_at + min(age, timedelta(days=rng.randint(0, 30)))))
        with transaction.atomic():
            CaseFile.objects.bulk_create(cases, batch_size=BATCH_SIZE)
            suspects, charged, sections, items = [], [], [], []
            for case in cases:
                pool = people[case.force.code]
                rows = case_rows(rng, prose, case=case, offences=offences,
                                 suspects_people=rng.sample(pool, rng.choice([1] * 9 + [2])))
                for found, rows_of_kind in zip((suspects, charged, sections, items), rows,
                                               strict=True):
                    found.extend(rows_of_kind)
            Suspect.objects.bulk_create(suspects, batch_size=BATCH_SIZE)
            for row in charged:
                row.suspect_id = row.suspect.pk
            ChargedOffence.objects.bulk_create(charged, batch_size=BATCH_SIZE)
            CaseSection.objects.bulk_create(sections, batch_size=BATCH_SIZE)
            for item in items:
                item.section_id = item.section.pk
            SectionItem.objects.bulk_create(items, batch_size=BATCH_SIZE)


def build(args):
    from cases.models import CaseFile, CaseSection, SectionItem

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    offences = ensure_offences()
    officers = ensure_officers()
    ensure_quick_officer()
    people = ensure_people(officers)
    existing = CaseFile.objects.exclude(officer_in_case__username=QUICK_OFFICER).count()
    if existing < args.cases:
        build_cases(random.Random(args.seed), count=args.cases - existing, officers=officers,
                    people=people)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    quick = CaseFile.objects.filter(officer_in_case__username=QUICK_OFFICER).count()
    built = args.cases - existing if existing < args.cases else 0
    print(f"database: {connection.vendor}; offences: {offences}; case files: "
          f"{CaseFile.objects.count() - quick} ({built} built) and {quick} quick files of "
          f"earlier runs; sections: "
          f"{CaseSection.objects.count()}; statements and exhibits: "
          f"{SectionItem.objects.count()}; set-up {elapsed:.1f} s")


# ---- Measuring --------------------------------------------------------------------------

def percentile(timings, fraction):
    """Nearest-rank percentile: of 200 timings, the 190th fastest is the 95th."""
    ordered = sorted(timings)
    return ordered[max(0, math.ceil(len(ordered) * fraction) - 1)]


class Clients:
    """One logged-in test client per officer, made outside the timings."""

    def __init__(self):
        self.clients = {}

    def __call__(self, user):
        if user.pk not in self.clients:
            client = Client()
            client.force_login(user)
            self.clients[user.pk] = client
        return self.clients[user.pk]


class Measurement:
    def __init__(self, name):
        self.name = name
        self.timings = []
        self.queries = None
        self.profile = None

    def time(self, call, *, capture=False):
        if self.profile is not None:
            self.profile.enable()
        if capture:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = call()
                elapsed = (time.perf_counter() - start) * 1000
            self.queries = list(captured.captured_queries)
        else:
            start = time.perf_counter()
            response = call()
            elapsed = (time.perf_counter() - start) * 1000
        if self.profile is not None:
            self.profile.disable()
        self.timings.append(elapsed)
        return response

    def row(self):
        return (f"{self.name:38} {len(self.timings):5} {statistics.median(self.timings):9.1f} "
                f"{percentile(self.timings, 0.95):8.1f} {max(self.timings):8.1f} "
                f"{len(self.queries) if self.queries is not None else '':>8}")

    @property
    def p95(self):
        return percentile(self.timings, 0.95)


def expect(response, status, what):
    if response.status_code != status:
        raise SystemExit(f"{what} answered {response.status_code}, expected {status}")


def form_value(html, name):
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


def section_version(case_pk, kind):
    from cases.models import CaseSection

    return (CaseSection.objects.filter(case_id=case_pk, kind=kind)
            .values_list("version", flat=True).first() or 0)


def summary_post(case_pk, page, step, *, continue_=False):
    """The case summary form as the page would post it, with the summary changed."""
    from cases.models import CaseSection
    from cases.sections import SECTIONS

    stored = (CaseSection.objects.filter(case_id=case_pk, kind="case_summary")
              .values_list("data", flat=True).first() or {})
    data = {f.name: stored.get(f.name, "") for f in SECTIONS["case_summary"].fields}
    data["summary"] = (stored.get("summary") or "The suspect took two bottles of gin.") + (
        f"\n\nAdded at save {step}: the CCTV has now been viewed.")
    data["interview_type"] = data["interview_type"] or "full_account"
    data = {name: value for name, value in data.items() if value != ""}
    data.update({"version": section_version(case_pk, "case_summary"),
                 "editor": form_value(page, "editor"),
                 "shown_fields": form_value(page, "shown_fields")})
    if continue_:
        data["continue"] = "1"
    return data


_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"


def made_up_name(rng, syllables):
    """Letters only, such as "Dovarim": unlikely to be anyone's on the index."""
    return "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS)
                   for _ in range(syllables)).capitalize()


def quick_file_post(rng):
    """A complete shoplift as the quick-file page would post it, by a suspect new to the
    index. ``rng`` should not be seeded: the names must differ from one run to the next,
    or the duplicate check finds the suspects of the run before."""
    today = timezone.localdate().strftime("%d/%m/%Y")
    born = timezone.localdate().replace(year=rng.randint(1960, 2004), month=rng.randint(1, 12),
                                        day=rng.randint(1, 28))
    return {
        "forenames": made_up_name(rng, 3), "surname": made_up_name(rng, 4),
        "date_of_birth": born.strftime("%d/%m/%Y"),
        "address_line_1": f"{rng.randint(1, 200)} Mill Lane", "town": "Chelmsford",
        "postcode": "CM1 1AA", "occupation": "Unemployed",
        "arrest_date": today, "arrest_time": "14:20",
        "offence_date": today, "offence_time": "14:10",
        "place": "Tesco, High Street, Chelmsford", "goods": "two beef steaks",
        "value": "23.50", "recovered": "yes",
        "summary": "He put two steaks in his coat and walked past the tills without paying. "
                   "The store detective stopped him outside.",
        "witness_name": "Joanne Bell",
        "witness_involvement": "The store detective who stopped him",
        "statement": "I am a store detective at Tesco, Chelmsford. I saw a man put two steaks "
                     "in his coat and leave without paying. I stopped him and found the "
                     "steaks.",
        "interview_type": "full_account",
        "interview_account": "He admitted taking the steaks to sell and apologised.",
        "anticipated_plea": "guilty", "outcome": "bail", "reply_to_charge": "Sorry.",
    }


def quick_file_journey(client, rng, steps=None, *, capture=False):
    """One quick file, from "New case file" to the submitted file's page, each request
    timed by its Measurement of ``steps`` (none: untimed)."""
    from django.urls import resolve, reverse

    def timed(name, call):
        if steps is None:
            return call()
        return steps[name].time(call, capture=capture)

    new_url = reverse("cases:new")
    quick_url = reverse("cases:quick", args=[QUICK_OFFENCE])
    expect(timed("new", partial(client.get, new_url)), 200, new_url)
    expect(timed("quick", partial(client.get, quick_url)), 200, quick_url)
    response = timed("create", partial(client.post, quick_url, quick_file_post(rng)))
    if response.status_code == 200:
        raise SystemExit(f"POST {quick_url} showed the page again (a form error, or likely "
                         "duplicates of the made-up suspect) instead of creating the file")
    expect(response, 302, f"POST {quick_url}")
    check_url = response.url
    pk = resolve(check_url).kwargs["pk"]
    if check_url != reverse("cases:check", args=[pk]):
        raise SystemExit(f"POST {quick_url} redirected to {check_url}, not the check page")
    response = timed("check", partial(client.get, check_url))
    expect(response, 200, check_url)
    if b'id="submit"' not in response.content:
        raise SystemExit(f"{check_url} does not offer \"Submit for review\"")
    if b"Chelmsford Magistrates" not in response.content:
        raise SystemExit(f"{check_url} does not name the court of the officer's team")
    submit_url = reverse("cases:submit", args=[pk])
    response = timed("submit", partial(client.post, submit_url))
    expect(response, 302, f"POST {submit_url}")
    if resolve(response.url).url_name != "submission":
        raise SystemExit(f"POST {submit_url} redirected to {response.url}")
    expect(timed("submission", partial(client.get, response.url)), 200, response.url)


def measure_quick_file(args, clients, profiled):
    """The quick file's requests, ``--quick-requests`` journeys of the quick-file officer."""
    from athena.accounts.models import User
    from athena.offences.models import Offence

    if not Offence.objects.filter(cjs_code=QUICK_OFFENCE).exists():
        raise SystemExit(f"The offence {QUICK_OFFENCE} is not in the database")
    client = clients(User.objects.get(username=QUICK_OFFICER))
    names = random.SystemRandom()
    steps = {"new": "new (New case file GET)",
             "quick": f"quick (quick file page GET, {QUICK_OFFENCE})",
             "create": "create (quick file POST, 302)",
             "check": "check (Check your answers GET)",
             "submit": "submit (Submit for review POST)",
             "submission": "submission (submitted page GET)"}
    steps = {key: profiled(Measurement(name)) for key, name in steps.items()}
    quick_file_journey(client, names)  # untimed: templates compiled, code imported
    for n in range(args.quick_requests):
        quick_file_journey(client, names, steps, capture=n == args.quick_requests - 1)
    return list(steps.values())


def measure(args):
    from athena.accounts.models import User
    from cases.models import CaseFile, CaseStatus

    setup_test_environment()
    rng = random.Random(args.seed + 1)
    clients = Clients()
    cases = list(CaseFile.objects.select_related("officer_in_case__force")
                 .exclude(officer_in_case__username=QUICK_OFFICER)
                 .only("pk", "status", "officer_in_case"))
    drafts = [case for case in cases if case.status in (CaseStatus.DRAFT, CaseStatus.RETURNED)]
    results = []

    def profiled(measurement):
        if args.profile == measurement.name.split()[0]:
            measurement.profile = cProfile.Profile()
        return measurement

    # One request of each page first, untimed: templates compiled, code imported.
    for case in (cases[0], drafts[0]):
        warm = clients(case.officer_in_case)
        warm.get(f"/cases/{case.pk}/")
        warm.get(f"/cases/{case.pk}/sections/case_summary/")

    # (1) The file page.
    detail = profiled(Measurement("detail (file page GET)"))
    sample = rng.sample(cases, args.requests)
    for n, case in enumerate(sample):
        client = clients(case.officer_in_case)
        response = detail.time(partial(client.get, f"/cases/{case.pk}/"),
                               capture=n == len(sample) - 1)
        expect(response, 200, f"/cases/{case.pk}/")
    results.append(detail)

    # (2) The section page, then its autosave (htmx), on other draft files.
    page = profiled(Measurement("section (section page GET)"))
    save = profiled(Measurement("save (autosave, htmx POST)"))
    sample = rng.sample(drafts, args.requests + args.continue_requests)
    for n, case in enumerate(sample[:args.requests]):
        client = clients(case.officer_in_case)
        url = f"/cases/{case.pk}/sections/case_summary/"
        capture = n == args.requests - 1
        response = page.time(partial(client.get, url), capture=capture)
        expect(response, 200, url)
        data = summary_post(case.pk, response.content.decode(), n)
        response = save.time(partial(client.post, url, data, HTTP_HX_REQUEST="true"),
                             capture=capture)
        expect(response, 200, f"htmx POST {url}")
        if b'id="conflict"' in response.content or section_version(
                case.pk, "case_summary") != data["version"] + 1:
            raise SystemExit(f"The autosave of {url} did not save (version {data['version']})")
    results += [page, save]

    # (3) "Save and continue", without htmx: a redirect to the next section.
    carry_on = profiled(Measurement("continue (Save and continue POST)"))
    for n, case in enumerate(sample[args.requests:]):
        client = clients(case.officer_in_case)
        url = f"/cases/{case.pk}/sections/case_summary/"
        response = client.get(url)
        data = summary_post(case.pk, response.content.decode(), n, continue_=True)
        response = carry_on.time(partial(client.post, url, data),
                                 capture=n == args.continue_requests - 1)
        expect(response, 302, f"POST {url}")
    results.append(carry_on)

    # (4) The officer's list of files.
    heavy = User.objects.get(username=HEAVY_OFFICER)
    listing = profiled(Measurement(f"list (/cases/, {heavy.case_files.count()} files)"))
    client = clients(heavy)
    client.get("/cases/")
    for n in range(args.list_requests):
        response = listing.time(partial(client.get, "/cases/"),
                                capture=n == args.list_requests - 1)
        expect(response, 200, "/cases/")
    results.append(listing)

    # (5) Their home page, whose "My case files" worklist reads their open files.
    home = profiled(Measurement("home (officer's worklist, GET /)"))
    client.get("/")
    for n in range(args.list_requests):
        response = home.time(partial(client.get, "/"), capture=n == args.list_requests - 1)
        expect(response, 200, "/")
    results.append(home)

    # (6) The quick file, from "New case file" to the submitted file.
    results += measure_quick_file(args, clients, profiled)
    return results


def report(results, args):
    print(f"load average during the run: {', '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print(f"{'measurement':38} {'n':>5} {'median ms':>9} {'p95 ms':>8} {'max ms':>8} "
          f"{'queries':>8}")
    for measurement in results:
        print(measurement.row())
    if args.queries:
        for measurement in results:
            print(f"\n{measurement.name}: {len(measurement.queries)} queries")
            for query in measurement.queries:
                print(f"  {query['time']:>6}s  {query['sql'][:160]}")
    for measurement in results:
        if measurement.profile is not None:
            out = io.StringIO()
            pstats.Stats(measurement.profile, stream=out).sort_stats("cumulative").print_stats(40)
            print(f"\ncProfile of {measurement.name}:\n{out.getvalue()}")
    over = [m for m in results if m.p95 > BUDGET_MS]
    for measurement in over:
        print(f"OVER BUDGET: {measurement.name}: p95 {measurement.p95:.1f} ms > {BUDGET_MS} ms")
    if not over:
        print(f"every p95 is within the {BUDGET_MS} ms budget")
    return 1 if over else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--continue-requests", type=int, default=50)
    parser.add_argument("--list-requests", type=int, default=50)
    parser.add_argument("--quick-requests", type=int, default=50,
                        help="quick files created, each timed from New case file to submitted")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--queries", action="store_true",
                        help="print the SQL of one request of each measurement")
    parser.add_argument("--profile",
                        choices=["detail", "section", "save", "continue", "list", "home",
                                 "new", "quick", "create", "check", "submit", "submission"],
                        help="cProfile the requests of one measurement")
    args = parser.parse_args()
    build(args)
    sys.exit(report(measure(args), args))


if __name__ == "__main__":
    main()
