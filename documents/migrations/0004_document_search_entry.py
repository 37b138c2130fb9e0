"""The public search table (``DocumentSearchEntry``) and, on PostgreSQL, its tsvector.

On PostgreSQL the table gets two stored generated tsvector columns (``simple``
configuration: no stemming, the text is already ASCII; positions stripped, nothing ranks on
them): ``heading_vector`` (code and title, kept inline) and ``vector`` (everything, moved out
of line by ``toast_tuple_target``), each with a GIN index, plus the two btree orders the
search walks: shortest matching title first, then body-only matches by code.
The last step fills the table from the pages already live (nothing on a fresh database).
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "documents_documentsearchentry"


def _add_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in (
        f"ALTER TABLE {TABLE} ADD COLUMN heading_vector tsvector GENERATED ALWAYS AS "
        "(strip(to_tsvector('simple'::regconfig, heading))) STORED",
        f"ALTER TABLE {TABLE} ADD COLUMN vector tsvector GENERATED ALWAYS AS "
        "(strip(to_tsvector('simple'::regconfig, heading || ' ' || body))) STORED",
        f"ALTER TABLE {TABLE} ALTER COLUMN heading SET STORAGE PLAIN, "
        "ALTER COLUMN heading_vector SET STORAGE PLAIN",
        f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
        f"CREATE INDEX {TABLE}_heading_gin ON {TABLE} USING gin (heading_vector)",
        f"CREATE INDEX {TABLE}_vector_gin ON {TABLE} USING gin (vector)",
        f"CREATE INDEX {TABLE}_heading_order ON {TABLE} "
        "((length(heading)), code, page_id)",
        f"CREATE INDEX {TABLE}_code_order ON {TABLE} (code, page_id)",
    ):
        schema_editor.execute(sql)


def _drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector, "
        "DROP COLUMN IF EXISTS heading_vector"
    )


def _rebuild(apps, schema_editor):
    # The page models' body_text() is code, not schema: use the service on the real models,
    # and only when there is something to index.
    Page = apps.get_model("wagtailcore", "Page")
    if not Page.objects.filter(live=True, content_type__app_label="documents").exists():
        return
    from documents.services.search import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_search_indexes"),
        ("qms", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentSearchEntry",
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
                ("kind", models.CharField(max_length=40, verbose_name="kind")),
                ("code", models.CharField(max_length=40, verbose_name="document code")),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                ("heading", models.TextField(verbose_name="folded code and title")),
                ("body", models.TextField(blank=True, verbose_name="folded text")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="qms.agency",
                        verbose_name="agency",
                    ),
                ),
            ],
            options={
                "verbose_name": "document search entry",
                "verbose_name_plural": "document search entries",
            },
        ),
        migrations.RunPython(_add_vector, _drop_vector),
        migrations.RunPython(_rebuild, migrations.RunPython.noop),
    ]
