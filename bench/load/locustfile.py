"""A working day's mix on Athena: officers, custody sergeants, file supervisors,
intelligence analysts and CPS lawyers, with a reference user beside them.

Run by bench/load/run.sh (see bench/load/README.md), against the database
bench/scale/build.py built; it signs in as that build's ``load_*`` users with the demo
password (two-factor is off in the development settings the run uses). What each user
works on (their draft files, the files awaiting review, the detainees and their
medication, the files sent to the CPS) is read from the database once at the start
(ATHENA_LOAD_DATABASE_URL).

Every request is named "<class>: <what>"; at the end the file prints, leaving out the
first ATHENA_LOAD_WARMUP seconds (30, while users sign in), per class and overall:
requests, requests a second, median and 95th percentile, and errors, with the load
average sampled every 10 s; and writes them as JSON to ATHENA_LOAD_SUMMARY.

ATHENA_LOAD_THINK (default 1) multiplies every think time: run.sh's saturation mode
uses fewer users with shorter pauses, for the same mix. ATHENA_LOAD_RATE=100 paces the
whole swarm to that many requests a second (a schedule shared by every user, in place
of the think times), to read latency at a fixed load rather than at saturation.
"""

import json
import math
import os
import random
import re
import time
from collections import defaultdict
from datetime import date, datetime
from itertools import cycle
from zoneinfo import ZoneInfo

import gevent
import psycopg
from forms import form_with, page_forms
from locust import FastHttpUser, between, constant, constant_pacing, events, task

LONDON = ZoneInfo("Europe/London")
PASSWORD = os.environ.get("ATHENA_DEMO_PASSWORD", "athena-demo-2026")
RATE = float(os.environ.get("ATHENA_LOAD_RATE") or 0)
# Think times are multiplied by this: below 1 a few users make the load of many.
THINK = float(os.environ.get("ATHENA_LOAD_THINK") or 1)
# The first seconds, while every user signs in (a deliberately slow password hash), are
# left out of the figures this file prints.
WARMUP = float(os.environ.get("ATHENA_LOAD_WARMUP") or 30)
MEASURING = {"from": math.inf, "to": 0.0}
SUMMARY_PATH = os.environ.get("ATHENA_LOAD_SUMMARY", "")
REFERENCE_ALONE = os.environ.get("ATHENA_LOAD_REFERENCE_ALONE") == "1"
REASON = "42/40123/26 burglary at Mill Lane: checking what is known of a named suspect"
WORDS = ("county lines", "cannabis", "machete", "cuckooing", "catalytic converter",
         "courier scam", "handgun", "burglaries night")
FIXTURES = {}
TIMINGS = defaultdict(list)  # class -> [ms]
ERRORS = defaultdict(int)
LOAD_AVERAGES = []


# --- What the users work on ----------------------------------------------------------------

def load_fixtures():
    url = os.environ["ATHENA_LOAD_DATABASE_URL"]
    with psycopg.connect(url) as connection:
        def rows(query, *params):
            return connection.execute(query, params).fetchall()

        drafts = defaultdict(list)
        for username, case_id in rows("""
                SELECT u.username, c.id FROM cases_casefile c
                JOIN accounts_user u ON u.id = c.officer_in_case_id
                WHERE u.username LIKE 'load_officer_%%' AND c.status = 'draft'"""):
            drafts[username].append(case_id)
        FIXTURES["drafts"] = drafts
        FIXTURES["review"] = [row[0] for row in rows("""
            SELECT c.id FROM cases_casefile c JOIN accounts_force f ON f.id = c.force_id
            WHERE f.code = '42' AND c.status IN ('submitted', 'in_review')
            ORDER BY c.id""")]
        FIXTURES["suites"] = [row[0] for row in rows(
            "SELECT code FROM custody_custodysuite ORDER BY code")]
        open_records = defaultdict(list)
        for code, record_id in rows("""
                SELECT s.code, r.id FROM custody_custodyrecord r
                JOIN custody_custodysuite s ON s.id = r.suite_id WHERE r.status <> 'closed'"""):
            open_records[code].append(record_id)
        FIXTURES["records"] = open_records
        plans = defaultdict(list)
        for code, record_id, plan_id in rows("""
                SELECT s.code, r.id, p.id FROM custody_medicationplanrecord p
                JOIN custody_custodyrecord r ON r.id = p.record_id
                JOIN custody_custodysuite s ON s.id = r.suite_id
                WHERE r.status <> 'closed' AND p.active"""):
            plans[code].append((record_id, plan_id))
        FIXTURES["plans"] = plans
        FIXTURES["handovers"] = rows("SELECT case_id, id FROM cases_cpshandover ORDER BY id")
        FIXTURES["names"] = [f"{forenames.split()[0]} {surname}" for forenames, surname in rows(
            "SELECT forenames, surname FROM people_person TABLESAMPLE SYSTEM (1) LIMIT 400")]
        FIXTURES["reports"] = [row[0] for row in rows("""
            SELECT r.id FROM intelligence_intelligencereport r
            JOIN accounts_force f ON f.id = r.originating_force_id
            WHERE f.code = '42' AND r.status = 'disseminated' AND r.handling_code = 'P'
            LIMIT 3000""")]
    FIXTURES["usernames"] = {
        role: cycle([f"load_{role}_{n:02d}" for n in range(1, count + 1)])
        for role, count in (("officer", 40), ("custody", 6), ("supervisor", 10),
                            ("analyst", 10), ("cps", 6))}


