from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vanguard.core.backup import backup


class Command(BaseCommand):
    help = "备份数据库和上传的文件到一个归档文件(tar)。参数为目录时,文件名按时间生成。"

    def add_arguments(self, parser):
        parser.add_argument("target", metavar="目录或文件", help="备份写到的目录,或归档文件路径(.tar 或 .tar.gz)")

    def handle(self, *args, target, **options):
        try:
            path, manifest = backup(target)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {path}:{manifest['engine']} 数据库 {len(manifest['tables'])} 张表 {rows} 行,"
                f"上传文件 {manifest['media']['files']} 个。"
            )
        )
