"""The search index of meetings: trigrams of the theme, the topics and the place."""

from django.db import migrations

from vanguard.core.search import CreateTextIndex


class Migration(migrations.Migration):
    dependencies = [
        ("orglife", "0006_alter_centralgroupmember_joined_on_and_more"),
    ]

    operations = [
        CreateTextIndex("orglife_meeting", contains=["title", "topics", "place"]),
    ]
