"""Every URL of the application, named, with the world's record it is tested on and how
it is asked for (GET, or POST for the actions that answer nothing else).

A URL name missing here fails the tests that walk them all: a new page is placed in the
authorization matrix and the audit-coverage test by adding it here and there.
"""

import json
from urllib.parse import urlencode

from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from athena.accounts.roles import Role
from tests.security.world import OWN

GET, POST = "GET", "POST"


def _officer(w):
    return [w.user(OWN, Role.OFFICER).pk]


def _set_password_link(user):
    return [urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]


def _case(w):
    return [w.case.pk]


def _waiting(w):
    return [w.submitted_case.pk]


def _waiting_section(kind):
    return lambda w: [w.submitted_case.pk, kind]


def _record(w):
    return [w.record.pk]


def _section(kind):
    return lambda w: [w.case.pk, kind]


# URL name -> (method, the arguments to reverse() it with, from the world).
ADDRESSES = {
    "home": (GET, None),
    "healthz": (GET, None),
    "service_worker": (GET, None),
    # Accounts
    "accounts:account": (GET, None),
    "accounts:login": (GET, None),
    "accounts:logout": (POST, None),
    "accounts:two_factor_setup": (GET, None),
    "accounts:two_factor_verify": (GET, None),
    "accounts:two_factor_reset": (GET, None),
    "accounts:set_password": (GET, lambda w: _set_password_link(w.user(OWN, Role.OFFICER))),
    "accounts:users": (GET, None),
    "accounts:user_create": (GET, None),
    "accounts:lockouts": (GET, None),
    "accounts:lockout_release": (POST, None),
    "accounts:user_detail": (GET, _officer),
    "accounts:user_edit": (GET, _officer),
    "accounts:user_deactivate": (GET, _officer),
    "accounts:user_reactivate": (GET, _officer),
    "accounts:user_password_reset": (GET, _officer),
    "accounts:user_two_factor_reset": (GET, _officer),
    # The nominal index
    "people:search": (GET, None),
    "people:enquiry_reason": (GET, None),
    "people:person_create": (GET, None),
    "people:person_detail": (GET, lambda w: [w.person.pk]),
    "people:person_edit": (GET, lambda w: [w.person.pk]),
    "people:person_alias_add": (GET, lambda w: [w.person.pk]),
    "people:person_address_add": (GET, lambda w: [w.person.pk]),
    "people:person_vehicle_add": (GET, lambda w: [w.person.pk]),
    "people:location_create": (GET, None),
    "people:location_detail": (GET, lambda w: [w.location.pk]),
    "people:vehicle_create": (GET, None),
    "people:vehicle_detail": (GET, lambda w: [w.vehicle.pk]),
    "offences:picker_results": (GET, None),
    "audit:events": (GET, None),
    # Case files
    "cases:index": (GET, None),
    "cases:new": (GET, None),
    "cases:find": (GET, None),
    "cases:quick": (GET, lambda w: ["TH68010"]),  # shoplifting
    "cases:check": (GET, _case),
    "cases:detail": (GET, _case),
    "cases:details": (GET, _case),
    "cases:section": (GET, _section("case_summary")),
    "cases:items": (GET, _section("witness_statements")),
    "cases:item_add": (GET, _section("witness_statements")),
    "cases:item_edit": (GET, lambda w: [w.case.pk, "witness_statements", w.witness.pk]),
    "cases:item_delete": (POST, lambda w: [w.case.pk, "witness_statements", w.witness.pk]),
    "cases:exhibit_file": (GET, lambda w: [w.case.pk, w.exhibit.pk]),
    "cases:submit": (POST, _case),
    "cases:submission": (GET, lambda w: [w.case.pk, w.submission.pk]),
    "cases:bundle": (GET, lambda w: [w.case.pk, w.submission.pk]),
    "cases:restricted_bundle": (GET, lambda w: [w.case.pk, w.submission.pk]),
    "cases:offence_add": (GET, _case),
    "cases:suspect_offence_add": (GET, lambda w: [w.case.pk, w.suspect.pk]),
    "cases:offence_change": (GET, lambda w: [w.case.pk, w.charged.pk]),
    "cases:offence_remove": (GET, lambda w: [w.case.pk, w.charged.pk]),
    "cases:suspect_add": (GET, _case),
    "cases:defendant": (GET, lambda w: [w.case.pk, w.suspect.pk]),
    "cases:participant_add": (GET, _case),
    "cases:participant_remove": (GET, lambda w: [w.case.pk, w.participant.pk]),
    "cases:review_queue": (GET, None),
    "cases:history": (GET, _waiting),
    "cases:review": (GET, _waiting),
    "cases:review_complete": (POST, _waiting),
    "cases:review_return_not_ready": (POST, _waiting),
    "cases:review_approve": (POST, _waiting_section("case_summary")),
    "cases:review_return": (POST, _waiting_section("case_summary")),
    "cases:review_correct": (GET, _waiting_section("case_summary")),
    "cases:review_item_correct": (GET, lambda w: [w.submitted_case.pk, "witness_statements",
                                                  w.waiting_witness.pk]),
    "cases:cps_file": (GET, _case),
    "cases:cps_send": (POST, _case),
    "cases:cps_action_done": (POST, lambda w: [w.sent_case.pk, w.cps_action.pk]),
    "cases:cps_index": (GET, None),
    "cases:cps_review": (GET, lambda w: [w.sent_case.pk]),
    "cases:cps_decide": (GET, lambda w: [w.sent_case.pk]),
    "cases:cps_bundle": (GET, lambda w: [w.sent_case.pk, w.handover.pk]),
    "cases:cps_restricted_bundle": (GET, lambda w: [w.sent_case.pk, w.handover.pk]),
    "cases:cps_dcf": (GET, lambda w: [w.sent_case.pk, w.handover.pk]),
    "cases:dashboard": (GET, None),
    "cases:dcf_export": (GET, _case),
    "cases:dcf_import": (GET, None),
    "cases:dcf_import_progress": (GET, lambda w: [w.dcf_upload]),
    # Custody
    "custody:index": (GET, None),
    "custody:record": (GET, _record),
    "custody:contingency_pdf": (GET, _record),
    "custody:suite_contingency_pdf": (GET, lambda w: [w.suite.code]),
    "custody:detainee_copy": (GET, _record),
    "custody:contingency": (GET, _record),
    "custody:contingency_css": (GET, None),
    "custody:suite_contingency": (GET, lambda w: [w.suite.code]),
    "custody:note_new": (GET, _record),
    "custody:book_in": (GET, None),
    "custody:rights_risk_needs": (GET, _record),
    "custody:rights": (GET, _record),
    "custody:risk_assessment": (GET, _record),
    "custody:property": (GET, _record),
    "custody:needs": (GET, _record),
    "custody:authorise": (GET, _record),
    "custody:authorisation_new": (GET, lambda w: [w.record.pk, "delay_informing"]),
    "custody:delay_ended": (POST, lambda w: [w.record.pk, w.delay.pk]),
    "custody:review_add": (GET, _record),
    "custody:extension_add": (GET, _record),
    "custody:warrant_add": (GET, _record),
    "custody:hospital_add": (GET, _record),
    "custody:charge": (GET, _record),
    "custody:close": (GET, _record),
    "custody:healthcare": (GET, _record),
    "custody:hcp_acknowledge": (POST, lambda w: [w.record.pk, w.direction.pk]),
    "custody:observation_level": (POST, _record),
    "custody:check_new": (GET, _record),
    "custody:medication": (GET, _record),
    "custody:dose_due": (GET, _record),
    "custody:plan_add": (GET, _record),
    "custody:dose_add": (GET, lambda w: [w.record.pk, w.plan.pk]),
    "custody:offline_session": (GET, None),
    "custody:offline_not_saved": (GET, None),
    "custody:offline_entries": (POST, None),
    "custody:offline_refusal": (GET, lambda w: [w.record.pk, w.refusal.pk]),
    # Intelligence
    "intelligence:index": (GET, None),
    "intelligence:report_create": (GET, None),
    "intelligence:report_detail": (GET, lambda w: [w.restricted_report.pk]),
    "intelligence:report_edit": (GET, lambda w: [w.submitted_report.pk]),
    "intelligence:report_links": (GET, lambda w: [w.submitted_report.pk]),
    "intelligence:report_link_remove": (POST, lambda w: [w.report.pk, w.report_link.pk]),
    "intelligence:report_submit": (POST, lambda w: [w.submitted_report.pk]),
    "intelligence:report_answer": (POST, lambda w: [w.submitted_report.pk]),
    "intelligence:report_evaluate": (GET, lambda w: [w.submitted_report.pk]),
    "intelligence:evaluation_queue": (GET, None),
    "intelligence:search": (GET, None),
    "intelligence:access_reason": (GET, None),
    "intelligence:subject_profile": (GET, lambda w: [w.person.pk]),
    "intelligence:subject_access_log": (GET, lambda w: [w.person.pk]),
    "intelligence:retention_queue": (GET, None),
    "intelligence:retention_review": (GET, lambda w: [w.report.pk]),
    # Notifications and the API
    "notifications:list": (GET, None),
    "notifications:read": (POST, None),
    "notifications:open": (GET, lambda w: [w.notification_of_viewer]),
    "api:case-list": (GET, None),
    "api:case-detail": (GET, _case),
    "api:case-dcf": (GET, _case),
    "api:schema": (GET, None),
    "api:docs": (GET, None),
}


