import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from athena.offences.models import OffenceCategory
from cases.models import CaseFile
from tests.factories import UserFactory
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


@pytest.fixture
def demo_world(home_force):
    from athena.accounts.roles import Role

    UserFactory(username="officer", force=home_force, roles=[Role.OFFICER])
    for code, category in (("TH68010", OffenceCategory.EITHER_WAY),
                           ("CJ88116", OffenceCategory.SUMMARY_NON_MOTORING),
                           ("CJ67002", OffenceCategory.SUMMARY_NON_MOTORING)):
        OffenceFactory(cjs_code=code, category=category)
    for surname in ("Smith", "Khan", "Murphy"):
        PersonFactory(surname=surname)


def test_demo_case_files_are_created_once(demo_world, capsys):
    call_command("seed_demo_cases")
    assert "3 created" in capsys.readouterr().out
    call_command("seed_demo_cases")
    assert "0 created" in capsys.readouterr().out
    assert CaseFile.objects.count() == 3
    assert CaseFile.objects.filter(next_deadline_at__isnull=False).exists()


def test_production_settings_never_seed_demo_cases(demo_world, settings):
    settings.ATHENA_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError):
        call_command("seed_demo_cases")


def test_demo_files_reach_the_review_queue_and_the_cps_once(demo_world, capsys, settings,
                                                            tmp_path):
    from athena.accounts.roles import Role
    from cases.models import CaseStatus

    settings.MEDIA_ROOT = tmp_path
    UserFactory(username="supervisor", roles=[Role.FILE_SUPERVISOR])
    PersonFactory(forenames="Jon", surname="Smyth")
    PersonFactory(forenames="Liam", surname="Ward")

    call_command("seed_demo_cases")
    call_command("seed_demo_cases")

    statuses = sorted(CaseFile.objects.exclude(status=CaseStatus.DRAFT)
                      .values_list("status", flat=True))
    assert statuses == [CaseStatus.SENT_TO_CPS, CaseStatus.SUBMITTED]
    sent = CaseFile.objects.get(status=CaseStatus.SENT_TO_CPS)
    assert sent.handovers.get().submission.bundle
