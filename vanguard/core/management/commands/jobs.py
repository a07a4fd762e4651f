import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vanguard.core.choices import TaskStatus
from vanguard.core.models import TaskRun
from vanguard.core.schedule import all_jobs, get_job, job_run_now


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


class Command(BaseCommand):
    help = "列出定时任务及其最近一次运行;--run 名称 立即运行一个(在本进程中运行并等待结果)。"

    def add_arguments(self, parser):
        parser.add_argument("--run", metavar="名称", help="立即运行的定时任务名称")

    def handle(self, *args, run=None, **options):
        if run:
            self._run(run)
        else:
            self._list()

    def _list(self):
        now = timezone.now()
        jobs = all_jobs()
        if not jobs:
            self.stdout.write("没有声明定时任务。")
        for job in jobs:
            last = TaskRun.objects.filter(name=job.name).order_by("-id").first()
            ran = "从未运行"
            if last:
                how = "定时" if last.slot else "手动"
                ran = f"{_when(last.created_at)} {how} {last.get_status_display()}"
            self.stdout.write(f"{job.name}  {job.label}  {job.schedule}  上次:{ran}  下次:{_when(job.next_slot(now))}")
            if last and last.status == TaskStatus.FAILED:
                self.stdout.write(self.style.ERROR(f"    错误:{last.error}"))

    def _run(self, name):
        try:
            get_job(name)
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        task = job_run_now(name)
        if task.status != TaskStatus.DONE:
            raise CommandError(f"{task.label}失败:{task.error}")
        result = json.dumps(task.result, ensure_ascii=False)
        self.stdout.write(self.style.SUCCESS(f"{task.label}:已完成(任务 {task.pk})。结果:{result}"))
