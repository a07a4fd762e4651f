"""Celery application for production mode (TASK_BACKEND=celery)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanguard.settings.local")
app = Celery("vanguard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="celery_tasks")


@signals.import_modules.connect(sender=app)
def schedule_from_registry(sender, **kwargs):
    """Beat's schedule is the jobs the apps declare (``core.schedule``).

    The registry fills in the apps' ``ready()``, so it is read here: worker and beat send this
    signal after Celery's Django fix-up (connected first, when ``app`` was made) has set Django up.
    """
    from vanguard.core.schedule import beat_schedule

    sender.conf.beat_schedule = beat_schedule()


@signals.setup_logging.connect
def log_as_the_web_does(logfile=None, **kwargs):
    """Worker and beat log through Django's ``LOGGING`` (one JSON object per line in production),
    not Celery's own text format, so one log pipeline reads the web and the background alike.
    With ``--logfile`` (a detached worker has no stderr) the same lines go to that file."""
    import copy
    import logging
    from logging.config import dictConfig

    from django.conf import settings

    config = copy.deepcopy(settings.LOGGING)
    if logfile:
        console = config["handlers"]["console"]
        console.pop("stream", None)
        console.update({"class": "logging.FileHandler", "filename": logfile, "encoding": "utf-8"})
    dictConfig(config)
    logging.captureWarnings(True)  # Celery's own warnings (running as root) as JSON lines too
