"""Typed readers for QMS_* environment variables.

Every variable the project reads goes through these helpers, so junk values fail at
start-up with a clear message instead of surfacing later as odd behaviour.
"""

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

PREFIX = "QMS_"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    if not name.startswith(PREFIX):
        raise ImproperlyConfigured(
            f"Environment variable {name} must start with {PREFIX}"
        )
    return os.environ.get(name)


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, *, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be an integer, got {value!r}"
        ) from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker/systemd secrets)."""
    file_name = _raw(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {exc}") from None
    return env_str(name, default)


_ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
}


def parse_database_url(url: str) -> dict[str, Any]:
    """Turn ``postgres://user:pw@host:port/name?opt=v`` or ``sqlite:///path`` into a DATABASES entry."""
    parts = urlsplit(url)
    engine = _ENGINES.get(parts.scheme)
    if engine is None:
        raise ImproperlyConfigured(
            f"QMS_DATABASE_URL scheme {parts.scheme!r} is not supported (use postgres:// or sqlite:///)"
        )
    if engine.endswith("sqlite3"):
        # sqlite:///relative.db and sqlite:////absolute/path.db
        # A write transaction takes the write lock when it begins and waits up to 20 s for
        # it: SQLite refuses at once ("database is locked") a transaction that read first
        # and then writes while another one writes, e.g. a signature while an editor pings
        # its editing session, which the busy timeout does not cover.
        return {
            "ENGINE": engine,
            "NAME": unquote(parts.path[1:]) or ":memory:",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    if not parts.path.strip("/"):
        raise ImproperlyConfigured("QMS_DATABASE_URL must name a database")
    config: dict[str, Any] = {
        "ENGINE": engine,
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
    options: dict[str, Any] = dict(parse_qsl(parts.query))
    # The portal's written statements (qms.lib.sql.written_cursor) are prepared after five
    # runs on a connection, psycopg's default, and planned once for any parameters
    # (plan_cache_mode): left to choose, PostgreSQL planned them anew on every run, which
    # cost the portal's pages more than running them. Django's own queries are bound on
    # the client and never prepared, so neither setting touches them.
    # ``?prepare_threshold=off`` turns both off, for a pooler that cannot keep prepared
    # statements or refuses the startup option (PgBouncer in transaction mode).
    threshold = options.get("prepare_threshold", "5")
    options["prepare_threshold"] = None if threshold == "off" else int(threshold)
    if options["prepare_threshold"] is not None:
        generic = "-c plan_cache_mode=force_generic_plan"
        given = options.get("options")
        options["options"] = f"{given} {generic}" if given else generic
    config["OPTIONS"] = options
    return config
