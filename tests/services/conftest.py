"""Services suite: real PostgreSQL and Redis (started by scripts/with-services.sh) and a worker."""

import os

import pytest
from celery.contrib.testing.worker import start_worker

from qms.celery import app as celery_app


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/services/" in str(item.fspath):
            item.add_marker(pytest.mark.services)


@pytest.fixture(scope="session")
def require_services():
    if not (os.environ.get("QMS_DATABASE_URL") and os.environ.get("QMS_REDIS_URL")):
        pytest.fail(
            "the services suite needs QMS_DATABASE_URL and QMS_REDIS_URL (run `make test-services`)"
        )


@pytest.fixture
def celery_worker(require_services, transactional_db):
    """A real Celery worker thread consuming from Redis for the duration of one test."""
    # Messages left by earlier tests (enqueued on commit, never consumed) name rows that the
    # database flush has since removed; start every test from an empty queue.
    celery_app.control.purge()
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ) as worker:
        yield worker
