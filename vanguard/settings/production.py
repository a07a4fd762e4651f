"""Production: PostgreSQL via DATABASE_URL, Celery with Redis, static files collected, behind nginx with TLS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_flag, redis_db_url

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
TASK_BACKEND = os.environ.get("TASK_BACKEND", "celery")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

# HTTPS. nginx terminates TLS and says so in X-Forwarded-Proto (deploy/nginx/vanguard.conf), which gunicorn
# only accepts from loopback. A real deployment keeps the defaults; `make prod-local` (plain HTTP on
# loopback) turns redirect, HSTS and secure cookies off. HSTS preload is off: an intranet host name
# cannot be on the browsers' preload list (README, Production mode, explains the one remaining warning).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("SECURE_PROXY_SSL_HEADER", True) else None
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
# A load balancer may probe a server over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if SECURE_SSL_REDIRECT else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# A server must say so when its database is not configured, not start on an empty SQLite file.
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("生产模式需要设置 DATABASE_URL(例如 postgres://用户@主机/库名)。")
# Connections are kept between requests and checked before reuse after an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Sessions are read from the cache (Redis, shared by every application server) and kept in the
# database too, so a cache restart signs nobody out. The cache uses Redis database 1 of the broker's
# server unless CACHE_URL names another.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("CACHE_URL") or redis_db_url(CELERY_BROKER_URL, 1),  # noqa: F405
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# One JSON object per line on standard error (journald or the container runtime collects it), one line per
# request from vanguard.request with its id, user, route, status and duration.
LOGGING["formatters"]["json"] = {"()": "vanguard.core.logs.JsonFormatter"}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
