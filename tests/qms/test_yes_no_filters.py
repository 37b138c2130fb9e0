"""Yes/no filters of the registers read Có/Không on their active chip, never "True"
(the province overview links to them with ?name=true)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("nonconformity:index", "open=true"),
        ("nonconformity:index", "overdue=false"),
        ("documents_listing", "review_overdue=true"),
    ],
)
def test_a_yes_no_filter_shows_a_vietnamese_chip(client, url_name, query):
    admin = get_user_model().objects.create_superuser("root-yn", "r@example.vn", "x")
    client.force_login(admin)
    page = client.get(f"{reverse(url_name)}?{query}", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    text = re.sub(r"<[^>]+>", " ", page.content.decode())
    assert not re.search(r"\b(True|False)\b", text)
    assert "Có" in text or "Không" in text
