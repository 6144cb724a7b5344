"""Object rules of the supervisor's review.

A file supervisor of the file's force reviews it, but never their own file: the officer
in the case cannot approve or return what they built.
"""

import rules

from athena.accounts.rules import belongs_to_users_force
from cases.permissions import is_file_supervisor, is_officer_in_case

# Approve or return a file's sections, correct a slip, complete the review.
rules.add_perm("cases.review_casefile",
               belongs_to_users_force & is_file_supervisor & ~is_officer_in_case)
# The queue of files awaiting review (of the supervisor's own force).
rules.add_perm("cases.view_review_queue", is_file_supervisor)
