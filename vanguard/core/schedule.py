"""Work that falls due by itself: scheduled jobs, declared once, run by Celery beat or by the web process.

An app declares its jobs in ``<app>/jobs.py``, imported from its ``AppConfig.ready()``::

    @job("campaigns.refresh", "刷新进行中活动的目标状态", Daily(hour=3))
    def campaigns_refresh_job(run): ...

The function is registered as a background task (``core.tasks``), so every run is a ``TaskRun``
with progress, status and error, like work a user starts. A scheduled run carries its slot (the
time it was due) and ``TaskRun(name, slot)`` is unique: claiming a slot is inserting that row, so
a restart or a second web process never runs the same slot twice.

- Production (``TASK_BACKEND=celery``): ``celery beat`` reads ``beat_schedule()`` (``vanguard/celery.py``)
  and sends ``vanguard.run_job``, which claims the slot and starts the task on the workers.
- Embedded default (``TASK_BACKEND=thread``): ``start_runner()``, called from ``vanguard/wsgi.py`` so
  that only a serving process runs it (never migrate, shell or pytest), wakes every minute and
  starts what is due. A slot missed while the server was down runs once when it is back.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery import schedules
from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from .access import system_actor
from .models import TaskRun
from .tasks import register_task, task_start

logger = logging.getLogger(__name__)

RUN_JOB_TASK = "vanguard.run_job"  # the Celery task beat sends (core.celery_tasks)


@dataclass(frozen=True)
class Daily:
    """Every day at ``hour:minute`` local time (``TIME_ZONE``, Asia/Shanghai)."""

    hour: int
    minute: int = 0

    period = timedelta(days=1)

    def last_slot(self, now):
        """The latest time at or before ``now`` this schedule fell due."""
        local = timezone.localtime(now)
        slot = local.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        return slot if slot <= local else slot - self.period

    def crontab(self):
        return schedules.crontab(hour=self.hour, minute=self.minute)

    def __str__(self):
        return f"每天 {self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True)
class Every:
    """Every ``minutes`` minutes from the top of the hour; ``minutes`` divides 60 so that crontab's */N agrees."""

    minutes: int

    def __post_init__(self):
        if self.minutes < 1 or 60 % self.minutes:
            raise ValueError(f"Every(minutes={self.minutes}): the interval must divide 60")

    @property
    def period(self):
        return timedelta(minutes=self.minutes)

    def last_slot(self, now):
        local = timezone.localtime(now)
        return local.replace(minute=local.minute - local.minute % self.minutes, second=0, microsecond=0)

    def crontab(self):
        return schedules.crontab(minute=f"*/{self.minutes}")

    def __str__(self):
        return f"每 {self.minutes} 分钟"


@dataclass(frozen=True)
class Job:
    """A declared job: ``name`` is also its task name and the ``TaskRun.name`` of its runs."""

    name: str
    label: str
    schedule: Daily | Every
    fn: Callable

    def next_slot(self, now):
        return self.schedule.last_slot(now) + self.schedule.period


_jobs: dict[str, Job] = {}


def job(name, label, schedule):
    """Decorator: declare ``fn(run)`` as a job and register it as a background task."""

    def decorate(fn):
        if name in _jobs:
            raise ValueError(f"job {name} is declared twice")
        register_task(name)(fn)
        _jobs[name] = Job(name=name, label=label, schedule=schedule, fn=fn)
        return fn

    return decorate


def all_jobs():
    return list(_jobs.values())


def get_job(name):
    try:
        return _jobs[name]
    except KeyError:
        known = "、".join(sorted(_jobs)) or "无"
        raise KeyError(f"没有名为“{name}”的定时任务(已声明:{known})。") from None


def due_jobs(now=None):
    """``(job, slot)`` for every job whose latest slot has no run yet, in one query."""
    now = now or timezone.now()
    slots = {j.name: j.schedule.last_slot(now) for j in _jobs.values()}
    claimed = set(TaskRun.objects.filter(name__in=slots, slot__in=slots.values()).values_list("name", "slot"))
    return [(j, slots[j.name]) for j in _jobs.values() if (j.name, slots[j.name]) not in claimed]


def job_start(job, *, slot):
    """Claim ``slot`` and start the job's task; ``None`` when another process claimed it first."""
    try:
        # The savepoint keeps a lost race from breaking the caller's transaction.
        with transaction.atomic():
            return task_start(name=job.name, owner=system_actor(), label=job.label, slot=slot)
    except IntegrityError:
        logger.info("scheduled job %s at %s already claimed", job.name, slot)
        return None


def job_start_due(name, now=None):
    """Start one job for its latest slot (what beat asks for); ``None`` if that slot already ran."""
    job = get_job(name)
    return job_start(job, slot=job.schedule.last_slot(now or timezone.now()))


def run_due_jobs(now=None):
    """Start every due job; one that cannot start is logged and does not keep the others back."""
    started = []
    for job, slot in due_jobs(now):
        try:
            run = job_start(job, slot=slot)
        except Exception:  # noqa: BLE001 - the runner must go on with the other jobs
            logger.exception("scheduled job %s could not start", job.name)
            continue
        if run is not None:
            started.append(run)
    return started


def job_run_now(name):
    """Run a job at once in this process and wait for it (ops; ``campaigns_refresh``); takes no slot."""
    job = get_job(name)
    return task_start(name=job.name, owner=system_actor(), label=job.label, backend="eager")


def beat_schedule():
    """The registry as Celery beat's ``beat_schedule``."""
    return {j.name: {"task": RUN_JOB_TASK, "schedule": j.schedule.crontab(), "args": (j.name,)} for j in _jobs.values()}


# ---------------------------------------------------------------- the embedded runner

_runner_lock = threading.Lock()
_runner_started = False


def runner_tick(now=None):
    """One wake-up of the runner; errors are logged, never raised, so the thread lives on."""
    try:
        return run_due_jobs(now)
    except Exception:  # noqa: BLE001 - a database hiccup must not end scheduling for good
        logger.exception("scheduled jobs: the runner's wake-up failed")
        return []


def _runner_loop():
    while True:
        close_old_connections()
        runner_tick()
        close_old_connections()
        # Wake just after the next minute begins, so a job due at HH:MM starts within a second or two.
        time.sleep(60 - time.time() % 60 + 1)


def start_runner():
    """Start the in-process runner once per process, in the embedded default only; True if started now.

    With Celery, beat schedules the jobs, and tests run them by calling ``run_due_jobs``.
    """
    global _runner_started
    if settings.TASK_BACKEND != "thread":
        return False
    with _runner_lock:
        if _runner_started:
            return False
        _runner_started = True
    threading.Thread(target=_runner_loop, daemon=True, name="scheduled-jobs").start()
    return True
