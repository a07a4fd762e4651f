"""Production: PostgreSQL via DATABASE_URL, Celery with Redis, static files collected."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
TASK_BACKEND = os.environ.get("TASK_BACKEND", "celery")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# A server must say so when its database is not configured, not start on an empty SQLite file.
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("生产模式需要设置 DATABASE_URL(例如 postgres://用户@主机/库名)。")
# Connections are kept between requests and checked before reuse after an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Sessions are read from the cache (Redis, shared by every application server) and kept in the
# database too, so a cache restart signs nobody out.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("CACHE_URL", CELERY_BROKER_URL.rsplit("/", 1)[0] + "/1"),  # noqa: F405
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# One JSON object per line on standard error (journald or the container runtime collects it), one line per
# request from vanguard.request with its id, user, route, status and duration.
LOGGING["formatters"]["json"] = {"()": "vanguard.core.logs.JsonFormatter"}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
