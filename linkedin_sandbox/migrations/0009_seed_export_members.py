from django.db import migrations


def seed_members(apps, schema_editor):
    from linkedin_sandbox import seed_members as module

    module.seed(apps)


class Migration(migrations.Migration):
    """The members to export and the demo users' Recruiter seats, for databases seeded before them."""

    dependencies = [
        ("linkedin_sandbox", "0008_export"),
    ]

    operations = [migrations.RunPython(seed_members, migrations.RunPython.noop)]
