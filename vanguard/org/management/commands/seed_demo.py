import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from vanguard.core.demo import build_registered_demos
from vanguard.org.demo import SIZES, build_demo_company
from vanguard.org.models import Person


class Command(BaseCommand):
    help = "建立演示公司(确定性数据)。"

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有人员时什么也不做。")
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
            help="演示数据以这一天为“今天”生成(默认今天);同一规模、同一天生成的数据完全相同。",
        )  # fmt: skip

    def handle(self, *args, size, if_empty, today, **options):
        if Person.objects.exists():
            if if_empty:
                return
            self.stderr.write("数据库中已有人员;演示数据只能建在空数据库上。")
            raise SystemExit(1)
        self.stdout.write(f"建立演示公司({size})……")
        started = time.perf_counter()
        # Millions of inserts: a development server's DEBUG would keep and format each one's SQL.
        with override_settings(DEBUG=False):
            build_demo_company(size, stdout=self.stdout)
            company_done = time.perf_counter()
            self.stdout.write(f"  公司与人员用时 {company_done - started:.0f} 秒")
            build_registered_demos(size, stdout=self.stdout, today=today)
        self.stdout.write(f"  各模块演示数据用时 {time.perf_counter() - company_done:.0f} 秒")
        # Fresh planner statistics after a bulk load, so list and tree queries take their indexes
        # (and, on PostgreSQL, a visibility map, so the covering indexes are read alone).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"完成,用时 {time.perf_counter() - started:.0f} 秒。"))
