"""qms.lib.capped: the first rows of a panel and the total, in at most two queries."""

import pytest

from qms.lib.capped import PANEL_ROWS, capped
from qms.models import Agency
from tests.factories import AgencyFactory


@pytest.mark.django_db
def test_a_short_list_is_read_once(django_assert_num_queries):
    for _ in range(3):
        AgencyFactory()
    with django_assert_num_queries(1):
        result = capped(Agency.objects.order_by("pk"))
    assert (len(result.rows), result.total, result.more) == (3, 3, 0)


@pytest.mark.django_db
def test_a_long_list_is_cut_and_counted(django_assert_num_queries):
    for _ in range(PANEL_ROWS + 5):
        AgencyFactory()
    with django_assert_num_queries(2):
        result = capped(Agency.objects.order_by("pk"))
    assert (len(result.rows), result.total, result.more) == (PANEL_ROWS, 15, 5)


def test_lists_and_empty_lists():
    assert not capped([])
    result = capped(list(range(25)), limit=4)
    assert (result.rows, result.total) == ([0, 1, 2, 3], 25)


@pytest.mark.django_db
def test_the_holds_screen_is_paged(client, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from qms import views
    from qms.models import CredentialHold
    from tests.factories import UserFactory

    admin = get_user_model().objects.create_superuser("quantri-p", "p@example.vn", "x")
    for n in range(3):
        CredentialHold.objects.create(
            user=UserFactory(username=f"bi-giu-{n}"),
            previous_password="!",
            changed_by=admin,
        )
    monkeypatch.setattr(views, "HOLDS_PER_PAGE", 2)
    client.force_login(admin)
    url = reverse("qms_credential_holds")
    pages = [client.get(url, {"p": n}).content.decode() for n in (1, 2)]
    assert [sum(f"(bi-giu-{n})" in p for n in range(3)) for p in pages] == [2, 1]
    assert 'class="pagination"' in pages[0]
