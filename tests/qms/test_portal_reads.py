"""The portal's hand-written reads give what Wagtail and the ORM would (issue 14 part 6).

The busiest public pages read their page, lists and URLs through statements written once
(qms.lib.sql, qms.lib.page_urls) instead of composing them per request; these tests hold
them to the ORM's and Wagtail's own answers.
"""

from __future__ import annotations

from html import escape

import pytest
from django.db.models import Model
from django.test import RequestFactory
from wagtail.models import Page, Site

from qms.lib.page_urls import PageUrls
from qms.lib.sql import fetch_with_related
from qms.models import AgencyPage, ReceivingUnitPage
from tests.qms.test_portal import _agency_with_unit, _publish, home  # noqa: F401 - fixture


def _fields(instance: Model) -> dict:
    return {
        f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
    }


@pytest.mark.django_db
def test_fetch_with_related_builds_what_select_related_builds(
    home,  # noqa: F811
    django_assert_num_queries,
):
    agency = _agency_with_unit(home, "UBND phường Hiến Nam", address="12 Điện Biên")
    page = agency.page
    unit_page = ReceivingUnitPage.objects.get(unit__agency=agency)

    with django_assert_num_queries(1):
        fetched = fetch_with_related(AgencyPage, page.pk, ("agency",))
        assert fetched.agency.address == "12 Điện Biên"  # no second query
    expected = AgencyPage.objects.select_related("agency").get(pk=page.pk)
    assert type(fetched) is AgencyPage
    assert _fields(fetched) == _fields(expected)
    assert _fields(fetched.agency) == _fields(expected.agency)
    assert not fetched._state.adding and fetched._state.db == "default"

    with django_assert_num_queries(1):
        unit = fetch_with_related(ReceivingUnitPage, unit_page.pk, ("unit__agency",))
        assert unit.unit.agency.name == "UBND phường Hiến Nam"
    assert _fields(unit.unit) == _fields(unit_page.unit)

    assert fetch_with_related(AgencyPage, 10**9, ("agency",)) is None


@pytest.mark.django_db
def test_a_released_procedure_is_served_with_its_agency_in_one_query(
    seeded, django_assert_num_queries
):
    """A document page (StreamField body, rich text, dates) read by the written-out
    statement equals the ORM's instance, and its agency comes with it."""
    from documents.models import ProcedurePage

    page = ProcedurePage.objects.live().select_related("agency").first()
    assert page is not None, "the demo has released procedures"
    with django_assert_num_queries(1):
        fetched = fetch_with_related(ProcedurePage, page.pk, ("agency",))
        assert fetched.agency.name == page.agency.name
    assert _fields(fetched) == _fields(page)
    assert list(fetched.body.raw_data) == list(page.body.raw_data)


