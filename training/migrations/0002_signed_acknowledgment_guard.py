"""PostgreSQL refuses UPDATE and DELETE of signed acknowledgments (test AT-03).

A signed acknowledgment is an electronic record of awareness (ISO 9001:2015 7.3, 7.5.3.2 c/d);
the application never changes one, and the database makes sure nothing else does either. Only a
documented break-glass procedure (a superuser disabling the trigger) can touch them.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION training_ack_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.signed_at IS NOT NULL THEN
        RAISE EXCEPTION 'signed acknowledgment %% is immutable', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER training_ack_guard
    BEFORE UPDATE OR DELETE ON training_acknowledgment
    FOR EACH ROW EXECUTE FUNCTION training_ack_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS training_ack_guard ON training_acknowledgment;
DROP FUNCTION IF EXISTS training_ack_guard();
"""


def _create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(_create, _drop)]
