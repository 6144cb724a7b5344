"""Object rules of the nominal index.

The index is national (like the PND): whoever's role holds ``people.view_*`` reads any
record, whichever force created it. Only users of the creating force change a record,
and only if their role holds ``people.change_*``.

``user.has_perm("people.change_person")`` without an object answers "may this user edit
people at all" (the role, from the model backend); with a person it also asks the force.
"""

import rules

from athena.accounts.backends import UserBackend
from athena.accounts.rules import belongs_to_users_force

_model_backend = UserBackend()


def role_grants(permission):
    """True when the user's role (group) holds ``permission``, ignoring any object.

    Asks the model backend directly: asking ``user.has_perm`` here would come back to
    these rules and never end.
    """

    @rules.predicate(name=f"role_grants({permission})")
    def predicate(user):
        return user.is_authenticated and _model_backend.has_perm(user, permission)

    return predicate


for _model in ("person", "location", "vehicle"):
    rules.add_perm(f"people.view_{_model}", role_grants(f"people.view_{_model}"))
    rules.add_perm(f"people.add_{_model}", role_grants(f"people.add_{_model}"))
    rules.add_perm(f"people.change_{_model}",
                   belongs_to_users_force & role_grants(f"people.change_{_model}"))
