"""Shared fixtures: a small province with two agencies and one user per role in each.

And the whole demo (``seeded``), seeded once per test process rather than once per test.
"""

import contextlib
import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction

from qms.roles import Role
from tests import sqlite_template
from tests.factories import AgencyFactory, ReceivingUnitFactory, staff_user


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's, but an in-memory SQLite database is copied from a migrated template.

    With ``--nomigrations`` or ``--reuse-db`` it is pytest-django's own (tests/sqlite_template.py).
    """
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    keepdb = django_db_keepdb and not django_db_createdb
    if not django_db_use_migrations:
        _disable_migrations()
    cached = django_db_use_migrations and not keepdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    with (
        django_db_blocker.unblock(),
        sqlite_template.migrations_cached() if cached else contextlib.nullcontext(),
    ):
        db_cfg = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=verbosity)


@pytest.fixture
def province(db):
    return AgencyFactory(name="UBND tỉnh Thử nghiệm", kind="ubnd_tinh")


@pytest.fixture
def own_agency(province):
    return AgencyFactory(name="Sở Tư pháp Thử nghiệm", parent=province)


@pytest.fixture
def other_agency(province):
    return AgencyFactory(name="UBND phường Khác", kind="ubnd_phuong", parent=province)


@pytest.fixture
def own_unit(own_agency):
    return ReceivingUnitFactory(agency=own_agency, name="Một cửa Sở Tư pháp")


@pytest.fixture
def other_unit(other_agency):
    return ReceivingUnitFactory(agency=other_agency, name="Một cửa phường Khác")


@pytest.fixture
def users(own_agency):
    """One user per role, all in ``own_agency`` (the supervisor sits there too)."""
    return {
        role: staff_user(role, own_agency, username=f"u-{role.name.lower()}")
        for role in Role
    }


class DemoDatabase:
    """The demo seeded into the test database inside a transaction that tests nest in.

    Seeding takes seconds and most tests want an empty database, so the demo stays open only
    while tests that ask for it run: a test without it rolls the demo back first (see
    ``pytest_runtest_setup``), and the next one that wants it seeds it again.
    """

    def __init__(self, blocker) -> None:
        self.blocker = blocker
        self.atomic: transaction.Atomic | None = None

    def open(self) -> None:
        if self.atomic is not None:
            return
        with self.blocker.unblock():
            atomic = transaction.atomic()
            # As Django's TestCase marks its own blocks: durable blocks may nest inside.
            atomic._from_testcase = True  # type: ignore[attr-defined]
            atomic.__enter__()
            self.atomic = atomic
            try:
                call_command("seed_demo", stdout=io.StringIO())
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        # Wagtail caches the site's root paths; the rollback fires no signal to drop them.
        for cache in caches.all():
            cache.clear()


_demo: DemoDatabase | None = None


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker):
    # Session-scoped so that it is set up before the test's own transaction (``db``).
    global _demo
    _demo = DemoDatabase(django_db_blocker)
    _demo.open()
    yield _demo
    _demo.close()
    _demo = None


@pytest.fixture
def seeded(_demo_database, db):
    """The whole demo (``seed_demo``); what a test changes in it is rolled back after it."""
    assert _demo_database.atomic is not None, "opened by pytest_runtest_setup"
    return _demo_database


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture of the test: no other test may see the demo, and one that wants it
    # after such a test gets it seeded again.
    if _demo is None:
        return
    if "seeded" in item.fixturenames:
        _demo.open()
    else:
        _demo.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # After pytest-django's ordering (plain tests, then transactional ones): the demo tests
    # first and together, so that each process seeds once, before a flush could empty the
    # database under it.
    items.sort(key=lambda item: "seeded" not in getattr(item, "fixturenames", ()))


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches.

    A rolled-back test gives its row ids back on SQLite, so the next test's page, revision
    and release can have the same ids, and a fragment cached under them (the procedure
    page's, keyed by ids and the portal version) would show the earlier test's page.
    """
    for cache in caches.all():
        cache.clear()
    yield
