"""The search index of projects: trigrams of the title and the 立项编号."""

from django.db import migrations

from vanguard.core.search import CreateTextIndex


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_month_numbers_log_tally"),
    ]

    operations = [
        CreateTextIndex("projects_project", contains=["title", "number"]),
    ]
