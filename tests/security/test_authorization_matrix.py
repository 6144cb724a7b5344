"""The authorization matrix, and the audit of every read of personal data.

Every URL of the application is asked by a user of every role, of the force whose records
it shows (Essex) and of another force (Kent). The table below says who may use each one;
everyone else must be refused (403, or 404 where even the record's existence is not
theirs to know). Three more things are checked on every answer:

- a user of the other force never sees the subject's data (their name, the case URNs)
  unless the row says it is shared by design (the nominal index is national; CPS
  lawyers read every force's files sent to the CPS; national administrators read every
  force's audit trail);
- a page (a GET) that shows the subject's name wrote an audit event by its reader;
- a URL with no row fails the test, so a new page is placed in the matrix when it is made.

The Django admin site, for the operator only, is checked below the table.
"""

from copy import deepcopy
from dataclasses import dataclass

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import reverse

from athena.accounts.roles import Role
from athena.audit.enquiry import thing_key
from athena.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.reasons import REASON, is_asked, reason_url_for
from tests.security.addresses import ADDRESSES, request_method, request_of, url_names
from tests.security.world import OTHER, OWN, ROLES, SUBJECT_SURNAME

OF, CU, IN, SU, FS, IA, CP, AD, NA = (
    Role.OFFICER, Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT,
    Role.FILE_SUPERVISOR, Role.INTELLIGENCE_ANALYST, Role.CPS_LAWYER, Role.ADMINISTRATOR,
    Role.NATIONAL_ADMINISTRATOR)

EVERYONE = frozenset(Role)
NOBODY = frozenset()
POLICE = frozenset({OF, CU, IN, SU, FS, IA})
ADMINISTRATORS = frozenset({AD, NA})
# The nominal index is national: every police role reads it, administrators too (to
# answer a subject access request); those who create and change records in it write.
INDEX_READERS = POLICE | ADMINISTRATORS
INDEX_WRITERS = frozenset({OF, CU, IA})
# A case file: the officer in the case writes it; supervisors, inspectors and
# superintendents of the force read it.
CASE_WRITER = frozenset({OF})
CASE_READERS = frozenset({OF, IN, SU, FS})
CASE_STARTERS = frozenset({OF, CU})
CASE_LISTS = CASE_STARTERS | {IN, SU, FS}
# A custody record: custody officers write it; inspectors and superintendents read it
# (reviews, delays and extensions are theirs).
CUSTODY_READERS = frozenset({CU, IN, SU})
CUSTODY_WRITERS = frozenset({CU})
INSPECTORS = frozenset({IN, SU})


@dataclass(frozen=True)
class Access:
    own: frozenset  # the roles, in the records' force, that may use it
    other: frozenset  # the roles, in another force, that may use it
    # By design, another force may see here: the subject's name (the nominal index is
    # national, their records are not); everything, for these roles (CPS lawyers read
    # every force's files sent to the CPS, national administrators every force's trail).
    name_shared: bool = False
    all_shared_with: frozenset = NOBODY


def page(roles, *, name_shared=False, all_shared_with=NOBODY):
    """A page of no one record (a list, a form to start something): the same roles in
    every force may open it, and each sees only their own force's records."""
    return Access(frozenset(roles), frozenset(roles), name_shared, frozenset(all_shared_with))


def record(roles, *, other=NOBODY, name_shared=False, all_shared_with=NOBODY):
    """A page of one of the force's records: only these roles of that force."""
    return Access(frozenset(roles), frozenset(other), name_shared, frozenset(all_shared_with))


