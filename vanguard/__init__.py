"""Vanguard (先锋): themed practice activities of an enterprise party organisation."""

# Load the Celery app with Django so that tasks sent from web processes use its broker.
from .celery import app as celery_app

__all__ = ["celery_app"]
