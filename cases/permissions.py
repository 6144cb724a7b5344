"""Object rules for case files (the file rules for what a case needs are in rules.py).

Force membership first: a case file is seen only within its own force. The officer in
the case edits it; file supervisors and inspectors of the force read it.
"""

import rules

from athena.accounts.roles import Role
from athena.accounts.rules import belongs_to_users_force, has_role


@rules.predicate
def is_officer_in_case(user, case):
    return case is not None and case.officer_in_case_id == user.pk


may_build_files = has_role(Role.OFFICER, Role.CUSTODY_OFFICER)
reads_force_files = has_role(Role.FILE_SUPERVISOR, Role.INSPECTOR, Role.SUPERINTENDENT)

rules.add_perm("cases.add_casefile", may_build_files)
rules.add_perm("cases.view_casefile",
               belongs_to_users_force & (is_officer_in_case | reads_force_files))
rules.add_perm("cases.change_casefile", belongs_to_users_force & is_officer_in_case)
