"""The Celery tasks: one runs a recorded ``TaskRun`` by id, one is what beat sends for a scheduled job."""

from celery import shared_task

from .tasks import execute


@shared_task(name="vanguard.run_task")
def run_task(run_id):
    execute(run_id)


@shared_task(name="vanguard.run_job")
def run_job(name):
    """Claim the job's current slot and start its task (a second beat or a retry finds the slot taken)."""
    from .schedule import job_start_due

    job_start_due(name)
