from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property

from athena.accounts.access import access_of, new_access_stamp


class Force(models.Model):
    """A police force (or other organisation) by its CJS force code."""

    code = models.CharField(max_length=8, unique=True)  # two digits, or e.g. B01DU
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name", "code"]

    def __str__(self):
        return self.name


class Rank(models.TextChoices):
    CONSTABLE = "PC", "Police Constable"
    DETECTIVE_CONSTABLE = "DC", "Detective Constable"
    SERGEANT = "PS", "Police Sergeant"
    DETECTIVE_SERGEANT = "DS", "Detective Sergeant"
    INSPECTOR = "INSP", "Inspector"
    CHIEF_INSPECTOR = "CI", "Chief Inspector"
    SUPERINTENDENT = "SUPT", "Superintendent"
    CHIEF_SUPERINTENDENT = "CSUPT", "Chief Superintendent"
    POLICE_STAFF = "STAFF", "Police staff"
    CROWN_PROSECUTOR = "CPS", "Crown Prosecutor"


class User(AbstractUser):
    """An officer or member of staff. Roles are groups (see roles.py)."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="users")
    collar_number = models.CharField("Collar or staff number", max_length=20, blank=True)
    rank = models.CharField(max_length=8, choices=Rank.choices, blank=True)
    # The team or unit the user works in ("Chelmsford CID"); supervisors filter by it.
    team = models.CharField(max_length=60, blank=True)
    # Changes with the user's roles, permissions and authenticator, so a process never
    # uses its remembered copy of them after a change (accounts/access.py).
    access_stamp = models.CharField(max_length=32, default=new_access_stamp, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        name = self.get_full_name() or self.username
        if self.rank and self.collar_number:
            return f"{self.rank} {self.collar_number} {name}"
        return name

    @cached_property
    def role_names(self):
        """The user's roles, by their group names, in a stable order: from the groups
        when a list fetched them with its users, else from this process's copy."""
        if "groups" in getattr(self, "_prefetched_objects_cache", {}):
            return sorted(group.name for group in self.groups.all())
        return list(access_of(self).role_names)

    def has_role(self, *roles):
        return any(role in self.role_names for role in roles)


class SignInPause(models.Model):
    """The sign-in pauses of one username from one address, so that each further pause
    is longer than the one before (accounts/lockout.py). django-axes counts the failures
    and forgets them when a pause ends; this remembers that the pause happened."""

    # As django-axes stores them: the username as typed (it may be no one's) and the
    # address the attempts came from.
    username = models.CharField(max_length=255)
    ip_address = models.CharField(max_length=45, blank=True)
    # How many pauses in a row, without a day's gap or a sign-in between them.
    pauses = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["username", "ip_address"],
                                               name="sign_in_pause_one_per_username_address")]

    def __str__(self):
        return f"{self.username} from {self.ip_address or 'an unknown address'}"

    @property
    def length(self):
        return self.ends_at - self.started_at
