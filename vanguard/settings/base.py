"""Settings shared by every environment. Secrets come from the environment only."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VANGUARD_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite database and uploads live here

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "vanguard.core.admin_site.VanguardAdminConfig",  # django.contrib.admin, opened to the office's records
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "treebeard",
    "vanguard.core",
    "vanguard.org",
    "vanguard.campaigns",
    "vanguard.orglife",
    "vanguard.projects",
    "vanguard.voices",
    "vanguard.indicators",
    "vanguard.evaluations",
    "vanguard.contributions",
]

MIDDLEWARE = [
    "vanguard.core.middleware.LocalDebugMiddleware",
    "vanguard.core.logs.RequestIdMiddleware",
    "vanguard.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "vanguard.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "vanguard.core.middleware.LoginRequiredMiddleware",
    "vanguard.core.middleware.SessionRefreshMiddleware",
]

ROOT_URLCONF = "vanguard.urls"
WSGI_APPLICATION = "vanguard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vanguard" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vanguard.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'vanguard.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; the timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = ["vanguard.org.auth.UsernameOrEmployeeNoBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after eight idle hours (a shift) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
# The idle expiry moves on while a session is used, written at most every five minutes
# (vanguard.core.middleware.SessionRefreshMiddleware) rather than on every request.
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", 300))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lockout after repeated failed logins (vanguard.org.auth). An account locks for the client address the
# guesses came from; the account as a whole locks only past the higher count, and an address that
# guesses at many accounts is refused for all of them.
LOGIN_MAX_FAILURES = 5
LOGIN_ACCOUNT_MAX_FAILURES = 30
LOGIN_ADDRESS_MAX_FAILURES = 30
LOGIN_LOCK_MINUTES = 15
# The request header that carries the client's address when a proxy in front sets it (production:
# nginx replaces X-Forwarded-For with the address it sees: HTTP_X_FORWARDED_FOR); unset, REMOTE_ADDR is the client.
CLIENT_ADDRESS_HEADER = os.environ.get("CLIENT_ADDRESS_HEADER", "")
# API tokens expire; a new one is issued by logging in again.
API_TOKEN_DAYS = 30

# Directory (LDAP) login, off unless LDAP_SERVER_URI is set (vanguard.org.directory). The entry is found
# under LDAP_SEARCH_BASE with LDAP_USER_FILTER (``%(user)s`` is the login name, escaped), as
# LDAP_BIND_DN when set (else anonymously), and mapped to the person whose 工号 is in its
# LDAP_EMPLOYEE_NUMBER_ATTR attribute.
LDAP_SERVER_URI = os.environ.get("LDAP_SERVER_URI", "")
LDAP_BIND_DN = os.environ.get("LDAP_BIND_DN", "")
LDAP_BIND_PASSWORD = os.environ.get("LDAP_BIND_PASSWORD", "")
LDAP_SEARCH_BASE = os.environ.get("LDAP_SEARCH_BASE", "")
LDAP_USER_FILTER = os.environ.get("LDAP_USER_FILTER", "(uid=%(user)s)")
LDAP_EMPLOYEE_NUMBER_ATTR = os.environ.get("LDAP_EMPLOYEE_NUMBER_ATTR", "employeeNumber")
LDAP_START_TLS = os.environ.get("LDAP_START_TLS", "") == "1"
LDAP_CA_FILE = os.environ.get("LDAP_CA_FILE", "")
LDAP_TIMEOUT = int(os.environ.get("LDAP_TIMEOUT", "5"))  # seconds, whole

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("VANGUARD_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "vanguard" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Stored files are served only through scoped views (core.downloads.stored_file_response). Behind nginx,
# set this to its internal location (e.g. "/protected/") and nginx sends the bytes after the check.
FILE_ACCEL_PREFIX = os.environ.get("FILE_ACCEL_PREFIX", "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Form fields and bodies other than files (files count against UPLOAD_MAX_BYTES, not this).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
# A JSON body to the API: a record, a list of marks, never a document (files go as uploads).
API_MAX_BODY_BYTES = 1024 * 1024
# The one upload policy (vanguard.core.uploads.check_upload): one size limit for every uploaded
# file, and the file types each kind of upload accepts (by name suffix).
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_ALLOWED_TYPES = {
    "attachment": (
        ".pdf", ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ppt", ".pptx", ".dps", ".txt", ".csv",
        ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".mp4", ".mov", ".zip", ".rar", ".7z",
    ),
    "excel": (".xlsx", ".xlsm", ".xls", ".csv"),
}  # fmt: skip
# What a table file (vanguard.core.tabular) may unpack to and span, against zip bombs and sheets whose
# extent alone would exhaust memory.
TABLE_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
TABLE_MAX_CELLS = 3_000_000
# An import reads at most this many rows, and its answer lists at most this many errors (with their count).
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
IMPORT_MAX_ERRORS = 200

# Papers (vanguard.core.documents): an uploaded Word template's size limit; the PDF converter
# (LibreOffice headless, Debian package libreoffice-writer-nogui), its time limit per document,
# how many conversions run at once on the machine and how long a download waits for its turn.
DOCUMENT_TEMPLATE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_PDF_SOFFICE = os.environ.get("DOCUMENT_PDF_SOFFICE", "soffice")
DOCUMENT_PDF_TIMEOUT = int(os.environ.get("DOCUMENT_PDF_TIMEOUT", "60"))
DOCUMENT_PDF_CONCURRENCY = int(os.environ.get("DOCUMENT_PDF_CONCURRENCY", "2"))
DOCUMENT_PDF_QUEUE_SECONDS = int(os.environ.get("DOCUMENT_PDF_QUEUE_SECONDS", "30"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "vanguard.core.api.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "vanguard.core.api.handlers.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Request bodies are JSON; the endpoints that take a file declare MultiPartParser themselves
    # (roster import, project log attachments). One content type per body keeps generated clients simple.
    "DEFAULT_PARSER_CLASSES": ["vanguard.core.api.parsers.BoundedJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "vanguard.core.api.handlers.exception_handler",
}
SPECTACULAR_SETTINGS = {
    # ASCII, so that client generators derive a plain package name from it (vanguard_api_client).
    "TITLE": "Vanguard API",
    "DESCRIPTION": "先锋:主题实践活动平台接口。认证:`POST /api/v1/auth/token/` 取得令牌,之后每个请求带 `Authorization: Token <令牌>`。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # No call-outs from the docs page: Swagger UI's default validator badge loads from the internet.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "persistAuthorization": True},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "vanguard.core.api.schema.ascii_class_names",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PartyOrgKindEnum": "vanguard.org.choices.PartyOrgKind",
        "MeetingKindEnum": "vanguard.orglife.choices.MeetingKind",
        "SuggestionStatusEnum": "vanguard.voices.choices.SuggestionStatus",
        "SuggestionCategoryEnum": "vanguard.voices.choices.SuggestionCategory",
        # The ``actions`` a record offers the user (``core.api.ActionsField``), named by the set.
        "ChangeActionsEnum": "vanguard.core.api.base.CHANGE_ACTIONS",
        "ChangeReviewApproveActionsEnum": "vanguard.core.api.base.CHANGE_REVIEW_APPROVE_ACTIONS",
    },
}

# Background work: "thread" runs in the web process (embedded default, no extra server),
# "celery" sends to Celery with Redis, "eager" runs inline (tests).
TASK_BACKEND = os.environ.get("TASK_BACKEND", "thread")
CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Scheduled jobs (core.schedule) in local time; beat keeps its last-run file with the other state.
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# An import larger than this many rows runs in the background with a progress bar.
ROSTER_BACKGROUND_ROWS = int(os.environ.get("ROSTER_BACKGROUND_ROWS", "2000"))
# An export of more rows than this is built in the background; its file is kept this long for its owner.
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "5000"))
EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", "24"))

# Sent with every response that sets none of its own (core.middleware). Pages load script from our own
# static files only; behaviour is declared in data- attributes and chart data travels in json_script.
# Styles may be inline: Tabler's components and the pages' width bars use style attributes.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# /healthz reports the disk as failing when the volume holding VAR_DIR (database, uploads) has less free.
HEALTHZ_DISK_MIN_FREE_BYTES = int(os.environ.get("HEALTHZ_DISK_MIN_FREE_MB", "1024")) * 1024 * 1024
# /metrics (Prometheus) answers these addresses or networks, and any caller with "Authorization: Bearer <token>".
METRICS_ALLOWED_ADDRESSES = os.environ.get("METRICS_ALLOWED_ADDRESSES", "127.0.0.1,::1").split(",")
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# pg_dump and pg_restore for manage.py backup/restore; empty: the PATH, then /usr/lib/postgresql/*/bin.
PG_BIN_DIR = os.environ.get("PG_BIN_DIR", "")

# Every handler redacts (passwords, tokens, session ids, ID-card numbers) and knows the request's id and user
# (vanguard.core.logs); production writes the same records as one JSON object per line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "vanguard.core.logs.RequestContextFilter"},
        "redact": {"()": "vanguard.core.logs.RedactFilter"},
    },
    "formatters": {"text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request", "redact"], "formatter": "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
