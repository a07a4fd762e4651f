"""Template context every page needs: the navigation and the user's scope in words."""

from .navigation import modules_for
from .scope import get_scope


def shell(request):
    scope = get_scope(getattr(request, "user", None))
    if scope is None:
        return {}
    return {"nav_modules": modules_for(scope), "user_scope": scope}
