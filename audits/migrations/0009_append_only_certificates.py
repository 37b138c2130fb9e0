"""On PostgreSQL, this app's history tables refuse UPDATE and DELETE (AT-02, AT-03),
including those created since its last such migration.

Uses the trigger function of qms 0005 (idempotent: it replaces the trigger of a table
that already has it); SQLite: no-op.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SELECT qms_protect_history('audits')", params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SELECT qms_unprotect_history('audits')", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0008_auditor_certificates"),
        ("qms", "0005_append_only_history"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
