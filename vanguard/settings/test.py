"""Test settings: fast hashing, background work inline."""

from .base import *  # noqa: F403

DEBUG = False
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASK_BACKEND = "eager"
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# The suite runs on a frozen clock (vanguard/conftest.py) while the browser keeps the real one:
# a cookie with an expiry date computed from the frozen day could already have expired for it.
CSRF_COOKIE_AGE = None