@pytest.mark.django_db
def test_agency_page_is_served_with_its_agency_in_one_query(client, home):  # noqa: F811
    """The page's own query joins its agency: the template's agency facts cost nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agency = _agency_with_unit(home, "UBND xã Tân Hưng", address="Thôn Đông")
    client.get(agency.page.url)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(agency.page.url).content.decode()
    assert "Thôn Đông" in html
    assert not [q for q in captured if 'FROM "qms_agency"' in q["sql"]]


@pytest.mark.django_db
def test_page_urls_are_the_urls_wagtail_gives(home):  # noqa: F811
    agency = _agency_with_unit(home, "UBND phường Lam Sơn")
    unit_page = ReceivingUnitPage.objects.get(unit__agency=agency)
    pages = [agency.page, unit_page]
    request = RequestFactory().get("/", SERVER_NAME="localhost")

    urls = PageUrls.of(request)
    assert PageUrls.of(request) is urls  # one per request
    for page in pages:
        assert urls(page.url_path) == page.get_url(request)

    # A second site rooted at the agency: a page under it gets its absolute URL when
    # listed on the first site, as Wagtail gives it.
    other = Site.objects.create(hostname="phuong.example.vn", root_page=agency.page)
    request = RequestFactory().get("/", SERVER_NAME="localhost")
    urls = PageUrls.of(request)
    for page in pages:
        assert urls(page.url_path) == Page.objects.get(pk=page.pk).get_url(request)
    request = RequestFactory().get("/", SERVER_NAME=other.hostname)
    urls = PageUrls.of(request)
    for page in pages:
        assert urls(page.url_path) == Page.objects.get(pk=page.pk).get_url(request)
    assert urls("") == "" and urls(None) == ""


def _sub_agency(parent, name, slug):
    from tests.factories import AgencyFactory

    agency = AgencyFactory(name=name, parent=parent)
    _publish(parent.page, AgencyPage(title="Trạm Y tế", slug=slug, agency=agency))
    return agency


@pytest.mark.django_db
def test_unpublished_sub_agency_is_not_listed(client, home):  # noqa: F811
    from tests.factories import AgencyFactory

    ward = _agency_with_unit(home, "UBND phường Quang Trung")
    hidden = AgencyFactory(name="Trạm Y tế chưa đăng", parent=ward)
    page = AgencyPage(title=hidden.name, slug="tram-y-te-an", agency=hidden, live=False)
    ward.page.add_child(instance=page)  # a draft: never published
    html = client.get(ward.page.url).content.decode()
    assert "Trạm Y tế chưa đăng" not in html
    _sub_agency(ward, "Trạm Y tế đã đăng", "tram-y-te")
    html = client.get(ward.page.url).content.decode()
    assert "Trạm Y tế đã đăng" in html and "Trạm Y tế chưa đăng" not in html


@pytest.mark.django_db
def test_breadcrumb_trail_is_the_ancestors_wagtail_gives(
    seeded, client, django_assert_num_queries
):
    """A procedure five levels deep: its trail is ``get_ancestors`` below the root, linked
    by the URLs ``{% pageurl %}`` gives, read in one query; a page under the home has one."""
    from documents.models import ProcedurePage
    from qms.selectors import breadcrumb_links

    page = ProcedurePage.objects.live().order_by("depth", "pk").last()
    assert page is not None and page.depth >= 5
    request = RequestFactory().get("/", SERVER_NAME="localhost")
    expected = [
        (ancestor.title, ancestor.get_url(request))
        for ancestor in page.get_ancestors()[1:]
    ]
    with django_assert_num_queries(1):
        trail = breadcrumb_links(page, request)
    assert [(link.name, link.url) for link in trail] == expected
    assert len(trail) == page.depth - 2

    agency_page = page.get_ancestors()[2]
    assert [link.name for link in breadcrumb_links(agency_page, request)] == [
        page.get_ancestors()[1].title
    ]
    assert breadcrumb_links(page.get_ancestors()[1], request) == []

    html = client.get(page.url).content.decode()
    nav = html[
        html.index('class="breadcrumbs') : html.index(
            "</nav>", html.index('class="breadcrumbs')
        )
    ]
    for title, url in expected:
        assert f'<li><a href="{url}">{escape(title)}</a></li>' in nav
    assert f'<li aria-current="page">{escape(page.title)}</li>' in nav


@pytest.mark.django_db
def test_read_together_builds_each_read_once_every_statement_answered(
    django_assert_num_queries,
):
    """In order, None for None; a build runs after every statement has answered, so it may
    query again (the lists' fallback past the last page does)."""
    from qms.lib.sql import Read, read_together

    log: list[str] = []

    def first(rows):
        log.append("first")
        [nested] = read_together([Read("SELECT %s", [7], lambda rows: rows[0][0])])
        return (rows[0][0], nested)

    reads = [
        Read("SELECT %s", [1], first),
        None,
        Read(
            "SELECT %s UNION ALL SELECT %s",
            [2, 3],
            lambda rows: log.append("second") or rows,
        ),
        Read("SELECT %s", ["x"], lambda rows: rows[0][0]).then(str.upper),
    ]
    with django_assert_num_queries(4):
        found = read_together(reads)
    assert found == [(1, 7), None, [(2,), (3,)], "X"]
    assert log == ["first", "second"]
    assert read_together([None]) == [None] and read_together([]) == []


@pytest.mark.django_db
def test_a_failed_read_raises_django_s_error_and_leaves_the_connection_usable():
    from django.db import DatabaseError, connection, transaction

    from qms.lib.sql import Read, read_together

    reads = [
        Read("SELECT %s", [1], list),
        Read("SELECT * FROM no_such_table", [], list),
        Read("SELECT %s", [2], list),
    ]
    with pytest.raises(DatabaseError), transaction.atomic():
        read_together(reads)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert read_together([reads[0], reads[2]]) == [[(1,)], [(2,)]]


def _statements_in_pipelines(client, url):
    """The statements a GET of ``url`` ran, split by whether they were sent in a psycopg
    pipeline (one round trip for them all) or alone; and how many pipelines."""
    from django.db import connection

    together: list[str] = []
    alone: list[str] = []

    def spy(execute, sql, params, many, context):
        raw = connection.connection
        piped = getattr(raw, "_pipeline", None) is not None
        (together if piped else alone).append(sql)
        return execute(sql, params, many, context)

    client.get(url)  # warm the per-process caches
    with connection.execute_wrapper(spy):
        response = client.get(url)
    assert response.status_code == 200
    return together, alone


def _check_sent_together(client, url, own):
    from django.db import connection

    together, alone = _statements_in_pipelines(client, url)
    sent = together if connection.vendor == "postgresql" else alone
    assert all(any(part in s for s in sent) for part in own), sent
    if connection.vendor == "postgresql":
        assert len(together) == len(own)
        assert not [s for s in alone for part in own if part in s]
    else:
        assert together == []


@pytest.mark.django_db
def test_an_agency_page_sends_its_own_reads_in_one_round_trip(client, home):  # noqa: F811
    """Its row with its agency, its lists, breadcrumb trail, ISO announcement and documents
    in force: on PostgreSQL in one pipeline as the page is routed, elsewhere one after the
    other; the same statements either way."""
    agency = _agency_with_unit(home, "UBND phường Minh Khai")
    own = [
        '"qms_agencypage" t0',  # the page with its agency
        "qms_receivingunit u",  # units and lineage
        "FROM wagtailcore_page WHERE path IN",  # breadcrumb trail
        "conformity_announcement",
        "documents_portallistentry",
    ]
    _check_sent_together(client, agency.page.url, own)


@pytest.mark.django_db
def test_a_document_page_sends_its_own_reads_in_one_round_trip(seeded, client):
    """A procedure: its row with its agency, its record and its breadcrumb trail; the
    index above it: its row, its list and its trail."""
    from documents.models import ProcedurePage

    page = ProcedurePage.objects.live().order_by("pk").first()
    assert page is not None
    own = [
        '"documents_procedurepage" t0',
        "documents_documentrelease",
        "FROM wagtailcore_page WHERE path IN",
    ]
    _check_sent_together(client, page.url, own)
    index = page.get_parent()
    own = [
        '"documents_documentindexpage" t0',
        "documents_portallistentry",
        "FROM wagtailcore_page WHERE path IN",
    ]
    _check_sent_together(client, index.url, own)


@pytest.mark.django_db
def test_a_page_served_without_routing_reads_the_same_context(client, home):  # noqa: F811
    """Rendered another way than through routing (a preview, a direct ``serve``), a page
    reads its own statements in ``get_context``: the same page, once per rendering."""
    from django.contrib.auth.models import AnonymousUser

    agency = _agency_with_unit(home, "UBND phường Hiến Nam")
    _sub_agency(agency, "Trạm Y tế Hiến Nam", "tram")
    routed = client.get(agency.page.url).content.decode()
    request = RequestFactory().get(agency.page.url, SERVER_NAME="localhost")
    request.user = AnonymousUser()
    page = AgencyPage.objects.get(pk=agency.page.pk)
    assert page.served_reads is None
    direct = page.serve(request).render().content.decode()
    assert direct == routed
    assert (
        "Trạm Y tế Hiến Nam" in direct
        and "Trung tâm PVHCC UBND phường Hiến Nam" in direct
    )
    assert page.served_reads is None
