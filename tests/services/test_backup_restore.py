"""Restore drill (BR-02): the demo, backed up with pg_dump and a media tarball, restores into an
empty database and a fresh media folder, and check_integrity finds zero mismatches.

The steps are the README's "Backup and restore" commands, run as subprocesses against the
services cluster, so the drill proves the documented procedure rather than an in-process copy.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
# Seeding the demo takes about two minutes on a shared runner: bound every step.
STEP_TIMEOUT_S = 600


def _pg_bin() -> Path:
    """The newest server binaries, found like scripts/with-services.sh finds them."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
    )
    if not found:
        pytest.fail("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin")
    return found[-1]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT_S,
        check=False,
    )


def _ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, (
        f"{result.args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


class Cluster:
    """The services cluster: its client arguments and one URL per database."""

    def __init__(self, url: str) -> None:
        self.parts = urlsplit(url)
        self.bin = _pg_bin()
        self.client = [
            "-h",
            self.parts.hostname or "127.0.0.1",
            "-p",
            str(self.parts.port or 5432),
            "-U",
            self.parts.username or "postgres",
        ]

    def url(self, database: str) -> str:
        return urlunsplit(self.parts._replace(path=f"/{database}"))

    def tool(self, name: str, *args: str) -> subprocess.CompletedProcess:
        return _ok(_run(str(self.bin / name), *self.client, *args))

    def row_counts(self, database: str) -> dict[str, int]:
        with psycopg.connect(self.url(database)) as conn:
            tables = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            counts = {}
            for (table,) in tables:
                row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # noqa: S608 - names from pg_tables
                counts[table] = row[0] if row else 0
            return counts


def _manage_env(cluster: Cluster, database: str, files: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "QMS_REDIS_URL"}
    # Development settings honour QMS_MEDIA_ROOT and QMS_PRIVATE_ROOT (the test settings
    # pin their own folders); without a broker the release PDFs render in-process, as in
    # `make run`.
    env.update(
        DJANGO_SETTINGS_MODULE="qms.settings.dev",
        QMS_DATABASE_URL=cluster.url(database),
        QMS_MEDIA_ROOT=str(files / "media"),
        QMS_PRIVATE_ROOT=str(files / "private"),
    )
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return _run(sys.executable, "manage.py", *args, env=env)


def test_the_demo_restores_into_an_empty_cluster_with_zero_mismatches(
    require_services, tmp_path
):
    """GIVEN the demo seeded into PostgreSQL with its media and private folders
    WHEN it is backed up (pg_dump -Fc, tar of both folders) and restored into a new, empty
         database and fresh folders, the original files being gone
    THEN migrate has nothing to do, every table has the same row count (audit trail
         included) and check_integrity reports zero problems (BR-02, ISO 9001:2015 7.5.3.1)."""
    cluster = Cluster(os.environ["QMS_DATABASE_URL"])
    suffix = uuid.uuid4().hex[:8]
    source, restored = f"qms_demo_{suffix}", f"qms_restored_{suffix}"
    source_files, restored_files = tmp_path / "files", tmp_path / "restored-files"
    dump, tarball = tmp_path / "qms.dump", tmp_path / "files.tar.gz"
    source_env = _manage_env(cluster, source, source_files)
    restored_env = _manage_env(cluster, restored, restored_files)
    cluster.tool("createdb", source)
    try:
        _ok(_manage(source_env, "migrate", "--noinput", "-v", "0"))
        _ok(_manage(source_env, "seed_demo"))
        # Backup: the database in custom format, then the media and private folders.
        cluster.tool("pg_dump", "-Fc", "-f", str(dump), source)
        assert (
            source_files / "private"
        ).is_dir()  # the demo imported a statistics file
        _ok(
            _run(
                "tar", "-C", str(source_files), "-czf", str(tarball), "media", "private"
            )
        )
        shutil.rmtree(source_files)
        # Restore into an empty database and a fresh media folder.
        cluster.tool("createdb", restored)
        cluster.tool(
            "pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump)
        )
        restored_files.mkdir()
        _ok(_run("tar", "-C", str(restored_files), "-xzf", str(tarball)))

        _ok(_manage(restored_env, "migrate", "--check"))
        assert cluster.row_counts(restored) == cluster.row_counts(source)
        result = _manage(restored_env, "check_integrity")
    finally:
        for database in (source, restored):
            _run(str(cluster.bin / "dropdb"), *cluster.client, "--if-exists", database)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Kiểm tra toàn vẹn đạt" in result.stdout
    assert "phát hiện 0 lỗi" in result.stdout