MATRIX = {
    "home": page(EVERYONE, all_shared_with={CP}),  # a CPS lawyer's: the files sent to them
    "healthz": page(EVERYONE),
    "service_worker": page(EVERYONE),
    "accounts:account": page(EVERYONE),
    "accounts:login": page(EVERYONE),
    "accounts:logout": page(EVERYONE),
    "accounts:two_factor_setup": page(EVERYONE),
    "accounts:two_factor_verify": page(EVERYONE),
    "accounts:set_password": page(EVERYONE),  # the one-time link, opened signed out
    # User administration: a force's administrators manage their own force's users; a
    # national administrator every force's.
    "accounts:two_factor_reset": page(ADMINISTRATORS),
    "accounts:users": page(ADMINISTRATORS),
    "accounts:user_create": page(ADMINISTRATORS),
    "accounts:lockouts": page(ADMINISTRATORS),
    "accounts:lockout_release": record(ADMINISTRATORS, other={NA}),
    "accounts:user_detail": record(ADMINISTRATORS, other={NA}),
    "accounts:user_edit": record(ADMINISTRATORS, other={NA}),
    "accounts:user_deactivate": record(ADMINISTRATORS, other={NA}),
    "accounts:user_reactivate": record(ADMINISTRATORS, other={NA}),
    "accounts:user_password_reset": record(ADMINISTRATORS, other={NA}),
    "accounts:user_two_factor_reset": record(ADMINISTRATORS, other={NA}),
    "audit:events": page(ADMINISTRATORS, all_shared_with={NA}),
    "offences:picker_results": page(EVERYONE),
    "notifications:list": page(EVERYONE),
    "notifications:read": page(EVERYONE),
    "notifications:open": page(EVERYONE),
    # The nominal index: national for reading; changed by the force that holds it.
    "people:search": page(INDEX_READERS),
    "people:enquiry_reason": page(INDEX_READERS),
    "people:person_create": page(INDEX_WRITERS),
    "people:person_detail": record(INDEX_READERS, other=INDEX_READERS, name_shared=True),
    "people:person_edit": record(INDEX_WRITERS),
    "people:person_alias_add": record(INDEX_WRITERS),
    "people:person_address_add": record(INDEX_WRITERS),
    "people:person_vehicle_add": record(INDEX_WRITERS),
    "people:location_create": page(INDEX_WRITERS),
    "people:location_detail": record(INDEX_READERS, other=INDEX_READERS, name_shared=True),
    "people:vehicle_create": page(INDEX_WRITERS),
    "people:vehicle_detail": record(INDEX_READERS, other=INDEX_READERS, name_shared=True),
    # Case files
    "cases:index": page(CASE_LISTS),
    "cases:new": page(CASE_STARTERS),
    "cases:quick": page(CASE_STARTERS),
    "cases:find": page(EVERYONE),
    "cases:dcf_import": page(CASE_STARTERS),
    "cases:dcf_import_progress": record(CASE_WRITER),  # the uploader's own
    "cases:check": record(CASE_READERS),
    "cases:detail": record(CASE_READERS),
    "cases:history": record(CASE_READERS),
    "cases:section": record(CASE_READERS),
    "cases:items": record(CASE_READERS),
    "cases:exhibit_file": record(CASE_READERS),
    "cases:submission": record(CASE_READERS),
    "cases:bundle": record(CASE_READERS),
    "cases:restricted_bundle": record(CASE_READERS),
    "cases:dcf_export": record(CASE_READERS),
    "cases:cps_file": record(CASE_READERS),
    "cases:details": record(CASE_WRITER),
    "cases:item_add": record(CASE_WRITER),
    "cases:item_edit": record(CASE_WRITER),
    "cases:item_delete": record(CASE_WRITER),
    "cases:submit": record(CASE_WRITER),
    "cases:offence_add": record(CASE_WRITER),
    "cases:suspect_offence_add": record(CASE_WRITER),
    "cases:offence_change": record(CASE_WRITER),
    "cases:offence_remove": record(CASE_WRITER),
    "cases:suspect_add": record(CASE_WRITER),
    "cases:defendant": record(CASE_WRITER),
    "cases:participant_add": record(CASE_WRITER),
    "cases:participant_remove": record(CASE_WRITER),
    "cases:cps_action_done": record(CASE_WRITER),
    "cases:cps_send": record(CASE_WRITER | {FS}),
    "cases:review_queue": page({FS}),
    "cases:dashboard": page({FS}),
    "cases:review": record({FS}),
    "cases:review_complete": record({FS}),
    "cases:review_return_not_ready": record({FS}),
    "cases:review_approve": record({FS}),
    "cases:review_return": record({FS}),
    "cases:review_correct": record({FS}),
    "cases:review_item_correct": record({FS}),
    # The CPS is not a police force: its lawyers read every force's files sent to it.
    "cases:cps_index": page({CP}, all_shared_with={CP}),
    "cases:cps_review": record({CP}, other={CP}, all_shared_with={CP}),
    "cases:cps_decide": record({CP}, other={CP}, all_shared_with={CP}),
    "cases:cps_bundle": record({CP}, other={CP}, all_shared_with={CP}),
    "cases:cps_restricted_bundle": record({CP}, other={CP}, all_shared_with={CP}),
    "cases:cps_dcf": record({CP}, other={CP}, all_shared_with={CP}),
    "api:case-list": page(EVERYONE, all_shared_with={CP}),  # a CPS lawyer's: the files sent
    "api:case-detail": record(CASE_READERS),
    "api:case-dcf": record(CASE_READERS),
    "api:schema": page(EVERYONE),
    "api:docs": page(EVERYONE),
    # Intelligence: police roles record and read what is shared with them; the force's
    # analysts evaluate (never their own report), disseminate and review; administrators
    # read who looked at a subject, and why.
    "intelligence:index": page(POLICE),
    "intelligence:search": page(POLICE),
    "intelligence:access_reason": page(POLICE | {AD}),
    "intelligence:report_create": page(POLICE),
    "intelligence:report_detail": record(POLICE),  # handling code C: this force alone
    "intelligence:report_edit": record({OF}),  # the author's
    "intelligence:report_links": record({OF, IA}),
    "intelligence:report_submit": record({OF}),
    "intelligence:report_answer": record({OF}),
    "intelligence:report_link_remove": record({IA}),
    "intelligence:report_evaluate": record({IA}),
    "intelligence:evaluation_queue": page({IA}),
    "intelligence:retention_queue": page({IA}),
    "intelligence:retention_review": record({IA}),
    "intelligence:subject_profile": record(POLICE, other=POLICE, name_shared=True),
    "intelligence:subject_access_log": record({AD}, other={AD}, name_shared=True),
    # Custody
    "custody:index": page(CUSTODY_READERS),
    "custody:book_in": page(CUSTODY_WRITERS),
    "custody:contingency_css": page(EVERYONE),
    "custody:offline_session": page(EVERYONE),
    "custody:offline_not_saved": page(EVERYONE),
    "custody:offline_entries": record(CUSTODY_WRITERS),
    "custody:record": record(CUSTODY_READERS),
    "custody:contingency": record(CUSTODY_READERS),
    "custody:contingency_pdf": record(CUSTODY_READERS),
    "custody:suite_contingency": record(CUSTODY_READERS),
    "custody:suite_contingency_pdf": record(CUSTODY_READERS),
    "custody:detainee_copy": record(CUSTODY_READERS),
    "custody:healthcare": record(CUSTODY_READERS),
    "custody:medication": record(CUSTODY_READERS),
    "custody:dose_due": record(CUSTODY_READERS),
    "custody:offline_refusal": record(CUSTODY_READERS),
    "custody:note_new": record(CUSTODY_WRITERS),
    "custody:rights_risk_needs": record(CUSTODY_WRITERS),
    "custody:rights": record(CUSTODY_WRITERS),
    "custody:risk_assessment": record(CUSTODY_WRITERS),
    "custody:property": record(CUSTODY_WRITERS),
    "custody:needs": record(CUSTODY_WRITERS),
    "custody:authorise": record(CUSTODY_WRITERS),
    "custody:warrant_add": record(CUSTODY_WRITERS),
    "custody:hospital_add": record(CUSTODY_WRITERS),
    "custody:charge": record(CUSTODY_WRITERS),
    "custody:close": record(CUSTODY_WRITERS),
    "custody:hcp_acknowledge": record(CUSTODY_WRITERS),
    "custody:observation_level": record(CUSTODY_WRITERS),
    "custody:check_new": record(CUSTODY_WRITERS),
    "custody:plan_add": record(CUSTODY_WRITERS),
    "custody:dose_add": record(CUSTODY_WRITERS),
    # Reviews and delays need an inspector (PACE s.40, s.56, s.58); an extension
    # beyond 24 hours a superintendent (s.42).
    "custody:authorisation_new": record(INSPECTORS),
    "custody:delay_ended": record(CUSTODY_READERS),  # or the custody officer (Code C 6.7)
    "custody:review_add": record(INSPECTORS),
    "custody:extension_add": record({SU}),
}


