"""A supervisor's Cases page lists their team's files (or the force's), searched by URN or
suspect and filtered by status; supervisors are told when a file is ready for review, the
CPS when one arrives; opening a notification marks it read."""

from django.urls import reverse

from athena.accounts.roles import Role
from athena.jobs.tasks import run_job
from athena.notifications.models import Notification
from cases.constants import Plea
from cases.models import CaseStatus
from cases.services import case_create, case_submit
from tests.cases.filling import fill_file
from tests.factories import UserFactory
from tests.people.factories import PersonFactory


def _file(officer, offence, surname):
    return case_create(acting_user=officer, person=PersonFactory(surname=surname),
                       offences=[(offence, Plea.GUILTY)])


def test_a_supervisor_sees_their_team_and_can_search_the_force(client, home_force,
                                                               shop_theft):
    supervisor = UserFactory(username="ds_hale", force=home_force, team="Chelmsford CID",
                             roles=[Role.FILE_SUPERVISOR])
    ours = UserFactory(username="pc_a", force=home_force, team="Chelmsford CID",
                       roles=[Role.OFFICER])
    theirs = UserFactory(username="pc_b", force=home_force, team="Basildon CID",
                         roles=[Role.OFFICER])
    mine = _file(ours, shop_theft, "Archer")
    other = _file(theirs, shop_theft, "Bennett")
    client.force_login(supervisor)
    listed = client.get(reverse("cases:index")).context["cases"]
    assert [case.pk for case in listed] == [mine.pk]
    listed = client.get(reverse("cases:index"), {"scope": "force"}).context["cases"]
    assert {case.pk for case in listed} == {mine.pk, other.pk}
    listed = client.get(reverse("cases:index"), {"scope": "force", "query": "bennett"}
                        ).context["cases"]
    assert [case.pk for case in listed] == [other.pk]
    listed = client.get(reverse("cases:index"), {"scope": "force", "query": other.urn}
                        ).context["cases"]
    assert [case.pk for case in listed] == [other.pk]
    listed = client.get(reverse("cases:index"), {"scope": "force",
                                                 "status": CaseStatus.APPROVED}).context["cases"]
    assert list(listed) == []
    page = client.get(reverse("cases:index"), {"scope": "force", "status": "<b>"})
    assert page.status_code == 200  # an unknown status filters nothing, never a 500


def test_supervisors_of_the_team_are_told_a_file_is_ready_for_review(home_force, shop_theft,
                                                                    officer, settings,
                                                                    tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer.team = "Chelmsford CID"
    officer.save(update_fields=["team"])
    same = UserFactory(username="ds_same", force=home_force, team="Chelmsford CID",
                       roles=[Role.FILE_SUPERVISOR])
    UserFactory(username="ds_other", force=home_force, team="Basildon CID",
                roles=[Role.FILE_SUPERVISOR])
    case = fill_file(_file(officer, shop_theft, "Archer"), officer)
    submission = case_submit(acting_user=officer, case=case)
    run_job(submission.job_id)  # the worker's check finds nothing missing
    told = Notification.objects.get(recipient__username="ds_same")
    assert told.recipient == same
    assert told.url == reverse("cases:review", args=[case.pk])
    assert case.urn in told.title
    assert not Notification.objects.filter(recipient__username="ds_other").exists()


def test_opening_a_notification_marks_it_read_and_goes_there(client, officer):
    from athena.notifications.services import notify

    notice, = notify(recipients=[officer], title="Case file ready", url="/cases/")
    elsewhere, = notify(recipients=[officer], title="Off site", url="https://example.com/")
    client.force_login(officer)
    page = client.get(reverse("notifications:list")).content.decode()
    assert reverse("notifications:open", args=[notice.pk]) in page
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response["Location"] == "/cases/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    response = client.get(reverse("notifications:open", args=[elsewhere.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_another_users_notification_is_not_found(client, officer, supervisor):
    from athena.notifications.services import notify

    notice, = notify(recipients=[officer], title="Yours", url="/cases/")
    client.force_login(supervisor)
    assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
