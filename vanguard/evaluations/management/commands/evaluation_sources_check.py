"""``manage.py evaluation_sources_check [--source CODE …] [--year 2026]``: every automatic source over a full
round of each kind it serves (rolled back), with its time, queries, score range and one explained figure.
Exits with 1 when a source fails or scores out of 0–100."""

from django.core.management.base import BaseCommand, CommandError

from vanguard.org.models import User

from ...providers.check import check_sources


class Command(BaseCommand):
    help = "检查全部自动评分来源:对全公司每类考评对象各算一遍(不保存),报告用时、查询次数和得分范围。"

    def add_arguments(self, parser):
        parser.add_argument("--source", action="append", dest="codes", help="只检查这个来源(可重复)")
        parser.add_argument("--year", type=int, help="考评年度(默认今年)")

    def handle(self, *args, codes=None, year=None, **options):
        actor = User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.order_by("pk").first()
        if actor is None:
            raise CommandError("数据库中还没有用户,无法建立检查用的轮次。")
        failed = 0
        for c in check_sources(actor, year=year, codes=codes):
            scores = "—" if c.low is None else f"{c.low:.0f}–{c.high:.0f}"
            line = f"{c.code:22} {c.kind:11} 对象 {c.subjects:6}  有得分 {c.scored:6}  {c.seconds * 1000:8.1f} ms  查询 {c.queries:2}  得分 {scores}"
            self.stdout.write(line)
            if c.sample:
                self.stdout.write(f"    {c.sample}")
            if c.error:
                failed += 1
                self.stderr.write(f"    错误:{c.error}")
        if failed:
            raise CommandError(f"{failed} 项检查未通过。")
