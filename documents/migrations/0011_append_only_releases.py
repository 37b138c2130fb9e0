"""On PostgreSQL, releases, signatures and history refuse what would rewrite the record (AT-03).

ISO 9001:2015 7.5.3.2(c): what was approved and released is protected from unintended change.
- ``documents_historical*``: no UPDATE, no DELETE (qms 0003's function).
- ``documents_documentrelease``: no DELETE; an UPDATE may change only the operational columns
  (the PDF and its job status, the announcement) and set the supersession and withdrawal
  columns once, from empty. Every other column, including any added later, is frozen.
- ``documents_electronicsignature``: no DELETE; the only UPDATE sets ``release_id`` from NULL
  (the signatures of a revision are attached to the release it becomes).
Triggers do not fire on DDL: later migrations add or alter columns freely; one that must
rewrite frozen values disables the trigger for its own transaction (table owner only).
SQLite: nothing to do.
"""

from django.db import migrations

GUARDS = r"""
CREATE OR REPLACE FUNCTION documents_release_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    operational text[] := ARRAY[
        'pdf', 'pdf_sha256', 'pdf_status', 'pdf_error', 'pdf_status_at', 'pdf_attempts',
        'announced_at', 'superseded_by_id', 'superseded_at', 'withdrawn_at',
        'withdrawn_by_id', 'withdrawal_reason'
    ];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'qms: DELETE on % refused: releases are append-only (ISO 9001 7.5.3)',
            TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (to_jsonb(NEW) - operational) IS DISTINCT FROM (to_jsonb(OLD) - operational)
        OR (OLD.superseded_at IS NOT NULL
            AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at)
        OR (OLD.superseded_by_id IS NOT NULL
            AND NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id)
        OR (OLD.withdrawn_at IS NOT NULL AND (
            NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at
            OR NEW.withdrawn_by_id IS DISTINCT FROM OLD.withdrawn_by_id
            OR NEW.withdrawal_reason IS DISTINCT FROM OLD.withdrawal_reason))
    THEN
        RAISE EXCEPTION 'qms: UPDATE of release % refused: its released columns are frozen',
            OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION documents_signature_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'qms: DELETE on % refused: signatures are append-only',
            TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (to_jsonb(NEW) - 'release_id') IS DISTINCT FROM (to_jsonb(OLD) - 'release_id')
        OR (OLD.release_id IS NOT NULL AND NEW.release_id IS DISTINCT FROM OLD.release_id)
    THEN
        RAISE EXCEPTION 'qms: UPDATE of signature % refused: a signature never changes',
            OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS documents_release_guard ON documents_documentrelease;
CREATE TRIGGER documents_release_guard BEFORE UPDATE OR DELETE ON documents_documentrelease
    FOR EACH ROW EXECUTE FUNCTION documents_release_guard();
DROP TRIGGER IF EXISTS documents_signature_guard ON documents_electronicsignature;
CREATE TRIGGER documents_signature_guard BEFORE UPDATE OR DELETE
    ON documents_electronicsignature
    FOR EACH ROW EXECUTE FUNCTION documents_signature_guard();
SELECT qms_protect_history('documents');
"""

DROP_GUARDS = """
SELECT qms_unprotect_history('documents');
DROP TRIGGER IF EXISTS documents_signature_guard ON documents_electronicsignature;
DROP TRIGGER IF EXISTS documents_release_guard ON documents_documentrelease;
DROP FUNCTION IF EXISTS documents_signature_guard();
DROP FUNCTION IF EXISTS documents_release_guard();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARDS, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_GUARDS, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0010_legal_document_withdraw"),
        ("qms", "0005_append_only_history"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
