from django.db import migrations

from linkedin_sandbox import seed


def forwards(apps, schema_editor):
    seed.seed(apps)


class Migration(migrations.Migration):
    dependencies = [("linkedin_sandbox", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
