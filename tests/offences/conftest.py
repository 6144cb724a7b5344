import json

import pytest

from athena.offences.services import OFFENCES_FILE, offences_load


def index_row(code, category, title, recordable=True):
    """One row in the shape of the CJS Offence Index file."""
    return {"cjsCode": code, "offenceCategory": category, "offenceTitle": title,
            "recordableOnPnc": recordable}


# A few real rows of athena/data/cjs/cjs-offences.json.
SAMPLE_ROWS = [
    index_row("AB06001", "CS", "Obstruct person acting in execution of the regulations",
              recordable=False),
    index_row("AE71001", "CS", "Employer fail to comply with an attachment of earnings order",
              recordable=False),
    index_row("AE71501", "VP", "Complaint for Attachment of Earnings Order", recordable=False),
    index_row("CJ03510", "CB", "Failing to comply with the requirements of a community order",
              recordable=False),
    index_row("CJ88116", "CS", "Assault by beating"),
    index_row("RT88333", "CM", "Drive whilst disqualified"),
    index_row("TH68010", "CE", "Theft from a shop"),
    index_row("TH68010A", "CE", "Attempt theft from shop"),
    index_row("TH68010B", "CE", "Aid, abet, counsel and procure theft from a shop"),
    index_row("TH68010C", "CI", "Conspire to steal from a shop"),
    index_row("TH68023", "CI", "Robbery"),
]


@pytest.fixture
def sample_rows():
    return [dict(row) for row in SAMPLE_ROWS]


@pytest.fixture
def sample_catalogue(db, sample_rows):
    offences_load(rows=sample_rows)


@pytest.fixture(scope="session")
def _index_file_rows():
    return json.loads(OFFENCES_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def index_rows(_index_file_rows):
    """Every row of the project's copy of the CJS Offence Index (15,352), free to change."""
    return [dict(row) for row in _index_file_rows]


@pytest.fixture
def full_catalogue(db, index_rows):
    offences_load(rows=index_rows)
