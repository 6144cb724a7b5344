"""Object rules of the file-quality dashboard: a file supervisor sees the dashboard of
their own force (the view checks the force)."""

import rules

from athena.accounts.roles import Role
from athena.accounts.rules import has_role

rules.add_perm("cases.view_quality_dashboard", has_role(Role.FILE_SUPERVISOR))
