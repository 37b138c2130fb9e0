"""Account security: login lockout, deactivation, changes to someone else's account, CSP."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from freezegun import freeze_time
from wagtail.models import ModelLogEntry

from qms import accounts, services
from qms.lib.net import client_ip
from qms.models import CredentialHold, Notification
from qms.roles import Role
from tests.factories import PASSWORD
from tests.qms.test_portal import home  # noqa: F401 - fixture: a published home page

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


# --- Deactivation (ISO 9001:2015 7.5.3.2(d)) -------------------------------------------


@pytest.mark.django_db
def test_deactivating_a_profile_deactivates_the_user_and_ends_its_session(
    client, staff, officer
):
    """GIVEN a staff member signed in on some desk
    WHEN the quality officer marks the profile as no longer in service
    THEN the account is inactive, the open session is gone and its next request is refused."""
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    profile = staff.staff_profile
    profile.is_active = False
    services.staff_profile_save(profile=profile, user=officer, reason="Nghỉ hưu")

    staff.refresh_from_db()
    assert staff.is_active is False
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert ModelLogEntry.objects.filter(
        action="qms.account.deactivate", object_id=str(staff.pk), user=officer
    ).exists()


@pytest.mark.django_db
def test_an_inactive_users_surviving_session_is_refused(client, staff):
    """Even a session that escaped deletion is worthless once the account is inactive."""
    client.force_login(staff)
    get_user_model().objects.filter(pk=staff.pk).update(is_active=False)
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_reactivating_the_profile_reopens_the_account(staff, officer):
    profile = staff.staff_profile
    profile.is_active = False
    services.staff_profile_save(profile=profile, user=officer, reason="Nghỉ")
    profile.is_active = True
    services.staff_profile_save(profile=profile, user=officer, reason="Trở lại")
    staff.refresh_from_db()
    assert staff.is_active is True


@pytest.mark.django_db
def test_it_ends_only_the_sessions_of_that_user(staff, officer):
    mine, theirs = Client(), Client()
    mine.force_login(staff)
    theirs.force_login(officer)
    assert accounts.user_sessions_end(user=staff) == 1
    assert theirs.get("/admin/").status_code == 200


# --- Changing another person's e-mail or password (ES-04) ------------------------------


def _edit_email(client: Client, user, email: str):
    data = {
        "username": user.username,
        "email": email,
        "first_name": user.first_name or "Nguyễn",
        "last_name": user.last_name or "An",
        "is_active": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
    }
    return client.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)


@pytest.fixture
def hijacked(client, superuser, staff):
    """A superuser changed the staff member's e-mail to an address of their choosing."""
    client.force_login(superuser)
    mail.outbox.clear()
    response = _edit_email(client, staff, "ke-gian@example.vn")
    assert response.status_code == 302, response.content.decode()[:2000]
    staff.refresh_from_db()
    return staff


@pytest.mark.django_db(transaction=True)
def test_changing_anothers_email_is_logged_and_notified(hijacked, superuser, staff):
    """GIVEN a superuser WHEN they change another person's e-mail
    THEN Wagtail's audit log names them with old → new, and the person is told at both
    addresses and in the app."""
    entry = ModelLogEntry.objects.get(
        action="qms.account.email_change", object_id=str(staff.pk)
    )
    assert entry.user == superuser
    assert entry.data == {
        "old": f"{staff.username}@example.vn",
        "new": "ke-gian@example.vn",
    }
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {
        f"{staff.username}@example.vn",
        "ke-gian@example.vn",
    }
    assert "thay đổi" in mail.outbox[0].subject
    assert Notification.objects.filter(
        recipient=staff, kind=Notification.Kind.ACCOUNT
    ).exists()
    assert CredentialHold.objects.filter(user=staff, changed_by=superuser).exists()


