"""Account security: login lockout keyed on the real client address."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, override_settings
from freezegun import freeze_time

from qms import accounts
from qms.lib.net import client_ip
from qms.roles import Role
from tests.factories import PASSWORD

LOGIN = "/admin/login/"


def _login(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _fail(client: Client, username: str, times: int, **extra) -> None:
    for _ in range(times):
        response = _login(client, username, "wrong-password", **extra)
        assert response.status_code in (200, 429)


@pytest.fixture
def officer(users):
    return users[Role.QUALITY_OFFICER]


@pytest.fixture
def staff(users):
    return users[Role.STAFF]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "sieuquantri", "root@example.vn", PASSWORD
    )


# --- Login lockout (AU-03, ASVS 6.3.1) -------------------------------------------------


@pytest.mark.django_db
def test_it_signs_in_with_the_right_password_after_a_few_mistakes(client, staff):
    _fail(client, staff.username, 3)
    response = _login(client, staff.username, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_it_locks_the_account_after_ten_wrong_passwords(client, staff):
    """GIVEN ten wrong passwords for one username
    WHEN the right password is given next, even from another address
    THEN the login page refuses it with a Vietnamese lockout message (ASVS 6.3.1)."""
    _fail(client, staff.username, 10)
    response = _login(Client(), staff.username, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429
    content = response.content.decode()
    assert "đăng nhập sai quá nhiều lần" in content
    assert "15 phút" in content
    assert "_auth_user_id" not in Client().session


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, staff):
    """AU-03: an attacker cannot lock a legitimate user out for good."""
    with freeze_time("2026-11-30 08:00"):
        _fail(client, staff.username, 12)
        assert _login(client, staff.username, PASSWORD).status_code == 429
    with freeze_time("2026-11-30 08:16"):
        assert _login(client, staff.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_it_locks_the_address_that_tries_many_usernames(client, staff, officer):
    """Password spraying: ten failures from one address lock that address."""
    for n in range(10):
        _login(client, f"khong-co-{n}", "wrong-password")
    assert _login(client, staff.username, PASSWORD).status_code == 429
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert _login(other, officer.username, PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(QMS_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_lockout_keys_on_the_client_behind_the_trusted_proxy(client, staff):
    via_proxy = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for n in range(10):
        _login(client, f"khong-co-{n}", "wrong-password", **via_proxy)
    # Another citizen behind the same proxy is not caught by the lock of 203.0.113.9.
    neighbour = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    assert _login(Client(), staff.username, PASSWORD, **neighbour).status_code == 302
    assert _login(Client(), staff.username, PASSWORD, **via_proxy).status_code == 429


@override_settings(QMS_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_client_ip_reads_forwarded_for_only_from_trusted_proxies():
    factory = RequestFactory()
    spoofed = "1.2.3.4, 203.0.113.9"
    request = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=spoofed)
    assert client_ip(request) == "203.0.113.9"
    direct = factory.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR=spoofed)
    assert client_ip(direct) == "198.51.100.1"
    chained = factory.get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.7"
    )
    assert client_ip(chained) == "203.0.113.9"


def test_client_ip_ignores_forwarded_for_without_trusted_proxies():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert client_ip(request) == "198.51.100.1"


def test_the_lockout_cool_off_is_configurable():
    with override_settings(AXES_COOLOFF_TIME=0.5):
        assert accounts.lockout_minutes() == 30
    assert dt.timedelta(minutes=accounts.lockout_minutes()) == dt.timedelta(minutes=15)
