"""Load the GB/T 4754-2017 sections, the first policy categories and the target groups."""

from django.db import migrations

from zwgk.policies.gbt4754 import DEFAULT_CATEGORIES, DEFAULT_TARGET_GROUPS, SECTIONS


def seed(apps, schema_editor):
    Industry = apps.get_model("policies", "Industry")
    Category = apps.get_model("policies", "Category")
    TargetGroup = apps.get_model("policies", "TargetGroup")
    for code, name in SECTIONS:
        Industry.objects.update_or_create(code=code, defaults={"name": name})
    for order, name in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    for order, (code, name) in enumerate(DEFAULT_TARGET_GROUPS, start=1):
        TargetGroup.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
