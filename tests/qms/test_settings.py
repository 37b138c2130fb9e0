"""Typed env helpers and production settings (reliability test DP-01)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from qms.settings import env

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "qms.settings.production",
    "QMS_SECRET_KEY": "k" * 30 + "-production-secret-for-the-test-0123456789",
    "QMS_DATABASE_URL": "postgres://qms:pw@127.0.0.1:5432/qms",
    "QMS_ALLOWED_HOSTS": "iso.hungyen.gov.vn",
    "QMS_REDIS_URL": "redis://127.0.0.1:6379/0",
    "QMS_BASE_URL": "https://iso.hungyen.gov.vn",
}


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("QMS_FLAG", "Yes")
    assert env.env_bool("QMS_FLAG") is True
    monkeypatch.setenv("QMS_FLAG", "off")
    assert env.env_bool("QMS_FLAG", default=True) is False


def test_env_bool_rejects_junk(monkeypatch):
    monkeypatch.setenv("QMS_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="QMS_FLAG"):
        env.env_bool("QMS_FLAG")


def test_env_int_rejects_junk(monkeypatch):
    monkeypatch.setenv("QMS_PORT", "25x")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("QMS_PORT", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("QMS_HOSTS", " a.vn, b.vn ,,")
    assert env.env_list("QMS_HOSTS") == ["a.vn", "b.vn"]


def test_variables_must_carry_the_prefix():
    with pytest.raises(ImproperlyConfigured):
        env.env_str("SECRET_KEY")


def test_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    monkeypatch.setenv("QMS_SECRET_KEY_FILE", str(secret))
    assert env.env_secret("QMS_SECRET_KEY") == "from-file"


def test_database_url_parsing():
    pg = env.parse_database_url("postgres://u:p%40ss@db.local:5433/qms?sslmode=require")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "u",
        "p@ss",
        "db.local",
        "5433",
        "qms",
    )
    # The portal's written statements are prepared after five runs and planned once for
    # any parameters, unless turned off; a server option given in the URL is kept.
    generic = "-c plan_cache_mode=force_generic_plan"
    assert pg["OPTIONS"] == {
        "sslmode": "require",
        "prepare_threshold": 5,
        "options": generic,
    }
    tuned = env.parse_database_url("postgres://u@db/qms?options=-c%20work_mem%3D64MB")
    assert tuned["OPTIONS"]["options"] == f"-c work_mem=64MB {generic}"
    pooled = env.parse_database_url("postgres://u@db/qms?prepare_threshold=off")
    assert pooled["OPTIONS"] == {"prepare_threshold": None}
    sqlite = env.parse_database_url("sqlite:////tmp/x.db")
    assert sqlite["NAME"] == "/tmp/x.db"
    # Writers queue for the lock instead of failing with "database is locked".
    assert sqlite["OPTIONS"] == {"transaction_mode": "IMMEDIATE", "timeout": 20}
    with pytest.raises(ImproperlyConfigured):
        env.parse_database_url("mysql://x/y")


def _manage(*args: str, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("QMS_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **extra_env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_dp01_check_deploy_is_clean_under_production_settings():
    """DP-01: `check --deploy --fail-level WARNING` reports no issue in production."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", extra_env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "QMS_SECRET_KEY",
        "QMS_DATABASE_URL",
        "QMS_ALLOWED_HOSTS",
        "QMS_REDIS_URL",
        "QMS_BASE_URL",
    ],
)
def test_production_refuses_to_start_without_required_settings(missing):
    result = _manage(
        "check", extra_env={k: v for k, v in PROD_ENV.items() if k != missing}
    )
    assert result.returncode != 0
    assert missing in result.stderr


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8000",
        "http://localhost",
        "iso.hungyen.gov.vn",
        "https://x.vn/qms",
    ],
)
def test_production_refuses_a_base_url_printed_copies_cannot_reach(base_url):
    """Issue 14: QR codes and verify links on paper must point at the public site."""
    result = _manage("check", extra_env={**PROD_ENV, "QMS_BASE_URL": base_url})
    assert result.returncode != 0
    assert "QMS_BASE_URL must be the public address" in result.stderr


def test_seed_demo_is_refused_in_production():
    result = _manage("seed_demo", extra_env=PROD_ENV)
    assert result.returncode != 0
    assert "production" in result.stderr


def test_wsgi_without_a_settings_module_is_production_not_debug():
    """Issue 12: gunicorn started without DJANGO_SETTINGS_MODULE must not serve DEBUG pages."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("QMS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    check = "import qms.wsgi; from django.conf import settings; print(settings.DEBUG)"
    refused = subprocess.run(
        [sys.executable, "-c", check],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode != 0 and "QMS_SECRET_KEY" in refused.stderr
    configured = {
        **clean,
        **{k: v for k, v in PROD_ENV.items() if k.startswith("QMS_")},
    }
    served = subprocess.run(
        [sys.executable, "-c", check],
        cwd=ROOT,
        env=configured,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert served.returncode == 0, served.stderr
    assert served.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("seconds", "backend"),
    [("0", "DummyCache"), ("86400", "default")],
)
def test_fragment_cache_can_be_turned_off(seconds, backend):
    """QMS_FRAGMENT_CACHE_SECONDS=0: the {% cache %} tag renders without a cache round trip
    (the cold portal benchmark builds every page, issue 14 part 6)."""
    code = (
        "from django.conf import settings; "
        "print(settings.QMS_FRAGMENT_CACHE_SECONDS, "
        "settings.CACHES.get('template_fragments', {}).get('BACKEND', 'default'))"
    )
    result = _manage(
        "shell",
        "-c",
        code,
        extra_env={
            "DJANGO_SETTINGS_MODULE": "qms.settings.dev",
            "QMS_FRAGMENT_CACHE_SECONDS": seconds,
        },
    )
    assert result.returncode == 0, result.stderr
    # The last line: the dev settings may print notices before it.
    found_seconds, found_backend = result.stdout.strip().splitlines()[-1].split()
    assert found_seconds == seconds
    assert found_backend.endswith(backend)
