"""The edge of every staff page: sign-in checked, and the view handed a typed actor.

As Zulip's decorators hand a view its `user_profile`, `staff_view` hands it `actor: User`::

    @staff_view
    def case_detail(request: HttpRequest, actor: User, case_id: int) -> HttpResponse: ...

What the actor may do is still asked of the app's policy; this only makes sure someone signed in
and gives the rest of the view a `User` instead of `request.user`'s union with AnonymousUser.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from lotsa.organisations.models import User

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponse)


def staff_view(
    view: Callable[Concatenate[HttpRequest, User, P], R],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    @wraps(view)
    def with_actor(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, cast(User, request.user), *args, **kwargs)

    return with_actor
