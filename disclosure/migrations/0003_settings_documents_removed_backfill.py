"""Items whose released documents the retention schedule already disposed of (their
published documents have no file left) get the day it happened: the requester's
disposed_at, as a UK date. Data only; reversing leaves the column empty again."""

from zoneinfo import ZoneInfo

from django.db import migrations

UK = ZoneInfo("Europe/London")


def backfill(apps, schema_editor):
    PublishedItem = apps.get_model("disclosure", "PublishedItem")
    items = (
        PublishedItem.objects.filter(
            documents_removed_on__isnull=True,
            documents__isnull=False,
            request__requester__disposed_at__isnull=False,
        )
        .exclude(documents__document__isnull=False)
        .select_related("request__requester")
        .distinct()
    )
    for item in items.iterator():
        disposed_at = item.request.requester.disposed_at
        item.documents_removed_on = disposed_at.astimezone(UK).date()
        item.save(update_fields=["documents_removed_on"])


def clear(apps, schema_editor):
    PublishedItem = apps.get_model("disclosure", "PublishedItem")
    PublishedItem.objects.update(documents_removed_on=None)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0002_settings_documents_removed_on"),
    ]

    operations = [migrations.RunPython(backfill, clear)]
