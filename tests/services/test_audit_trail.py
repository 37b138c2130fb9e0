"""PostgreSQL refuses UPDATE and DELETE of history, releases and signatures (AT-02, AT-03, AT-06).

ISO 9001:2015 7.5.3.2(c): the record of what changed, and of what was approved and released, is
protected from alteration by anyone, raw SQL included; the application's own flows still work.
"""

# The shared fixtures are imported by name, so every test that uses them redefines them.
# ruff: noqa: F811

import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from documents.models import DocumentRelease, ElectronicSignature
from documents.services.releases import release_withdraw
from qms import services
from qms.models import Agency
from tests.documents.conftest import approve, draft, tree  # noqa: F401 - shared fixtures
from tests.services.test_documents_stack import wagtail_root  # noqa: F401 - autouse

ROOT = Path(__file__).resolve().parents[2]
# Every app of this project (not Django's, Wagtail's or a library's): a new app's history
# tables are checked without anyone remembering to add it here.
PROJECT_APPS = tuple(
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).resolve().parent == ROOT
)


def _refused(sql, params, match):
    with (
        pytest.raises(IntegrityError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_every_history_table_carries_the_append_only_trigger(require_services):
    """A history table added later without the trigger fails here (AT-03)."""
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, bool_or(t.tgname = 'qms_append_only') FROM pg_class c "
            "LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal "
            "WHERE c.relkind = 'r' AND c.relname ~ %s GROUP BY c.relname",
            [f"^({'|'.join(PROJECT_APPS)})_historical"],
        )
        tables = dict(cursor.fetchall())
    assert len(tables) >= 40
    assert {"review", "conformity", "reporting", "inspections"} <= set(PROJECT_APPS)
    assert [name for name, ok in tables.items() if not ok] == []


@pytest.mark.django_db
def test_history_rows_refuse_raw_update_and_delete(require_services):
    """AT-02/AT-03: GIVEN an agency saved through its service WHEN raw SQL rewrites or deletes
    its history THEN PostgreSQL refuses; the service can still append new rows."""
    agency = services.agency_save(
        agency=Agency(name="Sở Thử", kind="so", valid_from=dt.date(2025, 7, 1)),
        reason="Lập",
    )
    record = agency.history.get()
    assert timezone.is_aware(record.history_date)  # AT-06 on PostgreSQL too
    _refused(
        "UPDATE qms_historicalagency SET name = 'Khác' WHERE history_id = %s",
        [record.history_id],
        "append-only",
    )
    _refused(
        "DELETE FROM qms_historicalagency WHERE history_id = %s",
        [record.history_id],
        "append-only",
    )
    agency.address = "Số 1"
    services.agency_save(agency=agency, reason="Đổi địa chỉ")
    assert agency.history.count() == 2


@pytest.mark.django_db
def test_triggers_do_not_block_schema_changes(require_services):
    """Later migrations can still alter the protected tables (DDL fires no row trigger)."""
    services.agency_save(
        agency=Agency(name="Sở Thử", kind="so", valid_from=dt.date(2025, 7, 1)),
        reason="Lập",
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # The test's own inserts leave deferred foreign-key checks pending in this
        # transaction, which ALTER TABLE refuses whatever the triggers; run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in ("qms_historicalagency", "documents_documentrelease"):
            cursor.execute(f"ALTER TABLE {table} ADD COLUMN qms_probe text DEFAULT 'x'")
            cursor.execute(
                f"ALTER TABLE {table} ALTER COLUMN qms_probe TYPE varchar(5)"
            )
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN qms_probe")
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_release_refuses_delete_and_changes_to_what_was_released(
    require_services, tree, draft
):
    """AT-03: the released columns are frozen, supersession and withdrawal are set once;
    the PDF job columns stay writable for the worker."""
    approve(draft, tree)
    release = DocumentRelease.objects.get(page=draft)
    for sql in (
        "UPDATE documents_documentrelease SET content_hash = 'x' WHERE id = %s",
        "UPDATE documents_documentrelease SET effective_date = effective_date - 1 "
        "WHERE id = %s",
        "UPDATE documents_documentrelease SET verify_token = 'forged' WHERE id = %s",
        "UPDATE documents_documentrelease SET amendment_summary = '' WHERE id = %s",
    ):
        _refused(sql, [release.pk], "frozen")
    _refused(
        "DELETE FROM documents_documentrelease WHERE id = %s", [release.pk], "append"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRelease.objects.filter(pk=release.pk).update(title="Khác")
    # Operational columns: the PDF job may move on; a full save of unchanged values passes.
    DocumentRelease.objects.filter(pk=release.pk).update(
        pdf_status="failed", pdf_error="thử", pdf_attempts=2
    )
    release.refresh_from_db()
    release.save()
    # Withdrawal is set once, through the service; un-withdrawing is refused.
    release_withdraw(page=draft, user=tree["head"], reason="Bãi bỏ TTHC.")
    _refused(
        "UPDATE documents_documentrelease SET withdrawn_at = NULL WHERE id = %s",
        [release.pk],
        "frozen",
    )
    assert DocumentRelease.objects.get(pk=release.pk).withdrawn_at is not None


@pytest.mark.django_db
def test_a_signature_refuses_every_change_but_joining_its_release(
    require_services, tree, draft
):
    approve(draft, tree)
    signature = ElectronicSignature.objects.filter(page=draft).first()
    assert signature.release_id is not None  # attached by the publish: NULL → release
    for sql in (
        "UPDATE documents_electronicsignature SET signed_at = signed_at - interval '1 day' "
        "WHERE id = %s",
        "UPDATE documents_electronicsignature SET release_id = NULL WHERE id = %s",
        "UPDATE documents_electronicsignature SET printed_name = 'Người khác' WHERE id = %s",
    ):
        _refused(sql, [signature.pk], "never changes")
    _refused(
        "DELETE FROM documents_electronicsignature WHERE id = %s",
        [signature.pk],
        "append-only",
    )


@pytest.mark.django_db
def test_a_releases_frozen_forms_refuse_every_change(require_services, tree, draft):
    """Issue 13 part 2: the forms frozen with a release are append-only like the release."""
    from django.core.files.base import ContentFile

    from documents.models import ProcedureForm, QmsDocument, ReleaseForm
    from tests.documents import pdf_fixtures

    collection = services.agency_collection_ensure(agency=tree["agency"])
    document = QmsDocument(title="Tờ khai", collection=collection)
    document.file.save("to-khai.pdf", ContentFile(pdf_fixtures.clean_pdf()), save=False)
    document.save()
    ProcedureForm.objects.create(
        page=draft, code="BM-01", name="Tờ khai", file=document
    )
    draft.save_revision(user=tree["officer"])
    approve(draft, tree)
    frozen = ReleaseForm.objects.get(release__page=draft)
    for sql in (
        "UPDATE documents_releaseform SET name = 'Khác' WHERE id = %s",
        "UPDATE documents_releaseform SET file = 'documents/khac.pdf' WHERE id = %s",
        "UPDATE documents_releaseform SET sha256 = 'x' WHERE id = %s",
        "DELETE FROM documents_releaseform WHERE id = %s",
    ):
        _refused(sql, [frozen.pk], "append-only")
    assert ReleaseForm.objects.get(pk=frozen.pk).name == "Tờ khai"
