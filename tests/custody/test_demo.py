from django.core.management import call_command

from custody.models import CustodyRecord, CustodySuite


def test_demo_custody_suite_is_created_once(db, capsys, settings):
    call_command("seed_demo")
    call_command("seed_demo_custody")
    booked = CustodyRecord.objects.count()
    assert CustodySuite.objects.get(code="CHE").name == "Chelmsford"
    call_command("seed_demo_custody")
    assert CustodyRecord.objects.count() == booked
    assert "0 detainees booked in" in capsys.readouterr().out
