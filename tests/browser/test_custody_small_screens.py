"""The custody board and record on a phone (390 px) and a tablet (1024 px): nothing
scrolls sideways, the header and footer are whole, and on the phone each detainee is a
card with every column's heading beside its value. Screenshots of each."""

import pytest
from playwright.sync_api import expect

from athena.accounts.roles import Role
from custody.models import CustodySuite, ObservationLevel
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.custody.test_pages import make_detainee
from tests.factories import TEST_PASSWORD, UserFactory, essex

WIDTH_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def board(page, live_server):
    force = essex()
    suite = CustodySuite.objects.create(force=force, code="CHE", name="Chelmsford")
    sergeant = UserFactory(username="ps_jones", rank="PS", force=force,
                           roles=[Role.CUSTODY_OFFICER])
    officer = UserFactory(username="pc_lee", force=force, roles=[Role.OFFICER])
    level_two = make_detainee(sergeant, officer, suite, hours_ago=8, cell="C1")
    level_two.observation_level = ObservationLevel.INTERMITTENT
    level_two.save(update_fields=["observation_level"])
    make_detainee(sergeant, officer, suite, hours_ago=2, cell="C2")
    return level_two


@pytest.mark.parametrize("width, height, name", [(390, 844, "phone"), (1024, 768, "tablet")])
def test_the_board_and_the_record_fit_the_screen(page, live_server, board, width, height,
                                                 name):
    page.set_viewport_size({"width": width, "height": height})
    login(page, live_server, "ps_jones", TEST_PASSWORD)
    page.goto(f"{live_server.url}/custody/")
    expect(page.get_by_role("heading", name="Custody board: Chelmsford")).to_be_visible()
    assert page.evaluate(WIDTH_OVERFLOW) <= 0
    footer = page.locator("footer").bounding_box()
    assert footer["x"] >= 0 and footer["x"] + footer["width"] <= width
    if name == "phone":
        # Each detainee is a card: the column's heading shows beside each value.
        label = page.locator("td[data-label='Next review due']").first.evaluate(
            "cell => getComputedStyle(cell, '::before').content")
        assert label == '"Next review due"'
    check_accessibility(page, f"custody board {name}")
    screenshot(page, f"custody-board-{name}")
    page.get_by_role("link", name=board.person.full_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(board.person.surname.upper())
    assert page.evaluate(WIDTH_OVERFLOW) <= 0
    check_accessibility(page, f"custody record {name}")
    screenshot(page, f"custody-record-{name}")
