"""Job state of a release: when its PDF status changed, render attempts, announcement done."""

from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    # Releases published before this migration were announced by the old in-request signal;
    # without a date the sweeper would fan every historical release out again.
    release = apps.get_model("documents", "DocumentRelease")
    release.objects.update(
        announced_at=F("published_at"), pdf_status_at=F("published_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_document_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="documentrelease",
            name="announced_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="announced at"
            ),
        ),
        migrations.AddField(
            model_name="documentrelease",
            name="pdf_attempts",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="PDF attempts"
            ),
        ),
        migrations.AddField(
            model_name="documentrelease",
            name="pdf_status_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="PDF status since"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
