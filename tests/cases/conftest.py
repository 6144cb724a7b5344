import pytest

from athena.offences.models import OffenceCategory
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded exhibits and rendered PDFs go to the test's own folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def shop_theft(db):
    return OffenceFactory(cjs_code="TH68010", title="Theft from a shop",
                          category=OffenceCategory.EITHER_WAY)


@pytest.fixture
def suspect_person(home_force):
    return PersonFactory(forenames="Dean", surname="Archer", created_by_force=home_force)


@pytest.fixture
def shoplift_case(officer, suspect_person, shop_theft):
    from cases.constants import BailStatus, Plea
    from cases.services import case_create

    return case_create(acting_user=officer, person=suspect_person,
                       offences=[(shop_theft, Plea.GUILTY)],
                       bail_status=BailStatus.UNCONDITIONAL_BAIL)