def _allowed(response, url_name):
    """The page answered (or moved the user on), rather than refusing them."""
    if response.status_code in (200, 201, 204):
        return True
    if url_name == "healthz" and response.status_code == 503:
        return True  # it answers that a part is down (no worker runs in the tests)
    # Sent to sign in is a refusal; sent to state a reason means the page was not
    # reached (every reader here has stated one for the world's records).
    return response.status_code == 302 and not is_asked(response) and not response.get(
        "Location", "").startswith(reverse("accounts:login"))


def _refused(response):
    return response.status_code in (403, 404)


def _text(response):
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
        # Close the file it streamed without the request-finished signal, which would
        # close the test's database connection.
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
    else:
        content = response.content
    return content.decode("utf-8", "replace").lower()


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    """A signed-in browser for each user of the world."""
    signed_in = {}
    with django_db_blocker.unblock():
        for key, user in world.users.items():
            client = Client()
            client.force_login(user)
            _state_an_enquiry(client, world)
            signed_in[key] = client
    return signed_in


def _state_an_enquiry(client, world):
    """State a reason for looking at the subject and their records, through the reason
    pages, as far as the user may (the matrix is about who may open what; the reasons
    have their own tests)."""
    things = [thing_key("people.search"), thing_key("people.person", world.person.pk),
              thing_key("people.location", world.location.pk),
              thing_key("people.vehicle", world.vehicle.pk),
              thing_key("intelligence.search"),
              thing_key("intelligence.subject", world.person.pk),
              thing_key("intelligence.access_log", world.person.pk),
              thing_key("intelligence.report", world.report.pk),
              thing_key("intelligence.report", world.restricted_report.pk)]
    for thing in things:  # a reason once, then "the same enquiry" for each other thing
        client.post(reason_url_for(thing), {"reason": REASON, "for": thing, "next": "/"})
    for thing in things:
        client.post(reason_url_for(thing), {"action": "confirm", "for": thing, "next": "/"})


