"""On PostgreSQL, history rows refuse UPDATE and DELETE (AT-02, AT-03; ISO 9001:2015 7.5.3.2 c).

A trigger on every ``<app>_historical*`` table refuses UPDATE or DELETE (an IntegrityError
to Django), whoever asks: the ORM, ``QuerySet.update()``, raw SQL or a shell. INSERT stays
open, so simple-history keeps appending. Triggers do not fire on DDL or TRUNCATE: later migrations
can still add, alter or drop columns. A migration that must rewrite existing history rows
(e.g. a null → not-null change that back-fills) brackets its operations with
``ALTER TABLE <t> DISABLE TRIGGER qms_append_only`` / ``ENABLE TRIGGER`` (table owner only,
inside the migration's transaction). ``qms_protect_history(app)`` is reused by each app's own
migration, so every app protects the history tables it creates. SQLite: nothing to do.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION qms_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'qms: % on % refused: audit-trail rows are append-only (ISO 9001 7.5.3)',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE OR REPLACE FUNCTION qms_protect_history(app text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    n integer := 0;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_class c
        JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE c.relkind = 'r' AND s.nspname = current_schema()
          AND c.relname LIKE app || '\_historical%'
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS qms_append_only ON %I', t.relname);
        EXECUTE format(
            'CREATE TRIGGER qms_append_only BEFORE UPDATE OR DELETE ON %I '
            'FOR EACH ROW EXECUTE FUNCTION qms_refuse_change()',
            t.relname
        );
        n := n + 1;
    END LOOP;
    RETURN n;
END;
$$;

CREATE OR REPLACE FUNCTION qms_unprotect_history(app text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_class c
        JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE c.relkind = 'r' AND s.nspname = current_schema()
          AND c.relname LIKE app || '\_historical%'
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS qms_append_only ON %I', t.relname);
    END LOOP;
END;
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS qms_unprotect_history(text);
DROP FUNCTION IF EXISTS qms_protect_history(text);
DROP FUNCTION IF EXISTS qms_refuse_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS, params=None)
    schema_editor.execute("SELECT qms_protect_history('qms')", params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SELECT qms_unprotect_history('qms')", params=None)
    schema_editor.execute(DROP_FUNCTIONS, params=None)


class Migration(migrations.Migration):
    dependencies = [("qms", "0004_input_rules")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
