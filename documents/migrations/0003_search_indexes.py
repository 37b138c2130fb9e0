"""PostgreSQL indexes that keep public search fast on a large document base (issue 3, PF).

Wagtail's database search backend filters ``title || body`` with ``@@`` and joins each index
entry to its page through ``object_id = page_ptr_id::varchar(50)``. Without an expression index
for each, a common word ("hồ sơ", "quy trình") scans every entry and every page. Other
databases (SQLite in development) keep Wagtail's own FTS tables and need nothing here.
"""

from django.db import migrations

PAGE_TABLES = (
    "documents_procedurepage",
    "documents_internalrulepage",
    "documents_policypage",
)


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS documents_search_vector_gin "
        "ON wagtailsearch_indexentry USING gin ((title || body))"
    )
    for table in PAGE_TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_ptr_text "
            f"ON {table} (((page_ptr_id)::varchar(50)))"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS documents_search_vector_gin")
    for table in PAGE_TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_ptr_text")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(_create, _drop)]
