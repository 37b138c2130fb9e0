"""Public portal: Vietnamese by default, English on request, a constant number of queries."""

import datetime as dt

import pytest
from wagtail.models import Page, Site

from qms import services
from qms.models import AgencyPage, HomePage, ReceivingUnitPage
from tests.factories import AgencyFactory, ReceivingUnitFactory


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = _publish(
        root, HomePage(title="Cổng thông tin ISO Một cửa", slug="trang-chu")
    )
    Site.objects.update(root_page=home)
    return home


def _agency_with_unit(home, name, **agency_kwargs):
    agency = AgencyFactory(name=name, **agency_kwargs)
    page = _publish(home, AgencyPage(title=name, slug=f"a{agency.pk}", agency=agency))
    unit = ReceivingUnitFactory(
        agency=agency, name=f"Trung tâm PVHCC {name}", phone="0221 3 555 888"
    )
    _publish(page, ReceivingUnitPage(title=unit.name, slug=f"u{unit.pk}", unit=unit))
    return agency


@pytest.mark.django_db
def test_home_lists_agencies_and_units_in_vietnamese(client, home):
    _agency_with_unit(home, "UBND phường Phố Hiến", kind="ubnd_phuong")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Cơ quan và bộ phận một cửa" in html
    assert "UBND phường Phố Hiến" in html
    assert "Trung tâm PVHCC UBND phường Phố Hiến" in html
    # The province first, then its departments, then wards; units linked to their pages.
    _agency_with_unit(home, "Sở Tư pháp", kind="so")
    _agency_with_unit(home, "UBND tỉnh Hưng Yên", kind="ubnd_tinh")
    html = client.get("/").content.decode()
    order = [
        html.index(f">{name}</a></h3>") for name in ("UBND tỉnh Hưng Yên", "Sở Tư pháp")
    ]
    assert order == sorted(order) and order[-1] < html.index(
        ">UBND phường Phố Hiến</a>"
    )
    unit = ReceivingUnitPage.objects.get(title="Trung tâm PVHCC Sở Tư pháp")
    assert f'<li><a href="{unit.url}">Trung tâm PVHCC Sở Tư pháp</a></li>' in html
    # Nothing is loaded from another host (no CDN).
    assert "https://" not in html.split("<body")[0]


@pytest.mark.django_db
def test_dissolved_agency_is_listed_with_its_successor(client, home):
    ward = _agency_with_unit(home, "UBND phường Mới", kind="ubnd_phuong")
    _agency_with_unit(home, "UBND phường Phố Cũ", kind="ubnd_phuong")
    old = AgencyFactory(
        name="UBND thành phố Cũ", kind="ubnd_huyen", valid_from=dt.date(2015, 1, 1)
    )
    services.agency_dissolve(
        agency=old, last_day=dt.date(2025, 6, 30), basis="NQ 1666", successors=[ward]
    )
    html = client.get("/").content.decode()
    assert "Cơ quan đã giải thể hoặc sáp nhập" in html
    assert "UBND thành phố Cũ" in html
    assert "hoạt động đến 30/06/2025" in html
    # Its successor is linked to its live page; a unit without a live page is not linked.
    former = html[html.index("Cơ quan đã giải thể") :]
    assert f'<a href="{ward.page.url}">UBND phường Mới</a>' in former
    current = html[: html.index("Cơ quan đã giải thể")]
    assert current.index("UBND phường Mới") < current.index("UBND phường Phố Cũ")


@pytest.mark.django_db
def test_home_query_count_is_constant_in_the_number_of_agencies(
    client, home, django_assert_num_queries
):
    """PF-01 pattern: the portal home costs the same number of queries for 1 or 6 agencies."""
    _agency_with_unit(home, "Cơ quan 1")
    client.get("/")  # warm the site-root cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(2, 7):
        _agency_with_unit(home, f"Cơ quan {n}")
    with django_assert_num_queries(len(one)):
        response = client.get("/")
    assert response.content.decode().count('class="card"') == 6


@pytest.mark.django_db
def test_unit_page_shows_address_hours_and_contact(client, home):
    agency = _agency_with_unit(home, "UBND xã Tân Hưng", kind="ubnd_xa")
    url = agency.receiving_units.get().page.url
    html = client.get(url).content.decode()
    assert "Giờ làm việc" in html
    assert "Thứ Hai – Thứ Sáu" in html
    assert 'href="tel:02213555888"' in html
    assert "Đường dẫn" in html  # breadcrumb landmark label


