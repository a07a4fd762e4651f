"""The search index of people: trigrams of the name; the 工号 and the pinyin keys from their start.

The name's index also carries the other searched columns, so a one-character search reads it alone.
"""

from django.db import migrations, models

from vanguard.core.search import CreateTextIndex


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0008_alter_membershiptransfer_moved_on_and_more"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="person", name="org_person_name_bc77d5_idx"),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["name", "employee_no", "name_initials", "name_pinyin"], name="person_name_search"
            ),
        ),
        CreateTextIndex("org_person", contains=["name"], prefix=["employee_no", "name_initials", "name_pinyin"]),
    ]
