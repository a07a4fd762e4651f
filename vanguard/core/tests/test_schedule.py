"""Scheduled jobs (core.schedule): the registry, when a job falls due, how a run is recorded and claimed."""

import importlib
import sys
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.core.management import CommandError, call_command

from vanguard.core import schedule, tasks
from vanguard.core.access import SYSTEM_USERNAME
from vanguard.core.choices import TaskStatus
from vanguard.core.models import TaskRun
from vanguard.core.schedule import Daily, Every

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test's own jobs; the apps' jobs and tasks are back afterwards."""
    monkeypatch.setattr(schedule, "_jobs", {})
    monkeypatch.setattr(tasks, "_registry", dict(tasks._registry))
    return schedule


@pytest.fixture
def nightly(registry):
    calls = []

    @registry.job("test.nightly", "夜间测试任务", Daily(hour=3))
    def nightly_job(run):
        calls.append(run.pk)
        return {"ok": len(calls)}

    return calls


def test_the_apps_declare_their_jobs():
    job = schedule.get_job("campaigns.refresh")
    assert job.label == "刷新进行中活动的目标状态"
    assert job.schedule == Daily(hour=3, minute=0)
    assert str(job.schedule) == "每天 03:00"
    assert tasks._registry["campaigns.refresh"] is job.fn


def test_an_unknown_job_is_named_in_chinese():
    with pytest.raises(KeyError, match="没有名为“nope”的定时任务"):
        schedule.get_job("nope")


def test_a_job_cannot_be_declared_twice(registry):
    registry.job("test.twice", "一次", Every(minutes=5))(lambda run: None)
    with pytest.raises(ValueError, match="declared twice"):
        registry.job("test.twice", "两次", Every(minutes=5))(lambda run: None)


def test_a_daily_job_falls_due_at_its_local_time():
    daily = Daily(hour=3)
    assert daily.last_slot(at(2026, 6, 15, 2, 59, 59)) == at(2026, 6, 14, 3)
    assert daily.last_slot(at(2026, 6, 15, 3, 0)) == at(2026, 6, 15, 3)
    assert daily.last_slot(at(2026, 6, 15, 23, 59)) == at(2026, 6, 15, 3)
    # 19:00 UTC is 03:00 the next day in Shanghai.
    assert daily.last_slot(datetime(2026, 6, 14, 19, 0, tzinfo=ZoneInfo("UTC"))) == at(2026, 6, 15, 3)


def test_an_interval_job_falls_due_on_its_minutes():
    every = Every(minutes=15)
    assert every.last_slot(at(2026, 6, 15, 10, 7, 30)) == at(2026, 6, 15, 10, 0)
    assert every.last_slot(at(2026, 6, 15, 10, 15)) == at(2026, 6, 15, 10, 15)
    assert str(every) == "每 15 分钟"
    with pytest.raises(ValueError, match="must divide 60"):
        Every(minutes=7)


def test_a_job_is_due_once_its_slot_has_come_and_not_run(db, nightly):
    job = schedule.get_job("test.nightly")
    TaskRun.objects.create(name=job.name, slot=at(2026, 6, 14, 3), status=TaskStatus.DONE)
    with time_machine.travel(at(2026, 6, 15, 2, 59), tick=False):
        assert schedule.due_jobs() == []
    with time_machine.travel(at(2026, 6, 15, 3, 0), tick=False):
        assert schedule.due_jobs() == [(job, at(2026, 6, 15, 3))]


def test_a_run_is_recorded_as_a_done_task_run(db, nightly):
    with time_machine.travel(at(2026, 6, 15, 3, 0, 20), tick=False):
        [run] = schedule.run_due_jobs()
    run.refresh_from_db()
    assert (run.name, run.label, run.status, run.result) == ("test.nightly", "夜间测试任务", "done", {"ok": 1})
    assert run.slot == at(2026, 6, 15, 3)
    assert run.owner.username == SYSTEM_USERNAME  # scheduled work runs as the system actor


def test_a_failing_job_is_recorded_failed_and_the_runner_goes_on(db, registry, nightly):
    @registry.job("test.broken", "出错的任务", Daily(hour=3))
    def broken(run):
        raise ValueError("数据源不可用")

    with time_machine.travel(at(2026, 6, 15, 3, 1), tick=False):
        runs = schedule.runner_tick()
    status = {r.name: (r.status, r.error) for r in TaskRun.objects.filter(pk__in=[r.pk for r in runs])}
    assert status == {"test.broken": ("failed", "数据源不可用"), "test.nightly": ("done", "")}


def test_the_runner_survives_an_error_while_looking_for_due_jobs(monkeypatch):
    def fail(now=None):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(schedule, "due_jobs", fail)
    assert schedule.runner_tick() == []


def test_the_same_slot_runs_once(db, nightly):
    with time_machine.travel(at(2026, 6, 15, 3, 0), tick=False):
        schedule.run_due_jobs()
    with time_machine.travel(at(2026, 6, 15, 9, 30), tick=False):
        assert schedule.run_due_jobs() == []  # a restart later that day
    assert nightly == [TaskRun.objects.get(name="test.nightly").pk]
    with time_machine.travel(at(2026, 6, 16, 3, 0), tick=False):
        assert len(schedule.run_due_jobs()) == 1
    assert len(nightly) == 2


def test_a_second_process_that_loses_the_race_for_a_slot_runs_nothing(db, nightly):
    job = schedule.get_job("test.nightly")
    assert schedule.job_start(job, slot=at(2026, 6, 15, 3)) is not None
    assert schedule.job_start(job, slot=at(2026, 6, 15, 3)) is None
    assert TaskRun.objects.filter(name=job.name).count() == 1
    assert len(nightly) == 1


def test_the_runner_does_not_run_under_pytest_or_with_celery(settings):
    assert "scheduled-jobs" not in {t.name for t in threading.enumerate()}
    assert settings.TASK_BACKEND == "eager"
    assert schedule.start_runner() is False
    settings.TASK_BACKEND = "celery"
    assert schedule.start_runner() is False


def test_the_embedded_default_starts_one_runner_per_process(settings, monkeypatch):
    settings.TASK_BACKEND = "thread"
    monkeypatch.setattr(schedule, "_runner_started", False)
    woke = threading.Event()
    monkeypatch.setattr(schedule, "_runner_loop", woke.set)
    assert schedule.start_runner() is True
    assert schedule.start_runner() is False
    assert woke.wait(5)


def test_the_wsgi_module_starts_the_runner(monkeypatch):
    calls = []
    monkeypatch.setattr(schedule, "start_runner", lambda: calls.append(True))
    sys.modules.pop("vanguard.wsgi", None)
    try:
        importlib.import_module("vanguard.wsgi")
    finally:
        sys.modules.pop("vanguard.wsgi", None)
    assert calls == [True]


def test_beat_schedule_is_built_from_the_registry():
    from vanguard.celery import app, schedule_from_registry

    schedule_from_registry(sender=app)
    entry = app.conf.beat_schedule["campaigns.refresh"]
    assert entry == {"task": "vanguard.run_job", "schedule": crontab(hour=3, minute=0), "args": ("campaigns.refresh",)}
    assert app.conf.timezone == "Asia/Shanghai"


def test_beat_s_message_claims_the_slot_like_the_embedded_runner(db, nightly):
    from vanguard.core.celery_tasks import run_job

    with time_machine.travel(at(2026, 6, 15, 3, 0, 2), tick=False):
        run_job("test.nightly")
        run_job("test.nightly")  # a second beat, or the message delivered twice
    [run] = TaskRun.objects.filter(name="test.nightly")
    assert (run.status, run.slot) == ("done", at(2026, 6, 15, 3))


def test_the_jobs_command_lists_the_jobs_and_their_last_runs(db, nightly, capsys):
    call_command("jobs")
    assert "test.nightly  夜间测试任务  每天 03:00  上次:从未运行" in capsys.readouterr().out
    with time_machine.travel(at(2026, 6, 15, 3, 0), tick=False):
        schedule.run_due_jobs()
        call_command("jobs")
    assert "上次:2026-06-15 03:00 定时 已完成  下次:2026-06-16 03:00" in capsys.readouterr().out


def test_the_jobs_command_runs_a_job_now_without_taking_its_slot(db, nightly, capsys):
    call_command("jobs", run="test.nightly")
    assert "夜间测试任务:已完成" in capsys.readouterr().out
    assert TaskRun.objects.get(name="test.nightly").slot is None
    assert len(schedule.due_jobs()) == 1  # the scheduled run still happens


def test_the_jobs_command_reports_a_failure_or_an_unknown_job(db, registry):
    registry.job("test.broken", "出错的任务", Daily(hour=3))(lambda run: 1 / 0)
    with pytest.raises(CommandError, match="出错的任务失败:division by zero"):
        call_command("jobs", run="test.broken")
    with pytest.raises(CommandError, match="没有名为“nope”的定时任务"):
        call_command("jobs", run="nope")
