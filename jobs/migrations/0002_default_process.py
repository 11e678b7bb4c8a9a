from django.db import migrations

DEFAULT = [("Prospect", "PROSPECT"), ("Application", "APPLICATION"), ("Screen", "CUSTOM"),
           ("Interview", "CUSTOM"), ("Offer", "OFFER")]


def create_template(apps, schema_editor):
    ProcessTemplateStage = apps.get_model("jobs", "ProcessTemplateStage")
    if not ProcessTemplateStage.objects.exists():
        for position, (name, kind) in enumerate(DEFAULT):
            ProcessTemplateStage.objects.create(name=name, kind=kind, position=position)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]
    operations = [migrations.RunPython(create_template, migrations.RunPython.noop)]
