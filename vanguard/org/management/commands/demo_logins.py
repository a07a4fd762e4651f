from django.core.management.base import BaseCommand

from vanguard.org.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "列出演示账号。"

    def handle(self, *args, **options):
        self.stdout.write(f"演示账号(密码均为 {DEMO_PASSWORD}):")
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<10} {role}")
