"""Account security: login lockout, deactivation, and changes made to someone else's account.

The rule for ES-04 (nobody acts in another's name, 21 CFR 11.200(a)(3)):

* When a person changes *another* person's e-mail or password, the change is written to
  Wagtail's audit log, the owner is told at the old and the new address and in the app, and
  the account is put on a ``CredentialHold``.
* While the hold stands, the account can do nothing but clear it: every request is sent to
  the "confirm your identity" screen, so it can neither sign nor confirm a reading.
* The hold is cleared only by giving the password the owner had *before* the change and
  choosing a new one. Whoever changed the e-mail can have a reset link sent to themselves,
  but cannot know that old password, so they cannot clear the hold. An owner who no longer
  knows it asks a second administrator, who removes the hold (also logged).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from qms.models import CredentialHold


def lockout_minutes() -> int:
    return round(float(settings.AXES_COOLOFF_TIME) * 60)


def lockout_message() -> str:
    """Return the Vietnamese-first message shown on the login page of a locked account."""
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed sign-in attempts: this account is locked for %(minutes)d minute. "
        "Try again later, or reset your password by e-mail.",
        "Too many failed sign-in attempts: this account is locked for %(minutes)d minutes. "
        "Try again later, or reset your password by e-mail.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Keep the login page (its form carries the lockout message) but answer 429."""
    if isinstance(original_response, HttpResponse):
        original_response.status_code = 429
        return original_response
    return HttpResponse(lockout_message(), status=429)


def user_sessions_end(*, user: AbstractBaseUser) -> int:
    """Delete every open session of ``user``; return how many were ended."""
    # Django stores the user id inside the encoded session data only, so decode each one.
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_active_set(*, user: User, active: bool, actor: User | None) -> bool:
    """Make the account follow its staff profile; return True if anything changed.

    ISO 9001:2015 7.5.3.2(d) / ASVS 7.4: a person who left the service loses access at once,
    including any session still open on some desk.
    """
    if user.is_active == active:
        return False
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        user_sessions_end(user=user)
    action = "qms.account.reactivate" if active else "qms.account.deactivate"
    log(instance=user, action=action, user=actor)
    return True


def credentials_changed(
    *,
    user: User,
    changed_by: User,
    old_email: str,
    old_password: str,
) -> CredentialHold | None:
    """Record, notify and hold after ``changed_by`` changed ``user``'s e-mail or password.

    ``old_email`` and ``old_password`` (a hash) are the values before the change. Changes a
    person makes to their own account need none of this and return None.
    """
    email_changed = user.email != old_email
    password_changed = user.password != old_password
    if changed_by.pk == user.pk or not (email_changed or password_changed):
        return None
    with transaction.atomic():
        if email_changed:
            log(
                instance=user,
                action="qms.account.email_change",
                user=changed_by,
                data={"old": old_email, "new": user.email},
            )
        if password_changed:
            log(instance=user, action="qms.account.password_change", user=changed_by)
        # A second change keeps the first hold: the owner's own password is the older one.
        hold, _created = CredentialHold.objects.get_or_create(
            user=user,
            defaults={"previous_password": old_password, "changed_by": changed_by},
        )
    from qms.emails import send_credentials_changed

    transaction.on_commit(
        lambda: send_credentials_changed(
            user=user,
            changed_by=changed_by,
            old_email=old_email,
            email_changed=email_changed,
            password_changed=password_changed,
        )
    )
    return hold


def credential_hold_active(user: Any) -> bool:
    """Return True if ``user`` must clear a hold before doing anything else."""
    if not getattr(user, "is_authenticated", False):
        return False
    return CredentialHold.objects.filter(user_id=user.pk).exists()


@transaction.atomic
def credential_hold_clear(
    *, user: User, previous_password: str, new_password: str
) -> None:
    """Clear the hold when the owner proves they know their password from before the change."""
    hold = CredentialHold.objects.select_for_update().filter(user=user).first()
    if hold is None:
        return
    if not check_password(previous_password, hold.previous_password):
        log(instance=user, action="qms.account.hold_refused", user=user)
        raise ValidationError(
            {
                "previous_password": _(
                    "This is not the password you had before your account was changed."
                )
            }
        )
    user.set_password(new_password)
    user.save(update_fields=["password"])
    hold.delete()
    log(instance=user, action="qms.account.hold_clear", user=user)


def can_lift_hold(hold: CredentialHold, user: Any) -> bool:
    """A system administrator other than the one who made the change and than the owner."""
    return bool(user.is_superuser) and user.pk not in (hold.changed_by_id, hold.user_id)


@transaction.atomic
def credential_hold_remove(*, user: User, removed_by: User, reason: str) -> None:
    """Let a second administrator lift a hold for an owner who forgot their old password.

    The reason (how the owner's identity was checked) goes into the audit log entry.
    """
    hold = CredentialHold.objects.select_for_update().filter(user=user).first()
    if hold is None:
        return
    # The person who made the change cannot also vouch for it: that takes two people.
    if not can_lift_hold(hold, removed_by):
        raise PermissionDenied(
            _("Only another administrator can lift this account's hold.")
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say how the owner's identity was checked.")}
        )
    hold.delete()
    log(
        instance=user,
        action="qms.account.hold_remove",
        user=removed_by,
        data={"reason": reason.strip()},
    )


def sync_user_name(user: Any, full_name: str) -> None:
    """Keep the whole name in ``first_name`` so Wagtail's sidebar (which shows first_name)
    and ``get_full_name`` both give it in Vietnamese order; ``last_name`` stays empty."""
    name = full_name[:150]
    if (user.first_name, user.last_name) != (name, ""):
        user.first_name, user.last_name = name, ""
        user.save(update_fields=["first_name", "last_name"])
