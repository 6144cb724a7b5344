"""Object rules of the CPS handover.

Police side, force first as everywhere (cases/permissions.py): the officer in the case or
a file supervisor of the file's force sends an approved file to the CPS, and only the
officer in the case ticks off the actions of a CPS action plan.

CPS side: the CPS is one national service, not a force, so force membership does not
decide what a CPS lawyer sees. A lawyer sees a file from any force once it has been sent
to the CPS (sent, or decided), read-only, and never before (drafts and files in review
stay with the police): ``cases.view_cps_casefile`` is membership of
``selectors.case_files_visible_to`` from the CPS's side. Only a file still awaiting its
decision can be decided. CPS areas are not modelled yet; when they are, the CPS's side of
``case_files_visible_to`` narrows to the lawyer's area there and nowhere else.

Whether a file is in the right state to be sent is the service's check (it holds the
lock); these rules say who may try.
"""

import rules

from athena.accounts.rules import belongs_to_users_force
from cases.models import CaseStatus
from cases.permissions import is_file_supervisor, is_officer_in_case
from cases.selectors import CPS, case_is_visible_to, is_cps_lawyer


@rules.predicate
def cps_may_read(user, case):
    return case_is_visible_to(user, case, side=CPS)


@rules.predicate
def awaiting_decision(user, case):
    return case is not None and case.status == CaseStatus.SENT_TO_CPS


rules.add_perm("cases.send_casefile_to_cps",
               belongs_to_users_force & (is_officer_in_case | is_file_supervisor))
rules.add_perm("cases.complete_cps_action", belongs_to_users_force & is_officer_in_case)
rules.add_perm("cases.list_cps_casefiles", is_cps_lawyer)
rules.add_perm("cases.view_cps_casefile", cps_may_read)
rules.add_perm("cases.decide_casefile", is_cps_lawyer & awaiting_decision)
