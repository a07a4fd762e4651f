"""Every page needs a login, except the few listed here; a signed-in session is refreshed while used;
every response carries the Content-Security-Policy; tracebacks are shown on this machine only."""

import ipaddress
import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404
from django.views import defaults
from django.views.debug import ExceptionReporter

# ``/indicators/screen/``: a competition board on a workshop screen, opened by its own token only.
PUBLIC_PREFIXES = (
    "/accounts/login/", "/static/", "/api/", "/favicon.ico", "/healthz", "/metrics", "/indicators/screen/",
)  # fmt: skip


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


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` with every response that has no policy of its own.

    A response that sets its own (a stored file is sent with ``sandbox``) keeps it.
    """

    HEADER = "Content-Security-Policy"

    def __init__(self, get_response):
        self.get_response = get_response
        directives = settings.CONTENT_SECURITY_POLICY
        self.policy = "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())

    def __call__(self, request):
        response = self.get_response(request)
        # Django's own traceback page (DEBUG, this machine only) works with inline script.
        technical = settings.DEBUG and response.status_code >= 500
        if self.HEADER not in response and not technical:
            response[self.HEADER] = self.policy
        return response


PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def is_local(request) -> bool:
    """The client is on this machine: a loopback address, and no proxy passing on someone else's request."""
    try:
        loopback = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False
    return loopback and not any(request.META.get(header) for header in PROXY_HEADERS)


def _technical_404(response) -> bool:
    """Whether ``response`` is ``django.views.debug.technical_404_response``'s page (it says why it shows)."""
    return not response.streaming and b"DEBUG = True" in response.content


class PlainErrorReporter(ExceptionReporter):
    """Writes the page a client gets without DEBUG: what went wrong in one line, no traceback, no settings."""

    def _bad_request(self):
        return bool(self.exc_type) and issubclass(self.exc_type, (SuspiciousOperation, BadRequest))

    def get_traceback_html(self):
        if self._bad_request():
            return defaults.bad_request(self.request, self.exc_value).content
        return defaults.server_error(self.request).content

    def get_traceback_text(self):
        return "请求有误 (400)" if self._bad_request() else "服务器出错 (500)"


class LocalDebugMiddleware:
    """With DEBUG on, Django's traceback pages go to a client on this machine only.

    Under DEBUG, ``response_for_exception`` answers an error with ``technical_500_response``, which
    asks the request's ``exception_reporter_class`` to write the page; for any other client that is
    ``PlainErrorReporter``. It stands first in ``MIDDLEWARE`` so that an error anywhere below is covered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DEBUG or is_local(request):
            return self.get_response(request)
        request.exception_reporter_class = PlainErrorReporter
        response = self.get_response(request)
        if response.status_code == 404 and _technical_404(response):
            # Django's debug 404 page lists every URL pattern and names the settings: the plain page instead.
            return defaults.page_not_found(request, Http404())
        return response
