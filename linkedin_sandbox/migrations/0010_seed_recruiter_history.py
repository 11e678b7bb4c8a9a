from django.db import migrations


def seed_history(apps, schema_editor):
    from linkedin_sandbox import seed_history

    seed_history.seed(apps)


class Migration(migrations.Migration):
    """The demo's InMail threads and notes (linkedin_sandbox/seed_history.py); idempotent."""

    dependencies = [
        ("linkedin_sandbox", "0009_seed_export_members"),
    ]

    operations = [migrations.RunPython(seed_history, migrations.RunPython.noop)]
