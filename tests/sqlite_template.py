"""Migrate an in-memory SQLite test database once, then copy it: the migrations are a fixed cost.

Applying the ~200 migrations takes 30-80 s on the 2-core machine, paid by every pytest-xdist
worker of every run. The migrated database is kept in ``artifacts/test-db/`` under a key that
changes with any migration file, the settings and any installed package version; a later run
copies it with SQLite's backup API and sends ``post_migrate``, so the roles, permissions and
collections the project creates after migrating come from the code as it stands.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from django.core import management
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "artifacts" / "test-db"


def _key() -> str:
    digest = hashlib.sha256(sys.version.encode())
    sources = sorted(ROOT.glob("*/migrations/*.py")) + sorted(
        ROOT.glob("qms/settings/*.py")
    )
    for path in sources:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    packages = sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
    )
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:16]


def _is_in_memory_sqlite(alias: str) -> bool:
    connection = connections[alias]
    # is_in_memory_db() is the SQLite backend's own.
    return connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]


def _save(alias: str, template: Path) -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    partial = template.with_suffix(f".{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    connections[alias].ensure_connection()
    connections[alias].connection.backup(target)
    target.close()
    partial.replace(template)  # xdist workers may race: each write is whole
    for old in FOLDER.glob("migrated-*.sqlite3"):
        if old != template:
            old.unlink(missing_ok=True)


def _restore(alias: str, template: Path) -> None:
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    connections[alias].ensure_connection()
    source.backup(connections[alias].connection)
    source.close()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=alias)


@contextlib.contextmanager
def migrations_cached() -> Iterator[None]:
    """Within this block, ``migrate`` of an in-memory SQLite test database uses the template."""
    migrate = management.call_command
    template = FOLDER / f"migrated-{_key()}.sqlite3"

    def call_command(name: str, *args: Any, **options: Any) -> Any:
        alias = options.get("database", "default")
        if name != "migrate" or not _is_in_memory_sqlite(alias):
            return migrate(name, *args, **options)
        if template.exists():
            _restore(alias, template)
            return None
        result = migrate(name, *args, **options)
        _save(alias, template)
        return result

    # Django's create_test_db imports call_command when it runs, so it finds this one.
    with mock.patch.object(management, "call_command", call_command):
        yield
