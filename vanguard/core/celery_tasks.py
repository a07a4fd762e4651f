"""The one Celery task: it runs a recorded ``TaskRun`` by id."""

from celery import shared_task

from .tasks import execute


@shared_task(name="vanguard.run_task")
def run_task(run_id):
    execute(run_id)