def _ask(client, url_name, world, user):
    """Ask ``url_name`` as ``user``, then undo whatever it changed; returns the
    response, its text and how many audit events the user wrote meanwhile."""
    savepoint = transaction.savepoint()
    cookies = deepcopy(client.cookies)  # signing out, say, changes the session cookie
    try:
        before = AuditEvent.objects.filter(actor=user).count()
        response = client.generic(**request_of(url_name, world, user))
        text = _text(response)
        written = AuditEvent.objects.filter(actor=user).count() - before
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = cookies
    return response, text, written


def test_every_url_has_a_row():
    names = set(url_names())
    assert names - set(MATRIX) == set(), "URLs with no row in the matrix"
    assert set(MATRIX) - names == set(), "rows for URLs that no longer exist"
    assert set(ADDRESSES) == names, "URLs with no address in tests/security/addresses.py"


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_role_gets_the_answer_in_the_matrix(url_name, world, clients, db):
    access = MATRIX[url_name]
    # The subject's name is their personal data; the numbers of their records say they
    # exist, which another force must not learn either.
    personal = [SUBJECT_SURNAME.lower()]
    identifying = [*personal, world.case.urn.lower(), world.sent_case.urn.lower(),
                   world.record.custody_number.lower()]
    wrong = []
    for side, allowed_roles in ((OWN, access.own), (OTHER, access.other)):
        for role in ROLES:
            user = world.user(side, role)
            response, text, written = _ask(clients[(side, role)], url_name, world, user)
            answer = f"{side} force {role.label}: {response.status_code}"
            if role in allowed_roles and not _allowed(response, url_name):
                wrong.append(f"{answer}, expected to be let in")
            elif role not in allowed_roles and not _refused(response):
                wrong.append(f"{answer}, expected 403 or 404")
            shown = [token for token in identifying if token in text]
            if access.name_shared:
                shown = [token for token in shown if token not in personal]
            if shown and side == OTHER and role not in access.all_shared_with:
                wrong.append(f"{answer} shows the other force's {shown}")
            if (request_method(url_name) == "GET" and not written
                    and any(token in text for token in personal)):
                wrong.append(f"{answer} shows the subject's name and wrote no audit event")
    assert not wrong, "\n".join(wrong)


# --- The Django admin site ------------------------------------------------------------------


def _admin_paths():
    from django.contrib import admin

    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
    yield reverse("admin:index")


@pytest.mark.parametrize("path", sorted(set(_admin_paths())))
def test_the_admin_site_is_for_the_operator_alone(path, world, clients, db):
    for key, client in clients.items():
        response = client.get(path)
        assert response.status_code in (302, 403), (key, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("admin:login")), key
    operator = UserFactory(username="operator", force=None, is_staff=True,
                           is_superuser=True)
    client = Client()
    client.force_login(operator)
    assert client.get(path).status_code == 200


def matrix_size():
    """How many answers the matrix checks: every URL by every role in two forces."""
    return len(MATRIX) * len(ROLES) * 2
