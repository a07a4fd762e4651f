from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vanguard.core.backup import pending_migrations, restore


class Command(BaseCommand):
    help = "从备份归档恢复数据库和上传的文件。目标数据库不是空的时拒绝执行,除非加 --force。"

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="归档文件", help="manage.py backup 生成的文件")
        parser.add_argument("--force", action="store_true", help="目标数据库已有数据时仍然覆盖")

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = restore(archive, force=force)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"找不到备份文件:{archive}") from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"已恢复 {manifest['created_at']} 的备份:{len(manifest['tables'])} 张表 {rows} 行,"
                f"上传文件 {manifest['media']['files']} 个。可运行 manage.py verify_audit 校验审计链。"
            )
        )
        pending = pending_migrations(manifest)
        if pending:
            self.stdout.write(
                self.style.WARNING(f"备份之后代码新增了 {len(pending)} 个数据库迁移,请运行 manage.py migrate。")
            )
