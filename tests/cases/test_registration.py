"""What the parts of the cases app register when it starts, so that every process knows
them: the object rules the pages check, the job kinds stored in the database, the
worklists of the home page, and every page's URL under its old name and path."""

import pytest
import rules
from django.urls import reverse

from athena.accounts.roles import Role
from athena.jobs.registry import handler_for
from athena.worklists import worklist_items
from tests.factories import UserFactory

PERMISSIONS = [
    "cases.add_casefile", "cases.view_casefile", "cases.change_casefile",
    "cases.review_casefile", "cases.view_review_queue",
    "cases.send_casefile_to_cps", "cases.complete_cps_action", "cases.list_cps_casefiles",
    "cases.view_cps_casefile", "cases.decide_casefile",
    "cases.view_quality_dashboard",
]
# The job kinds stored on job rows: their values never change.
JOB_KINDS = ["cases.section.render", "cases.file.submit", "cases.file.rebundle",
             "cases.dcf.import"]
WORKLISTS = [
    (Role.OFFICER, "My case files"),
    (Role.OFFICER, "Returned sections"),
    (Role.OFFICER, "CPS actions"),
    (Role.FILE_SUPERVISOR, "Files awaiting review"),
    (Role.FILE_SUPERVISOR, "Ready to send to the CPS"),
    (Role.CPS_LAWYER, "Files sent to you"),
]
PAGES = [
    ("index", [], "/cases/"),
    ("new", [], "/cases/new/"),
    ("detail", [1], "/cases/1/"),
    ("details", [1], "/cases/1/details/"),
    ("section", [1, "charges"], "/cases/1/sections/charges/"),
    ("items", [1, "exhibits"], "/cases/1/sections/exhibits/items/"),
    ("item_add", [1, "exhibits"], "/cases/1/sections/exhibits/items/new/"),
    ("item_edit", [1, "exhibits", 2], "/cases/1/sections/exhibits/items/2/"),
    ("item_delete", [1, "exhibits", 2], "/cases/1/sections/exhibits/items/2/delete/"),
    ("exhibit_file", [1, 2], "/cases/1/exhibits/2/file/"),
    ("submit", [1], "/cases/1/submit/"),
    ("submission", [1, 2], "/cases/1/submissions/2/"),
    ("bundle", [1, 2], "/cases/1/submissions/2/bundle.pdf"),
    ("restricted_bundle", [1, 2], "/cases/1/submissions/2/restricted.pdf"),
    ("offence_add", [1], "/cases/1/offences/new/"),
    ("suspect_offence_add", [1, 2], "/cases/1/suspects/2/offences/new/"),
    ("offence_change", [1, 2], "/cases/1/offences/2/"),
    ("offence_remove", [1, 2], "/cases/1/offences/2/remove/"),
    ("suspect_add", [1], "/cases/1/suspects/new/"),
    ("participant_add", [1], "/cases/1/participants/new/"),
    ("participant_remove", [1, 2], "/cases/1/participants/2/remove/"),
    ("review_queue", [], "/cases/review/"),
    ("history", [1], "/cases/1/history/"),
    ("review", [1], "/cases/1/review/"),
    ("review_complete", [1], "/cases/1/review/complete/"),
    ("review_approve", [1, "charges"], "/cases/1/review/charges/approve/"),
    ("review_return", [1, "charges"], "/cases/1/review/charges/return/"),
    ("review_correct", [1, "charges"], "/cases/1/review/charges/correct/"),
    ("review_item_correct", [1, "exhibits", 2], "/cases/1/review/exhibits/items/2/correct/"),
    ("dashboard", [], "/cases/dashboard/"),
    ("cps_file", [1], "/cases/1/cps/"),
    ("cps_send", [1], "/cases/1/cps/send/"),
    ("cps_action_done", [1, 2], "/cases/1/cps/actions/2/done/"),
    ("cps_index", [], "/cases/cps/"),
    ("cps_review", [1], "/cases/cps/1/"),
    ("cps_decide", [1], "/cases/cps/1/decision/"),
    ("cps_bundle", [1, 2], "/cases/cps/1/handovers/2/bundle.pdf"),
    ("cps_restricted_bundle", [1, 2], "/cases/cps/1/handovers/2/restricted.pdf"),
    ("cps_dcf", [1, 2], "/cases/cps/1/handovers/2/dcf.json"),
    ("dcf_import", [], "/cases/dcf/import/"),
    ("dcf_import_progress", ["abc"], "/cases/dcf/import/abc/"),
    ("dcf_export", [1], "/cases/dcf/1/export/"),
]


@pytest.mark.parametrize("permission", PERMISSIONS)
def test_every_object_rule_the_pages_check_is_registered(permission):
    assert rules.perm_exists(permission)


@pytest.mark.parametrize("kind", JOB_KINDS)
def test_every_job_kind_has_its_handler(kind):
    assert callable(handler_for(kind))


@pytest.mark.parametrize(("role", "title"), WORKLISTS)
def test_every_case_file_worklist_of_the_home_page_is_filled(home_force, role, title):
    user = UserFactory(force=home_force, roles=[role])

    assert worklist_items(role, title, user) == []


@pytest.mark.parametrize(("name", "args", "path"), PAGES)
def test_every_page_keeps_its_name_and_path(name, args, path):
    assert reverse(f"cases:{name}", args=args) == path
