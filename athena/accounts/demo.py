"""Demo users for the quick start. Only `manage.py seed_demo` calls this."""

from django.contrib.auth.models import Group
from django.db import transaction

from athena.accounts.models import Force, Rank, User
from athena.accounts.roles import ADMINISTRATIVE_ROLES, Role

HOME_FORCE_CODE = "42"  # Essex, one of the forces that used the old Athena
SECOND_FORCE_CODE = "46"  # Kent

# username, role, first name, last name, rank, collar or staff number
DEMO_USERS = [
    ("officer", Role.OFFICER, "Sam", "Carter", Rank.CONSTABLE, "4512"),
    ("custody", Role.CUSTODY_OFFICER, "Priya", "Sharma", Rank.SERGEANT, "2231"),
    ("inspector", Role.INSPECTOR, "Gareth", "Hughes", Rank.INSPECTOR, "1187"),
    ("superintendent", Role.SUPERINTENDENT, "Helen", "Okafor", Rank.SUPERINTENDENT, "0941"),
    ("supervisor", Role.FILE_SUPERVISOR, "Daniel", "Reid", Rank.DETECTIVE_SERGEANT, "3307"),
    ("analyst", Role.INTELLIGENCE_ANALYST, "Aisha", "Rahman", Rank.POLICE_STAFF, "S7781"),
    ("cps", Role.CPS_LAWYER, "Thomas", "Whitfield", Rank.CROWN_PROSECUTOR, "CPS0412"),
    ("admin", Role.ADMINISTRATOR, "Morgan", "Ellis", Rank.POLICE_STAFF, "S1002"),
    ("national_admin", Role.NATIONAL_ADMINISTRATOR, "Jordan", "Price", Rank.POLICE_STAFF,
     "S1003"),
]
SECOND_FORCE_USERS = [
    ("officer_kent", Role.OFFICER, "Jamie", "Fletcher", Rank.CONSTABLE, "6120"),
]


@transaction.atomic
def seed_demo_users(*, password):
    """Create the demo users once; running again changes nothing. Returns those created."""
    home = Force.objects.get(code=HOME_FORCE_CODE)
    second = Force.objects.get(code=SECOND_FORCE_CODE)
    created = []
    for force, rows in ((home, DEMO_USERS), (second, SECOND_FORCE_USERS)):
        for username, role, first_name, last_name, rank, number in rows:
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first_name, "last_name": last_name, "rank": rank,
                          "collar_number": number, "force": force,
                          "is_staff": role in ADMINISTRATIVE_ROLES},
            )
            if was_created:
                user.set_password(password)
                user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=role.value))
                created.append(user)
    return created


def demo_user_for(role):
    return User.objects.get(username=next(row[0] for row in DEMO_USERS if row[1] == role))
