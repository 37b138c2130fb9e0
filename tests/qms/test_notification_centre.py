"""The notification centre: a bell with the unread count, the list, open, mark all read."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qms.models import Notification
from qms.roles import Role
from tests.factories import UserFactory, staff_user

LIST = reverse("qms_notifications")


def _bell(client):
    """The menu item of the bell, as the admin's sidebar receives it."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    assert props, "the admin renders its sidebar"
    [bell] = [
        d
        for d in _dicts(json.loads(props.group(1)))
        if d.get("name") == "notifications"
    ]
    return bell


def _dicts(value):
    if isinstance(value, dict):
        yield value
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from _dicts(item)


def _notify(user, n=1, **fields):
    return [
        Notification.objects.create(
            recipient=user,
            kind=fields.get("kind", Notification.Kind.REMINDER),
            subject=fields.get("subject", f"Nhắc việc số {i}"),
            body="Nội dung ngắn",
            url=fields.get("url", reverse("training_my_tasks")),
        )
        for i in range(n)
    ]


@pytest.fixture
def officer(own_agency):
    return staff_user(Role.STAFF, own_agency, username="ccnotify")


@pytest.fixture
def client_of(client, officer):
    client.force_login(officer)
    return client


@pytest.mark.django_db
def test_the_bell_shows_the_unread_count_to_every_user(client_of, officer):
    _notify(officer, 3)
    read = _notify(officer)[0]
    read.read_at = timezone.now()
    read.save()
    _notify(UserFactory())  # someone else's

    bell = _bell(client_of)

    assert (bell["label"], bell["icon_name"]) == ("Thông báo", "bell")
    assert bell["url"] == LIST
    assert bell["attrs"] == {
        "data-qms-unread": "3",
        "title": "3 thông báo chưa đọc",
    }
    assert "icon-bell" in client_of.get(LIST).content.decode()


@pytest.mark.django_db
def test_no_unread_no_badge(client_of, officer):
    assert _bell(client_of)["attrs"] == {}


@pytest.mark.django_db
def test_the_list_shows_ones_own_newest_first_with_unread_marked(client_of, officer):
    old, new = _notify(officer, 2)
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2), read_at=timezone.now()
    )
    _notify(UserFactory(), subject="Của người khác")

    response = client_of.get(LIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Của người khác" not in html
    assert html.index(new.subject) < html.index(old.subject)
    assert html.count("qms-notification--unread") == 1
    assert "Chưa đọc (1)" in html
    assert reverse("qms_notification_open", args=[new.pk]) in html


@pytest.mark.django_db
def test_the_list_filters_by_kind_and_unread(client_of, officer):
    _notify(officer, subject="Nhắc soát xét")
    _notify(officer, kind=Notification.Kind.ACCOUNT, subject="Đổi mật khẩu")

    by_kind = client_of.get(LIST, {"kind": "account"}).content.decode()
    assert "Đổi mật khẩu" in by_kind and "Nhắc soát xét" not in by_kind
    Notification.objects.filter(subject="Đổi mật khẩu").update(read_at=timezone.now())
    unread = client_of.get(LIST, {"unread": "1"}).content.decode()
    assert "Nhắc soát xét" in unread and "Đổi mật khẩu" not in unread


@pytest.mark.django_db
def test_the_list_is_paged(client_of, officer):
    _notify(officer, 30)
    first = client_of.get(LIST).content.decode()
    second = client_of.get(LIST, {"p": 2}).content.decode()
    assert first.count("qms-notification--unread") == 25
    assert second.count("qms-notification--unread") == 5


@pytest.mark.django_db
def test_opening_marks_read_and_goes_to_the_target(client_of, officer):
    [notification] = _notify(officer)

    response = client_of.get(reverse("qms_notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("training_my_tasks")
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_a_notice_without_target_or_with_a_foreign_link_opens_the_list(
    client_of, officer
):
    for url in ("", "https://ke-gian.example/"):
        [notification] = _notify(officer, url=url)
        response = client_of.get(
            reverse("qms_notification_open", args=[notification.pk])
        )
        assert response["Location"] == LIST


@pytest.mark.django_db
def test_nobody_opens_anothers_notification(client_of):
    [theirs] = _notify(UserFactory())

    response = client_of.get(reverse("qms_notification_open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_mark_all_read_is_a_post_for_ones_own_only(client_of, officer):
    mine = _notify(officer, 3)
    [theirs] = _notify(UserFactory())
    url = reverse("qms_notifications_read_all")

    assert client_of.get(url).status_code == 405
    response = client_of.post(url)

    assert response.status_code == 302
    assert not Notification.objects.filter(
        pk__in=[n.pk for n in mine], read_at__isnull=True
    ).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert _bell(client_of)["attrs"] == {}


@pytest.mark.django_db
def test_mark_all_read_needs_the_csrf_token(officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    _notify(officer)
    assert client.post(reverse("qms_notifications_read_all")).status_code == 403
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_the_dashboard_shows_the_latest_notifications(client_of, officer):
    _notify(officer, subject="Tài khoản của bạn đã được tạo")
    html = client_of.get(reverse("wagtailadmin_home")).content.decode()
    assert "Thông báo của bạn" in html
    assert "Tài khoản của bạn đã được tạo" in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, reverse("wagtailadmin_home")])
def test_query_count_does_not_grow_with_the_notifications(
    client_of, officer, django_assert_num_queries, url
):
    _notify(officer, 2)
    client_of.get(url)  # warm up caches (site, locale, user profile)
    with CaptureQueriesContext(connection) as few:
        client_of.get(url)
    _notify(officer, 40)
    with django_assert_num_queries(len(few.captured_queries)):
        client_of.get(url)
