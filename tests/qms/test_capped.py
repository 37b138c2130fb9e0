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
