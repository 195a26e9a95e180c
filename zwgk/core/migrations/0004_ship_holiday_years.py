"""Load the holiday arrangements of every year chinese-calendar 1.11.0 knows (2004–2026).

The data comes from the frozen CSV files in zwgk/core/data/holidays (see calendar_data.py).
A year that already has data (entered by the district office) is left alone. Shipped data is
not an action of anyone, so it has no audit row; its provenance is the `source` field.
"""

import uuid

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from zwgk.core import calendar_data

    HolidayYear = apps.get_model("core", "HolidayYear")
    SpecialDay = apps.get_model("core", "SpecialDay")
    # Rows that existed before the revision column got one shared default value.
    for row in HolidayYear.objects.all():
        HolidayYear.objects.filter(pk=row.pk).update(revision=uuid.uuid4())
    now = timezone.now()
    known = set(HolidayYear.objects.values_list("year", flat=True))
    for year in calendar_data.shipped_years():
        if year in known:
            continue
        shipped = calendar_data.load_shipped(year)
        holiday_year = HolidayYear.objects.create(
            year=year, source=shipped.source, updated_at=now, revision=uuid.uuid4()
        )
        SpecialDay.objects.bulk_create(
            SpecialDay(year=holiday_year, date=day, kind=kind, name=name)
            for day, kind, name in shipped.days
        )


def unload(apps, schema_editor):
    from zwgk.core import calendar_data

    HolidayYear = apps.get_model("core", "HolidayYear")
    HolidayYear.objects.filter(source__startswith=calendar_data.PACKAGE_SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_holidayyear_revision")]

    operations = [migrations.RunPython(load, unload)]
