"""Object rules for case files (the file rules for what a case needs are in rules.py).

Force membership first: a case file is seen only within its own force. The officer in
the case edits it; file supervisors and inspectors of the force read it. A file
supervisor of the force reviews it, but never their own file: the officer in the case
cannot approve or return what they built.
"""

import rules

from athena.accounts.roles import Role
from athena.accounts.rules import belongs_to_users_force, has_role


@rules.predicate
def is_officer_in_case(user, case):
    return case is not None and case.officer_in_case_id == user.pk


may_build_files = has_role(Role.OFFICER, Role.CUSTODY_OFFICER)
reads_force_files = has_role(Role.FILE_SUPERVISOR, Role.INSPECTOR, Role.SUPERINTENDENT)
is_file_supervisor = has_role(Role.FILE_SUPERVISOR)

rules.add_perm("cases.add_casefile", may_build_files)
rules.add_perm("cases.view_casefile",
               belongs_to_users_force & (is_officer_in_case | reads_force_files))
rules.add_perm("cases.change_casefile", belongs_to_users_force & is_officer_in_case)
# Approve or return a file's sections, correct a slip, complete the review.
rules.add_perm("cases.review_casefile",
               belongs_to_users_force & is_file_supervisor & ~is_officer_in_case)
# The queue of files awaiting review (of the supervisor's own force).
rules.add_perm("cases.view_review_queue", is_file_supervisor)
