"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanguard.settings.local")
application = get_wsgi_application()

# Only a serving process loads this module (runserver's serving child, gunicorn, uWSGI), never
# migrate, shell or pytest: the embedded default runs its scheduled jobs here (no-op with Celery).
from vanguard.core.schedule import start_runner  # noqa: E402

start_runner()
