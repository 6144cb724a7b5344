"""Django's model backend, reading the user with their force in one query and their
permissions from the process's copy (accounts/access.py) rather than two queries a
request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from athena.accounts.access import access_of


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("force").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = set(access_of(user_obj).permissions)
        return user_obj._perm_cache
