from django.conf import settings
from django.http import HttpRequest

from lotsa.signin import policy


def two_factor(request: HttpRequest) -> dict[str, object]:
    """Whether the header links to the user's own two-factor page."""
    user = request.user
    shown = policy.is_two_factor_required(user) and policy.has_passed_second_factor(user)
    return {"two_factor_link": shown}


def single_sign_on(request: HttpRequest) -> dict[str, object]:
    """The sign-in page's link to the municipality's identity provider, when one is configured."""
    return {
        "oidc_login_label": settings.LOTSA_OIDC_LOGIN_LABEL if settings.LOTSA_OIDC_ENABLED else ""
    }
