"""Object rules for building case files (the file rules for what a case needs are in
rules.py). The other concerns keep theirs beside them: review/permissions.py,
cps/permissions.py, dashboard/permissions.py.

Force membership first: a case file is seen only within its own force. The officer in
the case edits it; file supervisors and inspectors of the force read it. Who reads which
file is one queryset (``selectors.case_files_visible_to``): ``cases.view_casefile`` is
membership of it, from the police's side.
"""

import rules

from athena.accounts.roles import Role
from athena.accounts.rules import belongs_to_users_force, has_role
from cases.selectors import POLICE, case_is_visible_to


@rules.predicate
def is_officer_in_case(user, case):
    return case is not None and case.officer_in_case_id == user.pk


@rules.predicate
def police_may_read(user, case):
    return case_is_visible_to(user, case, side=POLICE)


may_build_files = has_role(Role.OFFICER, Role.CUSTODY_OFFICER)
is_file_supervisor = has_role(Role.FILE_SUPERVISOR)

rules.add_perm("cases.add_casefile", may_build_files)
rules.add_perm("cases.view_casefile", police_may_read)
rules.add_perm("cases.change_casefile", belongs_to_users_force & is_officer_in_case)
