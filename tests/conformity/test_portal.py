"""The agency's public page shows its current ISO announcement (QĐ 19/2014 Art. 4)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from conformity import public, services
from qms.models import AgencyPage, HomePage
from tests.conformity.conftest import announce


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def agency_url(db, own_agency):
    root = Page.get_first_root_node()
    home = _publish(root, HomePage(title="Cổng thông tin", slug="trang-chu"))
    Site.objects.update(root_page=home)
    page = _publish(
        home, AgencyPage(title=own_agency.name, slug="so", agency=own_agency)
    )
    return page.url


def _queries(client, url):
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.django_db
def test_the_public_page_shows_the_announcement_for_one_query(
    client, own_agency, people, scope, agency_url
):
    # The section's one statement runs whether or not there is an announcement.
    without, html = _queries(client, agency_url)
    assert "15/QĐ-STP" not in html and "iso-heading" not in html
    announcement = announce(own_agency, people, scope, number="15/QĐ-STP")
    with_it, html = _queries(client, agency_url)
    assert with_it == without
    assert "Đã công bố HTQLCL phù hợp TCVN ISO 9001:2015" in html
    assert "Quyết định số 15/QĐ-STP ngày 15/01/2026" in html
    pdf_url = f"/cong-bo-iso/{announcement.pk}/quyet-dinh.pdf"
    assert pdf_url in html
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_a_private_or_withdrawn_decision_is_not_served(
    client, own_agency, people, scope, agency_url
):
    hidden = announce(own_agency, people, scope, is_public=False)
    html = client.get(agency_url).content.decode()
    assert hidden.decision_number in html and "quyet-dinh.pdf" not in html
    assert client.get(f"/cong-bo-iso/{hidden.pk}/quyet-dinh.pdf").status_code == 404
    services.announcement_withdraw(
        announcement=hidden, user=people["officer"], reason="Sai số"
    )
    assert hidden.decision_number not in client.get(agency_url).content.decode()


@pytest.mark.django_db
def test_a_new_announcement_refreshes_the_cached_page(
    client,
    own_agency,
    people,
    scope,
    agency_url,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.QMS_PORTAL_CACHE_SECONDS = 120
    cache.clear()
    assert "Đã công bố HTQLCL" not in client.get(agency_url).content.decode()
    assert client.get(agency_url)["X-Portal-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        announce(own_agency, people, scope)
    response = client.get(agency_url)
    assert response["X-Portal-Cache"] == "miss"
    assert "Đã công bố HTQLCL" in response.content.decode()
    cache.clear()


# The template the section used before it was built in Python (issue 14 part 6).
ANNOUNCEMENT_REFERENCE = """{% load i18n %}
<section class="iso-status" aria-labelledby="iso-heading">
  <h2 id="iso-heading">{% translate "ISO quality management system" %}</h2>
  <p>{% blocktranslate trimmed with standard=announcement.standard number=announcement.decision_number date=announcement.decision_date|date:"SHORT_DATE_FORMAT" %}
    Quality management system announced as conforming to {{ standard }} — Decision No. {{ number }} of {{ date }}
  {% endblocktranslate %}{% if url %} (<a href="{{ url }}">{% translate "read the decision (PDF)" %}</a>){% endif %}</p>
</section>"""


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("is_public", [True, False])
def test_the_section_matches_the_template_it_replaced(language, is_public):
    import datetime as dt
    import re

    from django.template import Context, Template
    from django.urls import reverse
    from django.utils import translation

    row = {
        "pk": 7,
        "decision_number": '15/QĐ-<STP> & "x"',
        "decision_date": dt.date(2026, 1, 15),
        "standard": "TCVN ISO 9001:2015 <b>",
        "is_public": is_public,
    }
    url = reverse("conformity:public_decision", args=[7]) if is_public else ""
    with translation.override(language):
        built = str(public.announcement_html(row))
        expected = Template(ANNOUNCEMENT_REFERENCE).render(
            Context({"announcement": row, "url": url})
        )
    squeeze = lambda html: re.sub(r">\s+<", "><", html).strip()  # noqa: E731
    assert squeeze(built) == squeeze(expected)
    assert "&lt;STP&gt;" in built and ("/quyet-dinh.pdf" in built) == is_public
