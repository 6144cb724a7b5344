from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property


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
        """The user's roles, by their group names, in a stable order (read once per
        request: every permission check asks)."""
        return sorted(group.name for group in self.groups.all())

    def has_role(self, *roles):
        return any(role in self.role_names for role in roles)
