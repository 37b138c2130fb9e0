"""The anonymous portal's page cache (issue 14 part 6): served while nothing changed,
never for a logged-in user, a preview or a page that set a cookie, and invalidated by
every change that shows on the portal."""

import pytest
from django.core.cache import cache

from documents.models import DocumentRelease
from documents.services.releases import release_withdraw
from qms.models import Agency
from tests.documents.conftest import approve

STATUS = "X-Portal-Cache"


@pytest.fixture
def page_cache(settings):
    settings.QMS_PORTAL_CACHE_SECONDS = 120
    cache.clear()
    yield
    cache.clear()


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response


@pytest.mark.django_db
def test_the_second_visitor_is_served_from_the_cache_without_a_query(
    client, tree, draft, page_cache, django_assert_num_queries
):
    page = approve(draft, tree)
    for url in ("/", "/pho-hien/", "/pho-hien/tai-lieu-iso/", page.url):
        first = _get(client, url)
        assert first[STATUS] == "miss", url
        with django_assert_num_queries(0):
            second = _get(client, url)
        assert second[STATUS] == "hit", url
        assert second.content == first.content
        assert "s-maxage=120" in second["Cache-Control"]
        assert "public" in second["Cache-Control"]
        # The security headers are added to a cached page as to any other.
        assert "Content-Security-Policy" in second
        assert second["Content-Language"] == "vi"


@pytest.mark.django_db
def test_languages_and_list_pages_are_kept_apart(client, tree, draft, page_cache):
    approve(draft, tree)
    vietnamese = _get(client, "/pho-hien/").content.decode()
    client.cookies["django_language"] = "en"
    english = _get(client, "/pho-hien/")
    assert english[STATUS] == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="vi">' in vietnamese
    assert _get(client, "/pho-hien/", trang=2)[STATUS] == "miss"


@pytest.mark.django_db
def test_other_query_strings_and_logged_in_users_are_never_cached(
    client, tree, draft, page_cache
):
    approve(draft, tree)
    assert STATUS not in _get(client, "/pho-hien/", x="1")
    assert STATUS not in _get(client, "/pho-hien/", x="1")
    client.force_login(tree["officer"])
    assert STATUS not in _get(client, "/pho-hien/")
    # What an officer saw is not what the next citizen is served.
    client.logout()
    assert _get(client, "/pho-hien/")[STATUS] == "miss"


@pytest.mark.django_db
def test_a_new_release_and_a_withdrawal_show_at_once(
    client, tree, draft, page_cache, django_capture_on_commit_callbacks
):
    page = approve(draft, tree)
    assert _get(client, "/pho-hien/")[STATUS] == "miss"
    assert _get(client, "/pho-hien/")[STATUS] == "hit"
    revision = page.get_latest_revision_as_object()
    revision.amendment_summary = "Sửa bước 2."
    revision.save_revision(user=tree["officer"])
    # The version changes once the change is committed (the test's transaction never is).
    with django_capture_on_commit_callbacks(execute=True):
        page = approve(page, tree)
    listing = _get(client, "/pho-hien/")
    assert listing[STATUS] == "miss"
    assert 'data-label="Lần ban hành">02</td>' in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        release_withdraw(page=page, user=tree["head"], reason="Thủ tục bị bãi bỏ.")
    listing = _get(client, "/pho-hien/")
    assert listing[STATUS] == "miss"
    assert "QT-HT-01" not in listing.content.decode()
    assert not DocumentRelease.objects.filter(
        page=page, superseded_at__isnull=True, withdrawn_at__isnull=True
    ).exists()


@pytest.mark.django_db
def test_an_agency_edit_and_a_view_restriction_show_at_once(
    client, tree, draft, page_cache, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    page = approve(draft, tree)
    _get(client, page.url)
    assert _get(client, "/pho-hien/")[STATUS] == "miss"
    agency = Agency.objects.get(pk=tree["agency"].pk)
    agency.address = "Số 1 đường Chùa Chuông"
    with django_capture_on_commit_callbacks(execute=True):
        agency.save()
    assert "Số 1 đường Chùa Chuông" in _get(client, "/pho-hien/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(page.url)
    assert response.status_code == 302  # to the login page, not the cached copy


@pytest.mark.django_db
def test_a_page_that_sets_a_cookie_is_not_stored(client, tree, page_cache, monkeypatch):
    """Whatever a template does to a visitor (a CSRF token, a session) is never shared."""
    from django.middleware.csrf import get_token

    from qms.models import HomePage

    original = HomePage.get_context

    def with_token(self, request, *args, **kwargs):
        get_token(request)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(HomePage, "get_context", with_token)
    response = _get(client, "/")
    assert response[STATUS] == "skip"
    assert _get(client, "/")[STATUS] == "skip"


PURGED: list[str] = []


class RecordingBackend:
    """A frontend-cache backend that remembers what it was asked to purge."""

    def __init__(self, params):
        self.hostnames = ["*"]

    def invalidates_hostname(self, hostname):
        return True

    def purge(self, url):
        PURGED.append(url)

    def purge_batch(self, urls):
        PURGED.extend(urls)


@pytest.mark.django_db
def test_a_proxy_in_front_is_told_to_drop_the_page_and_the_lists_above_it(
    client, tree, draft, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": f"{__name__}.RecordingBackend"}
    }
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = approve(draft, tree)
    from urllib.parse import urlsplit

    paths = {urlsplit(url).path for url in PURGED}
    assert {page.url, "/pho-hien/tai-lieu-iso/", "/pho-hien/", "/"} <= paths
