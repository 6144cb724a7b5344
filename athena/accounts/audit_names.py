"""Users as the audit viewer names them (athena/audit/presentation): by rank, number and
name, linked to their page in the user administration."""

from django.contrib.auth import get_user_model

from athena.audit.presentation import register_records


def user_names(ids):
    return {user.pk: user.display_name
            for user in get_user_model().objects.filter(pk__in=ids)}


def register():
    register_records("accounts.user", kind="User", url_name="accounts:user_detail",
                     names=user_names)