@events.test_start.add_listener
def on_test_start(environment, **kwargs):
    load_fixtures()
    MEASURING["from"] = time.time() + WARMUP
    gevent.spawn(_sample_load_average)
    print(f"fixtures: {sum(map(len, FIXTURES['drafts'].values()))} drafts of "
          f"{len(FIXTURES['drafts'])} officers, {len(FIXTURES['review'])} files to review, "
          f"{sum(map(len, FIXTURES['records'].values()))} detainees, "
          f"{sum(map(len, FIXTURES['plans'].values()))} medication plans, "
          f"{len(FIXTURES['handovers'])} files with the CPS, {len(FIXTURES['reports'])} "
          "reports to open")


def _sample_load_average():
    while True:
        LOAD_AVERAGES.append(os.getloadavg()[0])
        gevent.sleep(10)


# --- Figures -------------------------------------------------------------------------------

@events.request.add_listener
def on_request(name, response_time, exception, **kwargs):
    now = time.time()
    if now < MEASURING["from"]:
        return
    MEASURING["to"] = now
    role = name.split(":", 1)[0]
    TIMINGS[role].append(response_time)
    if exception is not None:
        ERRORS[role] += 1


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * fraction) - 1)] if ordered else 0.0


@events.quitting.add_listener
def on_quitting(environment, **kwargs):
    seconds = max(1.0, MEASURING["to"] - MEASURING["from"])
    requests = sum(map(len, TIMINGS.values()))
    mix = [ms for role, values in TIMINGS.items() if role not in ("reference", "sign-in")
           for ms in values]
    summary = {"seconds": round(seconds), "warm_up_seconds_left_out": WARMUP,
               "requests": requests, "requests_per_second": round(requests / seconds, 1),
               "errors": sum(ERRORS.values()), "rate": RATE or None,
               "load_average_mean": round(sum(LOAD_AVERAGES) / len(LOAD_AVERAGES), 2)
               if LOAD_AVERAGES else None,
               "load_average_max": max(LOAD_AVERAGES, default=None), "classes": {}}
    for role, values in sorted(TIMINGS.items()) + [("mix (all but reference and sign-in)", mix)]:
        summary["classes"][role] = {
            "requests": len(values), "per_second": round(len(values) / seconds, 1),
            "p50_ms": round(percentile(values, 0.5), 1),
            "p95_ms": round(percentile(values, 0.95), 1), "errors": ERRORS.get(role, 0)}
    reference = summary["classes"].get("reference")
    if reference and reference["p50_ms"]:
        whole = summary["classes"]["mix (all but reference and sign-in)"]
        summary["ratio_mix_to_reference"] = {
            "p50": round(whole["p50_ms"] / reference["p50_ms"], 2),
            "p95": round(whole["p95_ms"] / max(reference["p95_ms"], 0.1), 2)}
    print(json.dumps(summary, indent=1))
    if SUMMARY_PATH:
        with open(SUMMARY_PATH, "w", encoding="utf-8") as out:
            json.dump(summary, out, indent=1)


