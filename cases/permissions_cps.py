"""Object rules of the CPS handover and the file-quality dashboard.

Police side, force first as everywhere (permissions.py): the officer in the case or a
file supervisor of the file's force sends an approved file to the CPS, and only the
officer in the case ticks off the actions of a CPS action plan. A file supervisor sees
the quality dashboard of their own force.

CPS side: the CPS is one national service, not a force, so force membership does not
decide what a CPS lawyer sees. A lawyer sees a file from any force once it has been sent
to the CPS (sent, or decided), read-only, and never before (drafts and files in review
stay with the police). Only a file still awaiting its decision can be decided. CPS
areas are not modelled yet; when they are, ``sent_to_the_cps`` narrows to the lawyer's
area here and nowhere else.

Whether a file is in the right state to be sent is the service's check (it holds the
lock); these rules say who may try.
"""

import rules

from athena.accounts.roles import Role
from athena.accounts.rules import belongs_to_users_force, has_role
from cases.models import CaseStatus
from cases.permissions import is_officer_in_case

is_cps_lawyer = has_role(Role.CPS_LAWYER)
is_file_supervisor = has_role(Role.FILE_SUPERVISOR)

CPS_STATUSES = (CaseStatus.SENT_TO_CPS, CaseStatus.DECIDED)


@rules.predicate
def sent_to_the_cps(user, case):
    return case is not None and case.status in CPS_STATUSES


@rules.predicate
def awaiting_decision(user, case):
    return case is not None and case.status == CaseStatus.SENT_TO_CPS


rules.add_perm("cases.send_casefile_to_cps",
               belongs_to_users_force & (is_officer_in_case | is_file_supervisor))
rules.add_perm("cases.complete_cps_action", belongs_to_users_force & is_officer_in_case)
rules.add_perm("cases.list_cps_casefiles", is_cps_lawyer)
rules.add_perm("cases.view_cps_casefile", is_cps_lawyer & sent_to_the_cps)
rules.add_perm("cases.decide_casefile", is_cps_lawyer & awaiting_decision)
rules.add_perm("cases.view_quality_dashboard", is_file_supervisor)
