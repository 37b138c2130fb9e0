"""No state change bypasses history (AT-02, ISO 9001:2015 7.5.3.2 c).

``QuerySet.update()``, ``bulk_create``/``bulk_update``, ``QuerySet.delete()`` and raw SQL skip
django-simple-history's signals. This test reads the source of every app and fails on such a
call that is not listed below with the reason it is safe, so a new bypass is caught in review
rather than found by an auditor. Behavioural tests of the services that write history in bulk
sit beside their services (tests/audits, tests/documents, tests/training).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "qms",
    "documents",
    "training",
    "audits",
    "feedback",
    "planning",
    "dossiers",
    "performance",
    "review",
    "conformity",
    "api",
]
QUERYSET_METHODS = {
    "filter",
    "exclude",
    "all",
    "select_for_update",
    "order_by",
    "objects",
}
ALWAYS = {"bulk_create", "bulk_update", "raw", "execute", "_raw_delete"}
ON_QUERYSETS = {"update", "delete"}

# (file, enclosing function, method) → why it leaves the audit trail intact.
ALLOWED = {
    (
        "qms/services.py",
        "agency_collection_ensure",
        "update",
    ): "links an agency to its file collection once: a system link, not a person's edit",
    (
        "qms/lib/notify.py",
        "_sender",
        "update",
    ): "when a notification was e-mailed: a delivery fact; notifications keep no history",
    (
        "qms/lib/notify.py",
        "send_email",
        "update",
    ): "when a notification was e-mailed, as above",
    (
        "qms/services.py",
        "notifications_mark_all_read",
        "update",
    ): "one's own notifications read: a reading fact; notifications keep no history",
    (
        "audits/services/nonconformities.py",
        "_next_code",
        "bulk_create",
    ): "the SKPH code counter is not a record",
    (
        "documents/services/jobs.py",
        "_set_status",
        "update",
    ): "PDF job status of a release: operational columns the release triggers allow",
    (
        "documents/services/jobs.py",
        "release_jobs_sweep",
        "update",
    ): "PDF job status of a release, as above",
    (
        "documents/services/releases.py",
        "release_publish",
        "update",
    ): "attaches the signatures to their release once (release_id from NULL, AT-03)",
    (
        "documents/services/releases.py",
        "_schedule_review",
        "update",
    ): "a page's review date: pages keep Wagtail logs, the publish log entry carries it",
    (
        "documents/services/lifecycle.py",
        "document_review",
        "update",
    ): "a page's review date: the review row and its log entry carry it",
    (
        "documents/services/search.py",
        "remove_page",
        "delete",
    ): "search index rows are derived data",
    (
        "documents/services/search.py",
        "rebuild",
        "delete",
    ): "search index rows are derived data",
    (
        "documents/services/search.py",
        "rebuild",
        "bulk_create",
    ): "search index rows are derived data",
    (
        "documents/services/portal_lists.py",
        "_rewrite",
        "delete",
    ): "the portal's list entries are derived data",
    (
        "documents/services/portal_lists.py",
        "_rewrite",
        "bulk_create",
    ): "the portal's list entries are derived data",
    (
        "documents/services/search.py",
        "_ranked_ids_postgresql",
        "execute",
    ): "a read-only full-text query",
    (
        "training/services/assignments.py",
        "_write_history",
        "execute",
    ): "writes the history rows of the set-based fan-out itself",
    (
        "training/services/assignments.py",
        "_close",
        "update",
    ): "followed by _write_history for the same rows",
    (
        "training/services/assignments.py",
        "_create",
        "execute",
    ): "followed by _write_history for the same rows",
    (
        "qms/lib/digest.py",
        "_send_chunk",
        "bulk_create",
    ): "the in-app twins of a chunk of reminder digests; notifications keep no history",
    (
        "qms/lib/digest.py",
        "_record",
        "bulk_create",
    ): "which reminders were sent (notice rows without history), once per item",
    (
        "qms/lib/digest.py",
        "_deliver",
        "update",
    ): "when the digests were e-mailed: a delivery fact; notifications keep no history",
    (
        "dossiers/services.py",
        "_progress",
        "update",
    ): "rows done of an import: a progress counter excluded from the batch's history",
    (
        "dossiers/bulk.py",
        "_copy_create",
        "execute",
    ): "draws ids for COPY of 100,000 statistics rows; the same COPY writes their history rows",
    # The portal's busiest reads, written once as SQL (issue 14 part 6): SELECTs only.
    (
        "qms/lib/sql.py",
        "_fetch_together",
        "execute",
    ): "read-only SELECTs (a page's Reads)",
    ("qms/selectors.py", "portal_agencies", "execute"): "a read-only SELECT",
    ("documents/selectors.py", "_list_rows", "execute"): "a read-only SELECT",
}


def _receiver_is_queryset(node: ast.expr) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in QUERYSET_METHODS or _receiver_is_queryset(
            node.func.value
        )
    if isinstance(node, ast.Attribute):
        return node.attr in QUERYSET_METHODS or node.attr.endswith("_set")
    if isinstance(node, ast.Name):
        return "queryset" in node.id
    return False


def _writes(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if not (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            ):
                continue
            method = node.func.attr
            if method in ALWAYS or (
                method in ON_QUERYSETS and _receiver_is_queryset(node.func.value)
            ):
                yield func.name, method, node.lineno


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            # Migrations and the demo seed write data before any user exists.
            if "/migrations/" in relative or "demo" in path.name:
                continue
            yield relative, path


def test_no_bulk_or_raw_write_bypasses_history():
    found = set()
    unexplained = []
    for relative, path in _sources():
        for function, method, line in _writes(path):
            found.add((relative, function, method))
            if (relative, function, method) not in ALLOWED:
                unexplained.append(f"{relative}:{line} {function}() .{method}(")
    assert unexplained == [], (
        "Write through a service that saves with history (or simple_history.utils "
        "bulk_*_with_history), or add the call to ALLOWED with the reason: "
        f"{unexplained}"
    )
    stale = set(ALLOWED) - found
    assert stale == set(), f"ALLOWED lists calls that no longer exist: {stale}"
