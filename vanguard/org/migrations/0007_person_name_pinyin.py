"""Full pinyin of every name as a search key (赵文静 → zhaowenjing), beside the initials."""

import re

from django.db import migrations, models
from pypinyin import Style, lazy_pinyin

CHUNK = 2000
_NOT_KEY = re.compile(r"[^a-z0-9]")


def _key(parts, length):
    return _NOT_KEY.sub("", "".join(parts).lower())[:length]


def fill_search_keys(apps, schema_editor):
    """The keys as ``org.search`` computes them today (copied: a migration must not change)."""
    Person = apps.get_model("org", "Person")
    people = list(Person.objects.only("pk", "name").order_by("pk"))
    for person in people:
        person.name_pinyin = _key(lazy_pinyin(person.name or "", style=Style.NORMAL), 200)
        person.name_initials = _key((s[0] for s in lazy_pinyin(person.name or "", style=Style.FIRST_LETTER) if s), 50)
    Person.objects.bulk_update(people, ["name_pinyin", "name_initials"], batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0006_party_org_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_pinyin",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=200, verbose_name="姓名全拼"),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
    ]
