from typing import Any

from django.contrib.auth.backends import ModelBackend

from lotsa.organisations.models import User


class StaffBackend(ModelBackend):
    """Django's password backend, reading the signed-in user together with their unit: the
    header names the unit on every page, which otherwise cost every page a query of its own."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
