"""Browser journeys: headless Debian Chromium driven by Playwright against the live server.

Every test here is marked ``browser``; deselect them with ``-m "not browser"``.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an asyncio event loop in the test's thread, so Django sees
# a running loop and raises SynchronousOnlyOperation on every ORM call the test makes
# (creating users, reading audit rows). Nothing here is async code sharing a connection
# across coroutines, so the guard protects nothing; it has to be off before the first
# query. setdefault lets a developer still force it on from the shell.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

_HERE = Path(__file__).resolve().parent
# Lines a journey reports (its interactions and server time), printed at the end of the
# run so that CI's output shows them whether or not the run captured output.
JOURNEY_REPORTS = []


def pytest_terminal_summary(terminalreporter):
    if JOURNEY_REPORTS:
        terminalreporter.section("journeys measured in Chromium")
        for line in JOURNEY_REPORTS:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(items):
    # A conftest's hook sees the whole session's items, so mark only our own.
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        message = f"Browser tests need Debian's Chromium at {CHROMIUM} (apt install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must never skip the browser tests.", pytrace=False)
        pytest.skip(message)
    from django.db import connections

    # Django keeps database connections in an asgiref Local that is thread-local while
    # no event loop runs, but per-context once one does, and Playwright's loop stays
    # "running" in this thread from start() to stop(). Without this the tests would get
    # a second connection per alias, one that lacks the serialized contents
    # ``django_db_serialized_rollback`` restores from, so every test after the first
    # would find no forces and no role groups. Hand the loop's context the same
    # connections the test database was set up on.
    test_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in test_connections.items():
        connections[alias] = connection
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def csp_violations():
    """What the browser's Content-Security-Policy refused on this test's pages."""
    return []


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, csp_violations):
    """A fresh browser context (no cookies) per test, and the live server to visit.

    The live server answers from another thread, so the test data must be committed:
    ``live_server`` brings ``transactional_db``, which empties every table after each
    test. Forces and role groups come from migrations, so serialized rollback puts them
    back for the next test.

    The app's Content-Security-Policy stays on (no ``bypass_csp``): axe is injected with
    ``evaluate``, which CSP does not govern, so the pages behave here as in production,
    and what the policy blocks is collected in ``csp_violations``.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()

    def record_csp_violation(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_violations.append(f"{page.url}: {message.text}")

    page.on("console", record_csp_violation)
    yield page
    context.close()


def login(page, live_server, username, password):
    """Sign in through the real form, as a person would."""
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def authorise_detention(page):
    """From the custody record: the custody officer authorises detention on the ground
    of questioning, the arrest necessary for the investigation (PACE s.37, Code G 2.9)."""
    page.get_by_role("link", name="Authorise detention").click()
    page.get_by_label("To allow the prompt and effective investigation of the offence").check()
    page.get_by_label("To obtain evidence by questioning (PACE s.37(2))").check()
    page.get_by_role("button", name="Authorise detention").click()


def check_accessibility(page, name):
    """Run axe-core's WCAG 2.2 AA rules on the page; fail on serious or critical issues.

    Moderate and minor findings are printed (see them with ``pytest -s``) but pass.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluate, not add_script_tag: the tag would be an inline script, which the
        # app's CSP (script-src 'self' 'nonce-…') rightly refuses.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})
             .then(r => r.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               targets: v.nodes.map(n => n.target.join(' ')),
             })))""",
        AXE_TAGS,
    )
    blocking = [v for v in results if v["impact"] in BLOCKING_IMPACTS]
    for violation in results:
        if violation["impact"] not in BLOCKING_IMPACTS:
            print(f"axe {name}: {_describe(violation)}")
    assert not blocking, f"axe found accessibility violations on {name}:\n" + "\n".join(
        _describe(v) for v in blocking
    )


def _describe(violation):
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}"
        f" <{violation['helpUrl']}>\n    on " + json.dumps(violation["targets"])
    )


def screenshot(page, name):
    """Save a full-page PNG to var/screenshots/<name>.png for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


# --- Real outages (tests/browser/outage.py) ----------------------------------------------

@pytest.fixture
def outage(live_server, django_db_serialized_rollback, tmp_path):
    """A server on its own port behind a network that can be cut; a browser profile
    that survives the browser being closed."""
    from tests.browser.outage import Network, RestartableServer, free_port

    server = RestartableServer(free_port())
    network = Network(free_port(), server.port)
    server.start()
    network.restore()
    yield {"server": server, "network": network, "profile": tmp_path / "profile",
           "url": f"http://127.0.0.1:{network.port}"}
    network.cut()
    server.stop()


@pytest.fixture
def suite_with_detainees(outage):
    from datetime import timedelta

    from django.utils import timezone

    from athena.accounts.roles import Role
    from custody.authorisations.services import custody_authorise_detention
    from custody.booking.services import custody_book_in
    from custody.healthcare.services import hcp_direction_record
    from custody.medication.services import medication_plan_add
    from custody.models import CustodySuite, ObservationLevel
    from tests.factories import UserFactory, essex
    from tests.people.factories import PersonFactory

    """A Chelmsford suite with two detainees: WHITLOCK at level 2 with a 4-hourly
    medicine due now and an HCP direction awaiting acknowledgement, OSEI at level 1;
    two custody sergeants (ps_jones, ps_khan)."""
    force = essex()
    suite = CustodySuite.objects.create(force=force, code="CHE", name="Chelmsford")
    sergeant = UserFactory(username="ps_jones", first_name="Priya", last_name="Jones",
                           rank="PS", force=force, roles=[Role.CUSTODY_OFFICER])
    colleague = UserFactory(username="ps_khan", first_name="Imran", last_name="Khan",
                            rank="PS", force=force, roles=[Role.CUSTODY_OFFICER])
    officer = UserFactory(username="pc_lee", force=force, roles=[Role.OFFICER])
    now = timezone.now()
    records = []
    for surname, cell in (("WHITLOCK", "C1"), ("OSEI", "C2")):
        record = custody_book_in(acting_user=sergeant, suite=suite,
                                 person=PersonFactory(forenames="Dana", surname=surname),
                                 arrested_at=now - timedelta(hours=3),
                                 arrived_at=now - timedelta(hours=2, minutes=40),
                                 arrest_place="Moulsham Street", arresting_officer=officer,
                                 grounds="Seen taking goods", cell=cell)
        records.append(custody_authorise_detention(acting_user=sergeant, record=record,
                                                   grounds="questioning",
                                                   necessity=["investigation"],
                                                   at=now - timedelta(hours=2, minutes=30)))
    whitlock, osei = records
    whitlock.observation_level = ObservationLevel.INTERMITTENT
    whitlock.save(update_fields=["observation_level"])
    plan = medication_plan_add(acting_user=sergeant, record=whitlock, drug="Paracetamol",
                               strength="500 mg", dose="2 tablets", authorised_by="Dr Amir",
                               min_interval_minutes=240, starts_at=now - timedelta(minutes=10))
    direction = hcp_direction_record(acting_user=sergeant, record=whitlock,
                                     given_at=now - timedelta(minutes=40),
                                     hcp_name="Nurse Bello", hcp_role="nurse",
                                     kind="reassess",
                                     reassess_by=now + timedelta(minutes=20),
                                     text="Re-assess the head wound within an hour")
    return {"sergeant": sergeant, "colleague": colleague, "whitlock": whitlock, "osei": osei,
            "plan": plan, "direction": direction}