# --- Pacing --------------------------------------------------------------------------------

class Pacer:
    """One schedule for the whole swarm: each request takes the next 1/RATE s slot."""

    def __init__(self, rate):
        self.interval = 1 / rate
        self.next_at = time.monotonic()

    def wait(self, requests):
        now = time.monotonic()
        self.next_at = max(self.next_at, now)
        slot = self.next_at
        self.next_at += self.interval * max(1, requests)
        return max(0.0, slot - now)


PACER = Pacer(RATE) if RATE else None


def paced(think):
    """The class's think time, or with ATHENA_LOAD_RATE its place in the swarm's
    schedule (for the requests its last task made)."""
    if PACER is None:
        return think

    def wait(user):
        made, user.requests_made = user.requests_made, 0
        return PACER.wait(made)
    return wait


# --- Users ---------------------------------------------------------------------------------

class AthenaUser(FastHttpUser):
    abstract = True
    role = ""
    # FastHttpUser's client is geventhttpclient: the load generator shares the machine's
    # two cores with the server, so it should take as little of them as it can.
    connection_timeout = 30
    network_timeout = 60

    def on_start(self):
        self.requests_made = 0
        self.username = next(FIXTURES["usernames"][self.role]) if self.role else \
            "load_officer_40"
        self.rng = random.Random()
        self.sign_in()

    def csrf_token(self):
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def get(self, path, what, group=None, **kwargs):
        self.requests_made += 1
        return self.client.get(path, name=f"{group or self.role or 'reference'}: {what}",
                               **kwargs)

    def post(self, path, what, data, group=None, **kwargs):
        self.requests_made += 1
        headers = {"X-CSRFToken": self.csrf_token(), "Referer": self.host + path,
                   **kwargs.pop("headers", {})}
        return self.client.post(path, name=f"{group or self.role or 'reference'}: {what}",
                                data=data, headers=headers, **kwargs)

    def sign_in(self):
        """Once a shift, and costly on purpose (the password hash): counted apart from
        the mix, under "sign-in"."""
        page = self.get("/account/sign-in/", "page", group="sign-in")
        form = form_with(page.text, "password") or {"data": {}}
        data = {**form["data"], "username": self.username, "password": PASSWORD}
        response = self.post("/account/sign-in/", "post", data, group="sign-in",
                             allow_redirects=False)
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in ({response.status_code})")

    def read(self, path, what, thing_words="record"):
        """GET a page of personal data, stating or confirming the reason when asked, as
        the user would (one click when the enquiry already covers similar work)."""
        response = self.get(path, what, allow_redirects=False)
        if response.status_code == 302 and "/reason/" in response.headers.get("Location", ""):
            reason_page = self.get(response.headers["Location"], f"reason page ({thing_words})")
            form = form_with(reason_page.text, "action") or form_with(reason_page.text, "reason")
            if form is None:
                return response
            data = dict(form["data"])
            if "action" not in data:
                data["reason"] = REASON
            self.post(form["action"] or response.headers["Location"],
                      f"reason given ({thing_words})", data, allow_redirects=False)
            response = self.get(path, what, allow_redirects=False)
        return response


