from django.db import migrations

GENESIS = "0" * 64


def create_head(apps, schema_editor):
    # The chain head exists from the start, so the first writers lock a row rather than race to create it.
    apps.get_model("core", "AuditHead").objects.get_or_create(pk=1, defaults={"last_hash": GENESIS, "count": 0})


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_actor_protect")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
