from django.core.management.base import BaseCommand, CommandError

from vanguard.core.summaries import differences, get_summary, rebuild, registered


class Command(BaseCommand):
    help = "从原始记录重算汇总表(按组织、按月的计数);--check 只比较,不一致时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="名称", help="只处理这些汇总表(默认全部)")
        parser.add_argument("--check", action="store_true", help="只比较汇总表与原始记录,不写入")

    def handle(self, *args, names=(), check=False, **options):
        try:
            summaries = [get_summary(n) for n in names] if names else registered()
        except KeyError as missing:
            raise CommandError(f"没有名为 {missing} 的汇总表。") from None
        wrong = 0
        for summary in summaries:
            label = summary.label or summary.name
            if check:
                found = differences(summary)
                wrong += len(found)
                state = "一致" if not found else f"{len(found)} 行不一致,例如 {found[0]}"
                self.stdout.write(f"{summary.name}  {label}:{state}")
            else:
                self.stdout.write(f"{summary.name}  {label}:{rebuild(summary)} 行")
        if wrong:
            raise CommandError(f"共 {wrong} 行与原始记录不一致;运行 manage.py rebuild_summaries 重算。")
