from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vanguard.core.audit import verify_chain


class Command(BaseCommand):
    help = "校验审计链:逐条核对哈希,报告第一处断裂。"

    def handle(self, *args, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"审计链完整:共 {result.checked} 条事件。"))
            return
        if result.broken is not None:
            event = result.broken
            raise CommandError(
                f"审计链在第 {result.checked + 1} 条事件处断裂:编号 {event.pk},"
                f"{timezone.localtime(event.at):%Y-%m-%d %H:%M:%S} {event.actor_name} {event.action} {event.object_repr}"
                "(该事件被修改,或其前一条事件被删除)。"
            )
        raise CommandError(f"审计链末尾缺失:前 {result.checked} 条事件完整,但链头记录的最后一条事件已不存在。")