@pytest.mark.django_db
def test_english_switch(client, home):
    _agency_with_unit(home, "Sở Tư pháp")
    html = client.get("/").content.decode()
    assert 'href="/ngon-ngu/en/?next=/"' in html
    response = client.get("/ngon-ngu/en/", {"next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Agencies and one-stop units" in html
    assert "Tiếng Việt" in html  # the way back


@pytest.mark.django_db
def test_unknown_page_gives_a_vietnamese_404(client, home):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_draft_agency_page_is_not_public(client, home):
    agency = AgencyFactory(name="Cơ quan Dự thảo")
    page = AgencyPage(
        title="Cơ quan Dự thảo", slug="du-thao", agency=agency, live=False
    )
    home.add_child(instance=page)
    assert client.get("/du-thao/").status_code == 404
    assert "Cơ quan Dự thảo" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_vietnamese(client, home):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html


@pytest.mark.django_db
def test_the_switch_never_sends_the_reader_elsewhere(client, home):
    response = client.get("/ngon-ngu/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = client.get("/ngon-ngu/xx/", {"next": "/"})
    assert "django_language" not in response.cookies


@pytest.mark.django_db
def test_anonymous_pages_set_no_cookie_and_vary_on_none(client, home):
    """Issue 14 part 6: a page every citizen sees alike must be cacheable by anyone."""
    agency = _agency_with_unit(home, "Sở Tư pháp")
    unit_page = agency.receiving_units.get().page
    for url in ("/", agency.page.url, unit_page.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, response.cookies)
        assert "Cookie" not in response.get("Vary", ""), url
        assert "Accept-Language" not in response.get("Vary", ""), url
        assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_every_public_page_has_the_search_box_in_its_header(client, home):
    """Issue 14 part 1: a citizen can search from wherever they land."""
    agency = _agency_with_unit(home, "Sở Tư pháp")
    for url in ("/", agency.page.url, "/search/?q=khai+sinh", "/tra-cuu-phan-anh/"):
        html = client.get(url).content.decode()
        header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[
            0
        ]
        assert 'role="search"' in header, url
        assert 'action="/search/"' in header, url
        assert 'name="q"' in header, url


def _agency_page_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the per-process caches (content types, site roots)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.django_db
def test_agency_page_shows_its_lineage_and_sub_agencies(client, home):
    """Issue 14 part 6: units, sub-agencies and lineage come in one query, however many
    there are; each list appears when it has rows."""
    ward = _agency_with_unit(home, "UBND phường Mới", kind="ubnd_phuong")
    ward_url = ward.page.url
    plain, html = _agency_page_queries(client, ward_url)
    assert "Kế thừa từ" not in html and "Cơ quan trực thuộc" not in html

    old = _agency_with_unit(
        home, "UBND xã Cũ", kind="ubnd_xa", valid_from=dt.date(2015, 1, 1)
    )
    services.agency_dissolve(
        agency=old, last_day=dt.date(2025, 6, 30), basis="NQ 1666", successors=[ward]
    )
    child = AgencyFactory(name="Trạm Y tế phường Mới", parent=ward)
    _publish(ward.page, AgencyPage(title=child.name, slug="tram-y-te", agency=child))
    both, html = _agency_page_queries(client, ward_url)
    assert "Kế thừa từ" in html and "UBND xã Cũ — 01/07/2025 (NQ 1666)" in html
    assert "Cơ quan trực thuộc" in html
    assert f'<a href="{child.page.url}">Trạm Y tế phường Mới</a>' in html
    assert both == plain

    html = client.get(old.page.url).content.decode()
    assert "Cơ quan này đã giải thể hoặc sáp nhập" in html
    assert f'<a href="{ward_url}">UBND phường Mới</a> (NQ 1666)' in html


@pytest.mark.django_db
def test_agency_page_queries_are_constant_in_its_units(client, home):
    agency = _agency_with_unit(home, "UBND phường Một")
    few, _html = _agency_page_queries(client, agency.page.url)
    for n in range(2, 6):
        unit = ReceivingUnitFactory(agency=agency, name=f"Điểm tiếp nhận {n}")
        _publish(
            agency.page, ReceivingUnitPage(title=unit.name, slug=f"d{n}", unit=unit)
        )
    many, html = _agency_page_queries(client, agency.page.url)
    assert many == few
    assert "Điểm tiếp nhận 5" in html
