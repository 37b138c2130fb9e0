"""On PostgreSQL, this app's history tables refuse UPDATE and DELETE (AT-02, AT-03).

Uses the trigger function of qms 0003 (see its docstring for later migrations); SQLite: no-op.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SELECT qms_protect_history('conformity')", params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SELECT qms_unprotect_history('conformity')", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("conformity", "0001_initial"),
        ("qms", "0005_append_only_history"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
