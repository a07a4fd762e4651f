"""Every page needs a login, except the few listed here; a signed-in session is refreshed while used."""

import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/api/", "/favicon.ico", "/healthz", "/metrics")


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Keep a signed-in session alive while it is used, writing it at most every few minutes.

    Saving the session on every request (``SESSION_SAVE_EVERY_REQUEST``) costs a database write per
    page. Here the idle expiry (``SESSION_COOKIE_AGE``) is pushed back only when the last refresh is
    older than ``SESSION_REFRESH_SECONDS``, so a session expires between that many seconds early
    and on time.
    """

    KEY = "_refreshed"

    @classmethod
    def stamp_login(cls, sender, request, user, **kwargs):
        """At login the session is written anyway: stamp it then, so the first page after writes nothing."""
        request.session[cls.KEY] = int(time.time())

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)