class Officer(AthenaUser):
    """Builds case files: the worklist, a file, a section typed into (autosaving as they
    type), now and then a file submitted."""

    role = "officer"
    weight = 40
    wait_time = paced(between(5 * THINK, 15 * THINK))

    def on_start(self):
        super().on_start()
        self.drafts = list(FIXTURES["drafts"].get(self.username, ()))

    def a_draft(self):
        return self.rng.choice(self.drafts) if self.drafts else None

    @task(3)
    def worklist(self):
        self.get("/", "home worklist")

    @task(3)
    def open_a_file(self):
        case_id = self.a_draft()
        if case_id:
            self.get(f"/cases/{case_id}/", "file page")

    @task(6)
    def type_into_a_section(self):
        case_id = self.a_draft()
        if not case_id:
            return
        path = f"/cases/{case_id}/sections/case_summary/"
        page = self.get(path, "section page")
        form = form_with(page.text, "version")
        if form is None:
            return
        data = dict(form["data"])
        for save in range(self.rng.randint(1, 3)):
            data["summary"] = (data.get("summary") or "") + f" The CCTV was viewed ({save})."
            data.setdefault("interview_type", form["radios"].get("interview_type", ""))
            response = self.post(path, "section autosave (htmx)", data,
                                 headers={"HX-Request": "true"})
            found = re.search(r'name="version" value="(\d+)"', response.text)
            if found:
                data["version"] = found.group(1)
            gevent.sleep(0 if PACER else self.rng.uniform(2, 5) * THINK)

    @task(1)
    def quick_file_and_submit(self):
        """A shoplift filed in one go on the quick-file page, then submitted: the
        worker then checks the whole file and builds its bundle."""
        path = "/cases/quick/TH68010/"
        page = self.get(path, "quick file page")
        form = form_with(page.text, "surname")
        if form is None:
            return
        data = {**form["data"], **quick_shoplift(self.rng)}
        response = self.post(path, "quick file (the whole file)", data, allow_redirects=False)
        if response.status_code != 302:
            return
        check = self.get(response.headers["Location"], "check your answers")
        for found in page_forms(check.text):
            if found["action"].endswith("/submit/"):
                self.post(found["action"], "submit for review", dict(found["fields"]),
                          allow_redirects=False)
                return


def made_up_name(rng, syllables):
    """Letters only, such as "Dovarim": unlikely to be anyone's on the index, so the
    duplicate check finds nobody (bench/case_pages.py's)."""
    return "".join(rng.choice("bcdfghjklmnprstvwz") + rng.choice("aeiou")
                   for _ in range(syllables)).capitalize()


def quick_shoplift(rng):
    """A complete shoplift as the quick-file page posts it (bench/case_pages.py's)."""
    today = datetime.now(LONDON).strftime("%d/%m/%Y")
    born = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "forenames": made_up_name(rng, 3), "surname": made_up_name(rng, 4),
        "date_of_birth": born.strftime("%d/%m/%Y"),
        "address_line_1": f"{rng.randint(1, 200)} Mill Lane", "town": "Chelmsford",
        "postcode": "CM1 1AA", "occupation": "Unemployed",
        "arrest_date": today, "arrest_time": "14:20", "offence_date": today,
        "offence_time": "14:10", "place": "Tesco, High Street, Chelmsford",
        "goods": "two beef steaks", "value": "23.50", "recovered": "yes",
        "summary": "He put two steaks in his coat and walked past the tills without paying. "
                   "The store detective stopped him outside.",
        "witness_name": "Joanne Bell",
        "witness_involvement": "The store detective who stopped him",
        "statement": "I am a store detective at Tesco, Chelmsford. I saw a man put two "
                     "steaks in his coat and leave without paying. I stopped him and found "
                     "the steaks.",
        "interview_type": "full_account",
        "interview_account": "He admitted taking the steaks to sell and apologised.",
        "anticipated_plea": "guilty", "outcome": "bail", "reply_to_charge": "Sorry.",
    }


class CustodySergeant(AthenaUser):
    """Runs a suite: the board refreshing every 30 s, checks on detainees, doses."""

    role = "custody"
    weight = 10
    wait_time = paced(constant_pacing(30 * THINK))

    def on_start(self):
        super().on_start()
        suites = FIXTURES["suites"]
        self.suite = suites[int(self.username[-2:]) % len(suites)] if suites else ""
        self.get(f"/custody/?suite={self.suite}", "board")

    @task
    def the_next_30_seconds(self):
        self.get(f"/custody/?suite={self.suite}", "board refresh (htmx)",
                 headers={"HX-Request": "true"})
        if self.rng.random() < 0.5:
            self.check_a_detainee()
        if self.rng.random() < 0.1:
            self.give_a_dose()

    def check_a_detainee(self):
        records = FIXTURES["records"].get(self.suite)
        if not records:
            return
        path = f"/custody/records/{self.rng.choice(records)}/checks/new/"
        page = self.get(path, "check form")
        form = form_with(page.text, "notes")
        if form is None:
            return
        data = {**form["radios"], **form["data"], "notes": "Awake, spoke to the officer"}
        self.post(path, "check recorded", data, allow_redirects=False)

    def give_a_dose(self):
        plans = FIXTURES["plans"].get(self.suite)
        if not plans:
            return
        record_id, plan_id = self.rng.choice(plans)
        path = f"/custody/records/{record_id}/medication/{plan_id}/dose/"
        page = self.get(path, "dose form")
        form = form_with(page.text, "outcome")
        if form is None:
            return
        data = {**form["radios"], **form["data"], "outcome": "given"}
        self.post(path, "dose recorded", data, allow_redirects=False)


