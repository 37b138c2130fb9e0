"""The portal's hand-written reads on PostgreSQL (issue 14 part 6).

The unit suite runs them on SQLite; PostgreSQL types a UNION's NULL columns, orders and
converts values its own way, so the same checks run here against the real database.
"""

import pytest

from tests.conformity.conftest import announce, people, scope  # noqa: F401 - fixtures
from tests.documents import test_portal_list_entries as list_entries
from tests.documents import test_public_record
from tests.documents.conftest import draft, tree  # noqa: F401 - fixtures
from tests.documents.test_portal_list_entries import listed  # noqa: F401 - fixture
from tests.qms import test_portal, test_portal_reads
from tests.qms.test_portal import home  # noqa: F401 - fixture
from tests.services.test_documents_stack import wagtail_root  # noqa: F401 - autouse


@pytest.mark.django_db
def test_page_with_related_on_postgresql(
    require_services,
    home,  # noqa: F811
    django_assert_num_queries,
):
    from django.db import connection

    assert connection.vendor == "postgresql"
    test_portal_reads.test_fetch_with_related_builds_what_select_related_builds(
        home, django_assert_num_queries
    )


@pytest.mark.django_db
def test_agency_lists_on_postgresql(client, require_services, home):  # noqa: F811
    test_portal.test_agency_page_shows_its_lineage_and_sub_agencies(client, home)
    test_portal_reads.test_unpublished_sub_agency_is_not_listed(client, home)


@pytest.mark.django_db
def test_reads_sent_together_on_postgresql(
    client,
    require_services,
    home,  # noqa: F811
    django_assert_num_queries,
):
    """psycopg's pipeline: the same answers and errors; the agency page's own reads go in
    one round trip."""
    test_portal_reads.test_read_together_builds_each_read_once_every_statement_answered(
        django_assert_num_queries
    )
    test_portal_reads.test_a_failed_read_raises_django_s_error_and_leaves_the_connection_usable()
    test_portal_reads.test_an_agency_page_sends_its_own_reads_in_one_round_trip(
        client, home
    )


@pytest.mark.django_db
def test_reads_without_pipelines_on_postgresql(require_services, monkeypatch):
    """Through a libpq older than 14 (no pipeline mode) the reads go one after the other."""
    import psycopg
    from django.db import connection

    from qms.lib import sql

    monkeypatch.setattr(
        psycopg.Pipeline, "is_supported", classmethod(lambda cls: False)
    )
    sql._pipelines.cache_clear()
    piped = []

    def spy(execute, statement, params, many, context):
        piped.append(getattr(connection.connection, "_pipeline", None) is not None)
        return execute(statement, params, many, context)

    try:
        reads = [sql.Read("SELECT %s", [n], list) for n in (1, 2)]
        with connection.execute_wrapper(spy):
            assert sql.read_together(reads) == [[(1,)], [(2,)]]
        assert piped == [False, False]
    finally:
        sql._pipelines.cache_clear()


@pytest.mark.django_db
def test_document_pages_send_their_reads_together_on_postgresql(
    require_services, seeded, client
):
    test_portal_reads.test_a_document_page_sends_its_own_reads_in_one_round_trip(
        seeded, client
    )


@pytest.mark.django_db
def test_page_urls_on_postgresql(require_services, home):  # noqa: F811
    test_portal_reads.test_page_urls_are_the_urls_wagtail_gives(home)


@pytest.mark.django_db
def test_announcement_on_postgresql(require_services, own_agency, people, scope):  # noqa: F811
    import datetime as dt

    from conformity.selectors import public_announcement

    assert public_announcement(own_agency) is None
    announcement = announce(own_agency, people, scope, number="15/QĐ-STP")
    row = public_announcement(own_agency)
    assert row == {
        "pk": announcement.pk,
        "decision_number": "15/QĐ-STP",
        "decision_date": dt.date(2026, 1, 15),
        "standard": announcement.standard,
        "is_public": announcement.is_public,
    }


@pytest.mark.django_db
def test_public_record_on_postgresql(
    require_services,
    tree,  # noqa: F811
    draft,  # noqa: F811
    django_assert_num_queries,
):
    """The UNION's typed slots, its ranks and the converters, on the real database."""
    test_public_record.check_public_record(tree, draft, django_assert_num_queries)


@pytest.mark.django_db
def test_breadcrumbs_on_postgresql(
    client, require_services, seeded, django_assert_num_queries
):
    test_portal_reads.test_breadcrumb_trail_is_the_ancestors_wagtail_gives(
        seeded, client, django_assert_num_queries
    )


@pytest.mark.django_db
def test_home_lists_on_postgresql(client, require_services, home):  # noqa: F811
    test_portal.test_home_lists_agencies_and_units_in_vietnamese(client, home)
    test_portal.test_dissolved_agency_is_listed_with_its_successor(client, home)


@pytest.mark.django_db
def test_written_statements_are_prepared_and_still_counted(
    require_services,
    home,  # noqa: F811
    django_assert_num_queries,
):
    """A written statement is prepared once it has run five times on a connection and is
    then planned once for any parameters (generic plans); Django's own queries stay bound
    on the client, and every statement is still logged."""
    from django.db import connection

    from qms.lib.sql import written_cursor
    from qms.selectors import portal_agencies

    assert connection.settings_dict["OPTIONS"]["prepare_threshold"] == 5
    for _run in range(6):
        with django_assert_num_queries(1):
            portal_agencies(None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans FROM pg_prepared_statements")
        rows = cursor.fetchall()
    prepared = [statement for statement, _plans in rows]
    home = [plans for statement, plans in rows if "FROM qms_agency a" in statement]
    assert home == [1]  # the sixth run used the generic plan
    assert not any("pg_prepared_statements" in statement for statement in prepared)
    with written_cursor() as cursor:
        cursor.execute("SELECT %s + 1", [41])
        assert cursor.fetchone() == (42,)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "walk",
    [
        list_entries.test_published_documents_are_listed_by_type_and_code,
        list_entries.test_a_new_release_replaces_the_listed_one,
        list_entries.test_unpublished_and_withdrawn_documents_leave_the_lists,
        list_entries.test_view_restrictions_on_a_document_or_its_index,
        list_entries.test_an_unpublished_index_lists_nothing_on_its_agency_page,
        list_entries.test_moved_documents_and_indexes_are_listed_where_they_are,
        list_entries.test_a_rebuild_writes_the_same_entries_as_the_changes_did,
    ],
    ids=lambda walk: walk.__name__.removeprefix("test_"),
)
def test_portal_list_entries_on_postgresql(
    require_services,
    tree,  # noqa: F811
    listed,  # noqa: F811
    walk,
):
    """The list entries kept exact through each change, and the list's collation and
    paging, on the real database."""
    walk(tree, listed)
