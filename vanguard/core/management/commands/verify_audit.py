from django.core.management.base import BaseCommand

from vanguard.core.audit import verify_chain


class Command(BaseCommand):
    help = "校验审计链:逐条核对哈希,报告第一处断裂。"

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken is None:
            self.stdout.write(self.style.SUCCESS(f"审计链完整:共 {checked} 条事件。"))
            return
        self.stderr.write(
            f"审计链在第 {checked + 1} 条事件处断裂:编号 {broken.pk},{broken.at:%Y-%m-%d %H:%M:%S} "
            f"{broken.actor_name} {broken.action} {broken.object_repr}"
        )
        raise SystemExit(1)