class FileSupervisor(AthenaUser):
    """Reviews files: the queue, a file section by section, approves or returns one."""

    role = "supervisor"
    weight = 15
    wait_time = paced(between(5 * THINK, 20 * THINK))

    def on_start(self):
        super().on_start()
        files = FIXTURES["review"]
        mine = int(self.username[-2:])
        self.files = files[mine::10] or files

    @task(2)
    def queue(self):
        self.get("/cases/review/", "review queue")

    @task(3)
    def review_a_file(self):
        if not self.files:
            return
        case_id = self.rng.choice(self.files)
        page = self.get(f"/cases/{case_id}/review/", "review page")
        forms = [form for form in page_forms(page.text)
                 if form["action"].endswith(("/approve/", "/return/"))]
        approve = [form for form in forms if form["action"].endswith("/approve/")]
        give_back = [form for form in forms if form["action"].endswith("/return/")]
        if give_back and self.rng.random() < 0.2:
            form = self.rng.choice(give_back)
            data = {**form["radios"], **dict(form["fields"]),
                    "comment": "Please add the time the CCTV was viewed and by whom."}
            self.post(form["action"], "section returned", data, allow_redirects=False)
            self.files.remove(case_id)
        elif approve:
            form = self.rng.choice(approve)
            self.post(form["action"], "section approved", dict(form["fields"]),
                      allow_redirects=False)


class Analyst(AthenaUser):
    """Searches intelligence and reads reports."""

    role = "analyst"
    weight = 20
    wait_time = paced(between(5 * THINK, 15 * THINK))

    @task(5)
    def search(self):
        names = FIXTURES["names"]
        query = self.rng.choice(WORDS) if self.rng.random() < 0.25 or not names else \
            self.rng.choice(names)
        self.read(f"/intelligence/search/?q={query.replace(' ', '+')}", "intelligence search",
                  "search")

    @task(3)
    def read_a_report(self):
        if FIXTURES["reports"]:
            self.read(f"/intelligence/reports/{self.rng.choice(FIXTURES['reports'])}/",
                      "report page", "report")

    @task(1)
    def landing(self):
        self.get("/intelligence/", "intelligence landing")


class CpsLawyer(AthenaUser):
    """Reads the files the police sent and downloads their bundles."""

    role = "cps"
    weight = 10
    wait_time = paced(between(10 * THINK, 30 * THINK))

    @task(2)
    def files_sent(self):
        self.get("/cases/cps/", "files sent")

    @task(3)
    def a_file(self):
        if FIXTURES["handovers"]:
            case_id, _ = self.rng.choice(FIXTURES["handovers"])
            self.get(f"/cases/cps/{case_id}/", "file review")

    @task(1)
    def bundle(self):
        if FIXTURES["handovers"]:
            case_id, handover_id = self.rng.choice(FIXTURES["handovers"])
            self.get(f"/cases/cps/{case_id}/handovers/{handover_id}/bundle.pdf",
                     "bundle download")


class Reference(AthenaUser):
    """The trivial signed-in page: "New case file", the framework and the layout only, 3
    queries (the session, the user with their force, the unread notifications). Beside
    the mix, one user every 2 s, whose time is what the mix's load costs a request that
    does almost nothing. With ATHENA_LOAD_REFERENCE_ALONE=1 (run.sh's first phase, with
    this class alone on Locust's command line) every user asks for it as soon as the
    last answer came: the requests a second the same stack serves of a trivial page,
    which the mix's are compared with."""

    role = ""
    if REFERENCE_ALONE:
        wait_time = constant(0)
    else:
        fixed_count = 1  # one, whatever the number of users
        wait_time = constant_pacing(2)

    @task
    def page(self):
        self.get("/cases/new/", "new case file page")
