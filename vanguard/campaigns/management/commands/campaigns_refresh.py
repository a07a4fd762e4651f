from django.core.management.base import BaseCommand, CommandError

from vanguard.campaigns.jobs import CAMPAIGNS_REFRESH
from vanguard.core.choices import TaskStatus
from vanguard.core.schedule import job_run_now


class Command(BaseCommand):
    help = "立即重新计算进行中活动的目标进度与状态(定时任务 campaigns.refresh 每天凌晨自动运行)。"

    def handle(self, *args, **options):
        run = job_run_now(CAMPAIGNS_REFRESH)
        if run.status != TaskStatus.DONE:
            raise CommandError(run.error)
        for row in run.result["campaigns"]:
            self.stdout.write(f"{row['title']}:{row['targets']} 项目标")
