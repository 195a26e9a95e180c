from django.db import migrations

from zwgk.documents.statute import TOPICS


def seed(apps, schema_editor):
    Topic = apps.get_model("documents", "Topic")
    for order, name in enumerate(TOPICS):
        Topic.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
