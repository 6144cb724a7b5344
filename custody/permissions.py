"""Object rules for custody records: force membership first, then role.

Custody officers book detainees in and run the record; inspectors review detention and
superintendents extend it; all three read the records of their own force's suites.
"""

import rules

from athena.accounts.roles import Role
from athena.accounts.rules import belongs_to_users_force, has_role

runs_custody = has_role(Role.CUSTODY_OFFICER)
reads_custody = has_role(Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT)

rules.add_perm("custody.book_in", runs_custody)
rules.add_perm("custody.view_custodyrecord", belongs_to_users_force & reads_custody)
rules.add_perm("custody.change_custodyrecord", belongs_to_users_force & runs_custody)
