"""The search index of people: trigrams of the name; the 工号 and the pinyin keys from their start."""

from django.db import migrations

from vanguard.core.search import CreateTextIndex


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0008_alter_membershiptransfer_moved_on_and_more"),
    ]

    operations = [
        CreateTextIndex("org_person", contains=["name"], prefix=["employee_no", "name_initials", "name_pinyin"]),
    ]
