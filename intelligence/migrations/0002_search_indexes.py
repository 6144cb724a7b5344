"""PostgreSQL only: the indexes of the intelligence search (intelligence/search.py).

Not declared in the models' Meta: a GIN or trigram index there would be created on SQLite
too and fail, and most of them sit on the nominal index's tables, which the people app
owns. Each index is built here from the same Django expression the search compiles, so
the planner can match the two; tests/intelligence/test_search.py checks on PostgreSQL
that the search's queries use them. The expressions are written out here rather than
imported, so this migration builds the same indexes whatever the search becomes.

pg_trgm is enabled by people 0002. On SQLite these operations do nothing.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Concat, Lower, Replace, Upper


def _without(expression, characters):
    for character in characters:
        expression = Replace(expression, Value(character), Value(""))
    return expression


def _search_indexes():
    """(app label, model name, index) for every index the search relies on."""
    report_words = (SearchVector("title", weight="A", config="english")
                    + SearchVector("sanitised_text", weight="B", config="english"))
    return [
        ("intelligence", "IntelligenceReport",
         GinIndex(report_words, name="intelligence_report_words_gin")),
        ("people", "Vehicle",
         models.Index(Upper(_without("registration_mark", " ")),
                      name="people_vehicle_registration_key")),
        ("people", "TelephoneNumber",
         models.Index(_without("number", " -()+."), name="people_telephone_digits")),
        ("people", "Location",
         models.Index(Upper(_without("postcode", " ")), name="people_location_postcode_key")),
        ("people", "Location",
         models.Index(OpClass(Lower("address_line_1"), name="text_pattern_ops"),
                      name="people_location_line_1_prefix")),
        ("people", "Location",
         GinIndex(OpClass(Concat("address_line_1", Value(" "), "town"), name="gin_trgm_ops"),
                  name="people_location_address_trgm")),
        ("people", "Organisation",
         GinIndex(fields=["name"], opclasses=["gin_trgm_ops"],
                  name="people_organisation_name_trgm")),
    ]


def _create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, index in _search_indexes():
        schema_editor.add_index(apps.get_model(app_label, model_name), index)


def _drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, index in reversed(_search_indexes()):
        schema_editor.remove_index(apps.get_model(app_label, model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("intelligence", "0001_initial"),
        ("people", "0002_trigram_search"),
    ]

    operations = [
        migrations.RunPython(_create_indexes, _drop_indexes, elidable=False),
    ]
