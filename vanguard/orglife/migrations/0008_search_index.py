"""The search index of meetings (trigrams of the theme, the topics and the place) and the ledger's kind index."""

from django.db import migrations, models

from vanguard.core.search import CreateTextIndex


class Migration(migrations.Migration):
    dependencies = [
        ("orglife", "0007_summary_tables"),
    ]

    operations = [
        CreateTextIndex("orglife_meeting", contains=["title", "topics", "place"]),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["kind", "date", "id"], name="meeting_kind_date_id"),
        ),
    ]