@pytest.mark.django_db(transaction=True)
def test_a_held_account_cannot_reach_any_screen_but_the_identity_check(hijacked):
    """ES-04: whoever now holds a reset link cannot sign or confirm in the owner's name."""
    client = Client()
    client.force_login(hijacked)
    hold_url = reverse("qms_credential_hold")
    for url in ("/admin/", "/admin/pages/", "/admin/documents/1/withdraw/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == hold_url
    assert client.post("/admin/documents/1/withdraw/", {}).url == hold_url
    assert client.get(hold_url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_by_link_does_not_clear_the_hold(hijacked):
    hijacked.set_password("Mat-khau-moi-cua-ke-gian")
    hijacked.save()
    assert accounts.credential_hold_active(hijacked)


@pytest.mark.django_db(transaction=True)
def test_only_the_password_before_the_change_clears_the_hold(hijacked):
    client = Client()
    client.force_login(hijacked)
    url = reverse("qms_credential_hold")
    new = {
        "new_password1": "Mot-mat-khau-moi-2026",
        "new_password2": "Mot-mat-khau-moi-2026",
    }
    response = client.post(url, {"previous_password": "doan-bua", **new})
    assert response.status_code == 200
    assert "không phải mật khẩu" in response.content.decode()
    assert accounts.credential_hold_active(hijacked)

    response = client.post(url, {"previous_password": PASSWORD, **new})
    assert response.status_code == 302
    assert not accounts.credential_hold_active(hijacked)
    assert client.get("/admin/").status_code == 200
    hijacked.refresh_from_db()
    assert hijacked.check_password("Mot-mat-khau-moi-2026")
    assert ModelLogEntry.objects.filter(
        action="qms.account.hold_clear", object_id=str(hijacked.pk)
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_the_changer_cannot_lift_the_hold_but_a_second_admin_can(hijacked, superuser):
    from django.core.exceptions import PermissionDenied

    reason = "Đã đối chiếu CCCD của chủ tài khoản tại trụ sở."
    with pytest.raises(PermissionDenied):
        accounts.credential_hold_remove(
            user=hijacked, removed_by=superuser, reason=reason
        )
    second = get_user_model().objects.create_superuser("quantri2", "q2@example.vn", "x")
    with pytest.raises(ValidationError):
        accounts.credential_hold_remove(user=hijacked, removed_by=second, reason=" ")
    assert accounts.credential_hold_active(hijacked)
    accounts.credential_hold_remove(user=hijacked, removed_by=second, reason=reason)
    assert not accounts.credential_hold_active(hijacked)
    entry = ModelLogEntry.objects.get(
        action="qms.account.hold_remove", object_id=str(hijacked.pk)
    )
    assert entry.user_id == second.pk and entry.data["reason"] == reason


@pytest.mark.django_db(transaction=True)
def test_the_holds_screen_lets_only_a_second_admin_lift_a_hold(
    client, hijacked, superuser
):
    """The screen of held accounts: the changer sees no lift button and is refused."""
    from django.urls import reverse

    hold = hijacked.credential_hold
    lift = reverse("qms_credential_hold_lift", args=[hold.pk])
    client.force_login(superuser)
    listing = client.get(reverse("qms_credential_holds"))
    assert listing.status_code == 200
    assert hijacked.get_username() in listing.content.decode()
    assert lift not in listing.content.decode()
    client.post(lift, {"reason": "Tôi tự gỡ."})
    assert accounts.credential_hold_active(hijacked)
    second = get_user_model().objects.create_superuser("quantri2", "q2@example.vn", "x")
    client.force_login(second)
    assert lift in client.get(reverse("qms_credential_holds")).content.decode()
    response = client.post(lift, {"reason": ""})
    assert response.status_code == 200 and accounts.credential_hold_active(hijacked)
    assert "Hãy nêu cách đã xác minh" in response.content.decode()
    response = client.post(lift, {"reason": "Đã đối chiếu CCCD tại trụ sở."})
    assert response.status_code == 302
    assert not accounts.credential_hold_active(hijacked)


@pytest.mark.django_db
def test_the_holds_screen_is_for_system_administrators_only(client, staff):
    from django.urls import reverse

    client.force_login(staff)
    response = client.get(reverse("qms_credential_holds"))
    assert response.status_code in {302, 403, 404}
    assert response.status_code != 200


@pytest.mark.django_db
def test_changing_ones_own_email_needs_no_hold(staff):
    old_email, old_password = staff.email, staff.password
    staff.email = "moi@example.vn"
    staff.save()
    assert (
        accounts.credentials_changed(
            user=staff, changed_by=staff, old_email=old_email, old_password=old_password
        )
        is None
    )


@pytest.mark.django_db
def test_a_password_set_by_someone_else_puts_the_account_on_hold(staff, superuser):
    old_email, old_password = staff.email, staff.password
    staff.set_password("Dat-ho-2026")
    staff.save()
    accounts.credentials_changed(
        user=staff, changed_by=superuser, old_email=old_email, old_password=old_password
    )
    assert ModelLogEntry.objects.filter(
        action="qms.account.password_change", object_id=str(staff.pk)
    ).exists()
    assert accounts.credential_hold_active(staff)


# --- Content-Security-Policy -----------------------------------------------------------


@pytest.mark.django_db
def test_the_portal_carries_a_strict_csp(client, home):  # noqa: F811
    response = client.get("/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy + ";"
    assert "object-src 'none'" in policy
    assert "http" not in policy


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LOGIN, "/admin/"])
def test_the_admin_carries_a_csp_without_any_cdn(client, staff, url):
    """Wagtail's widgets start with inline scripts: the admin allows those, nothing more."""
    client.force_login(staff)
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "'unsafe-eval'" not in policy
    assert "http" not in policy
    assert "object-src 'none'" in policy


def test_the_lockout_cool_off_is_configurable():
    with override_settings(AXES_COOLOFF_TIME=0.5):
        assert accounts.lockout_minutes() == 30
    assert dt.timedelta(minutes=accounts.lockout_minutes()) == dt.timedelta(minutes=15)
