from django.http import HttpRequest
from django.urls import reverse

from lotsa.portal.middleware import PARTICIPANT_NAMESPACES
from lotsa.portal.policy import is_participant_user


def language_switch(request: HttpRequest) -> dict[str, object]:
    """Where the language switch posts: on Mina sidor, its sign-in and the surveys it is the
    portal's own (it stores a participant's choice) and shown at the top of the page."""
    match = getattr(request, "resolver_match", None)
    on_portal_page = match is not None and match.namespace in PARTICIPANT_NAMESPACES
    user = getattr(request, "user", None)
    if on_portal_page or (user is not None and is_participant_user(user)):
        return {"language_action": reverse("portal:language_set"), "language_on_top": True}
    return {"language_action": reverse("set_language"), "language_on_top": False}
