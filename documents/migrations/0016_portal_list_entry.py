"""The portal's list entries (``PortalListEntry``, issue 14 part 6), filled from the pages.

The rows are worked out by the service that keeps them (the same rules as every later
change); it reads only the page tree, the view restrictions and the releases.
"""

import django.db.models.deletion
from django.db import migrations, models


def _fill(apps, schema_editor):
    DocumentRelease = apps.get_model("documents", "DocumentRelease")
    if not DocumentRelease.objects.exists():
        return
    from documents.services.portal_lists import list_entries_rebuild

    list_entries_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0015_search_entry_text"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PortalListEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="wagtailcore.page",
                        verbose_name="page",
                    ),
                ),
                ("rank", models.PositiveSmallIntegerField(verbose_name="rank")),
                ("code", models.CharField(max_length=40, verbose_name="document code")),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                (
                    "number",
                    models.PositiveSmallIntegerField(verbose_name="release number"),
                ),
                ("effective_date", models.DateField(verbose_name="effective date")),
                (
                    "index",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.page",
                        verbose_name="index",
                    ),
                ),
            ],
            options={
                "verbose_name": "portal list entry",
                "verbose_name_plural": "portal list entries",
            },
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop, elidable=True),
    ]
