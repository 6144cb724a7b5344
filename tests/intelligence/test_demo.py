import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from athena.accounts.roles import Role
from intelligence.models import IntelligenceReport, ReportStatus
from tests.factories import UserFactory
from tests.people.factories import PersonFactory, VehicleFactory


@pytest.fixture
def demo_world(home_force):
    UserFactory(username="officer", force=home_force, roles=[Role.OFFICER])
    UserFactory(username="analyst", force=home_force, roles=[Role.INTELLIGENCE_ANALYST])
    for forenames, surname in (("Mohammed", "Ali"), ("John", "Smith"), ("Jack", "Walker"),
                               ("Femi", "Asante")):
        PersonFactory(forenames=forenames, surname=surname)
    VehicleFactory()


def test_demo_reports_are_created_once_through_the_workflow(demo_world, capsys):
    call_command("seed_demo_intelligence")
    assert "4 created" in capsys.readouterr().out
    call_command("seed_demo_intelligence")
    assert "0 created" in capsys.readouterr().out

    statuses = sorted(IntelligenceReport.objects.values_list("status", flat=True))
    assert statuses == [ReportStatus.DISSEMINATED] * 3 + [ReportStatus.SUBMITTED]
    ali = IntelligenceReport.objects.get(links__person__surname="Ali")
    assert ali.links.count() == 2  # the person and the car


def test_one_demo_report_is_due_for_retention_review(demo_world):
    from django.utils import timezone

    call_command("seed_demo_intelligence")

    due = IntelligenceReport.objects.filter(review_due_on__lt=timezone.localdate())
    assert due.count() == 1


def test_production_settings_never_seed_demo_intelligence(demo_world, settings):
    settings.ATHENA_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError):
        call_command("seed_demo_intelligence")
