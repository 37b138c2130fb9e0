"""Account security records that Django's user model has no place for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CredentialHold(models.Model):
    """Someone else changed this person's e-mail or password: they may not act until cleared.

    ES-04 (21 CFR 11.200(a)(3)): nobody signs in another's name. Whoever changed the e-mail
    could have a reset link sent to themselves, so the hold is cleared only by someone who
    knows the password the owner had *before* the change (see ``qms.accounts``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="credential_hold",
    )
    # The owner's password hash before the change; "!"-prefixed if they had none yet.
    previous_password = models.CharField(_("previous password"), max_length=128)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credential hold")
        verbose_name_plural = _("credential holds")

    def __str__(self) -> str:
        return str(self.user)
