from django.db import migrations


class Migration(migrations.Migration):
    """The app's first step: its tables come in the migrations after it."""

    initial = True
    dependencies = [("org", "0010_headcounts")]
    operations = []
