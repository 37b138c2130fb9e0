"""The search table keeps the text as written and the owner unit, for result snippets.

Issue 14 part 1: a result shows where the words were found, with Vietnamese diacritics, and
the unit that owns the procedure; the national TTHC code joins the folded heading. The
rows are rebuilt from the live documents, as migration 0004 first filled them.
"""

from django.db import migrations, models


def rebuild(apps, schema_editor):
    # The page models' body_text() is code, not schema: use the service on the real models,
    # and only when there is something to index (as 0004 does).
    Page = apps.get_model("wagtailcore", "Page")
    if not Page.objects.filter(live=True, content_type__app_label="documents").exists():
        return
    from documents.services.search import rebuild as rebuild_entries

    rebuild_entries()


class Migration(migrations.Migration):
    dependencies = [("documents", "0014_release_forms")]

    operations = [
        migrations.AddField(
            model_name="documentsearchentry",
            name="text",
            field=models.TextField(blank=True, verbose_name="text"),
        ),
        migrations.AddField(
            model_name="documentsearchentry",
            name="unit_name",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="one-stop unit"
            ),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
