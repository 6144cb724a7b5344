import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_web_talks_to_postgresql_without_jit():
    # Compiling a plan took most of a review-queue count's time under load.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
