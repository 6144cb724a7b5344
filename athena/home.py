"""Each role's home page: the worklists that role works from.

The lists are empty until the feature issues fill them; the table says which lists
each role sees, in one place.
"""

from django.shortcuts import render
from django.urls import reverse

from athena.accounts.roles import Role
from athena.audit.reads import read_audited
from athena.worklists import worklist_items

WORKLISTS = {
    Role.OFFICER: [
        ("My case files", "Case files you are building will be listed here."),
        ("Returned sections", "Sections a supervisor returns to you will be listed here."),
        ("CPS actions", "Actions the CPS asks of you in a charging decision will be listed "
                        "here."),
    ],
    Role.CUSTODY_OFFICER: [
        ("Custody suite", "Detainees in your suite will be listed here."),
        ("Medication due", "Doses due in the next hour will be listed here."),
    ],
    Role.INSPECTOR: [
        ("Reviews due", "PACE reviews due from you will be listed here."),
    ],
    Role.SUPERINTENDENT: [
        ("Extensions requested", "Requests to extend detention will be listed here."),
    ],
    Role.FILE_SUPERVISOR: [
        ("Files awaiting review", "Case files submitted for review will be listed here."),
        ("Ready to send to the CPS", "Approved files waiting to go to the CPS will be listed "
                                     "here."),
    ],
    Role.INTELLIGENCE_ANALYST: [
        ("Reports to evaluate", "Intelligence reports awaiting evaluation will be listed here."),
        ("Retention reviews due", "Reports due for retention review will be listed here."),
    ],
    Role.CPS_LAWYER: [
        ("Files sent to you", "Case files sent for a charging decision will be listed here."),
    ],
    Role.NATIONAL_ADMINISTRATOR: [
        ("Audit trail", "Search who did what, and why, in the audit trail."),
    ],
    Role.ADMINISTRATOR: [
        ("Audit trail", "Search who did what, and why, in the audit trail."),
        ("Intelligence subjects looked at",
         "People looked at through intelligence will be listed here, each leading to who "
         "looked and why."),
    ],
}


# Pages a role works from besides its worklists, linked under the role's heading.
ROLE_PAGES = {
    Role.OFFICER: [("New case file", "cases:new")],
    Role.FILE_SUPERVISOR: [("Review queue", "cases:review_queue"),
                           ("Quality dashboard", "cases:dashboard")],
    Role.CPS_LAWYER: [("All files sent to the CPS", "cases:cps_index")],
    Role.ADMINISTRATOR: [("Users", "accounts:users"),
                         ("Sign-in pauses", "accounts:lockouts"),
                         ("Reset a colleague's two-factor sign-in",
                          "accounts:two_factor_reset")],
    Role.NATIONAL_ADMINISTRATOR: [("Users of every force", "accounts:users"),
                                  ("Sign-in pauses", "accounts:lockouts")],
}

# Not a list but the way in to the audit viewer.
AUDIT_TRAILS = {(Role.ADMINISTRATOR, "Audit trail"), (Role.NATIONAL_ADMINISTRATOR, "Audit trail")}


@read_audited("home.viewed")
def home(request):
    """Each role's worklists: the detainees, files and reports waiting for the user."""
    sections = []
    for role_name in request.user.role_names:
        if role_name in Role.values:
            role = Role(role_name)
            sections.append({"role": role.label,
                             "pages": [(label, reverse(name))
                                       for label, name in ROLE_PAGES.get(role, [])],
                             "worklists": [
                                 {"title": title, "empty_message": empty_message,
                                  "items": worklist_items(role, title, request.user),
                                  "is_audit_trail": (role, title) in AUDIT_TRAILS}
                                 for title, empty_message in WORKLISTS.get(role, [])],
                             })
    return render(request, "home.html", {
        "sections": sections,
        # A search box on the home page saves the trip through the People tab.
        "can_search_people": request.user.has_perm("people.view_person"),
        "can_add_person": request.user.has_perm("people.add_person"),
    })
