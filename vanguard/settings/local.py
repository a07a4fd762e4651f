"""Development and the embedded default: SQLite, DEBUG on, background work in a thread."""

from .base import *  # noqa: F403

DEBUG = True  # tracebacks reach a client on this machine only (core.middleware.LocalDebugMiddleware)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
