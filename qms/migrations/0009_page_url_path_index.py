"""Index Wagtail's page url_path, which the portal resolves every request by (issue 14).

``HomePage.route`` finds a page five levels deep with one lookup by ``url_path`` instead of two
queries per level; Wagtail ships no index on that column, so each lookup scanned the page
table (~7,000 rows at province scale). The index belongs to Wagtail's table, so it is created
with SQL that both SQLite and PostgreSQL accept.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("qms", "0008_vietnamese_full_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS qms_page_url_path_live_idx "
            "ON wagtailcore_page (url_path, live)",
            reverse_sql="DROP INDEX IF EXISTS qms_page_url_path_live_idx",
        )
    ]