def url_names(resolver=None, prefix=""):
    """Every named URL of the application outside the Django admin site."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


def _outbox_entry(world):
    """An entry a device kept in an outage: an observation check on the world's record."""
    return json.dumps({"client_id": "0" * 32, "live": False,
                       "url": reverse("custody:check_new", args=[world.record.pk]),
                       "fields": {}, "saved_at": None})


def _release(world):
    """Release the sign-in pause of the force's officer (whether or not there is one)."""
    return urlencode({"username": world.user(OWN, Role.OFFICER).username,
                      "ip_address": "127.0.0.1"})


# What the few addresses that read a body are sent: (content type, body from the world).
BODIES = {"custody:offline_entries": ("application/json", _outbox_entry),
          "accounts:lockout_release": ("application/x-www-form-urlencoded", _release)}


def request_method(url_name):
    return ADDRESSES[url_name][0]


def request_of(url_name, world, viewer):
    """The keyword arguments of ``Client.generic`` that ask ``url_name`` of the world's
    records as ``viewer`` would."""
    method, arguments = ADDRESSES[url_name]
    if url_name == "notifications:open":
        path = reverse(url_name, args=[viewer.notifications.first().pk])
    else:
        path = reverse(url_name, args=arguments(world) if arguments else None)
    request = {"method": method, "path": path}
    if url_name in BODIES:
        content_type, body = BODIES[url_name]
        request.update(content_type=content_type, data=body(world))
    return request
