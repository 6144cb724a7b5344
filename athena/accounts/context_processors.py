from athena.accounts.roles import Role

NAVIGATION = [
    ("Cases", "cases:index"),
    ("Custody", "custody:index"),
    ("Intelligence", "intelligence:index"),
    ("People", "people:search"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = [Role(name).label for name in user.role_names if name in Role.values]
    return {
        "primary_navigation": NAVIGATION,
        "user_role_labels": roles,
    }
