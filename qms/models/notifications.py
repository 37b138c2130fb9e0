"""In-app notifications: every e-mail has a twin here, because many desks read neither."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome")
        REMINDER = "reminder", _("Reminder")
        ACCOUNT = "account", _("Account security")
        WORKFLOW = "workflow", _("Approval workflow")
        EXPORT = "export", _("Export")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="qms_notifications",
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("content"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    # What happened, named by the sender (e.g. "training.ack:12:overdue"): a retried task
    # that tells the same person about the same event again creates nothing (RL-02).
    event_key = models.CharField(_("event"), max_length=150, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A redelivered welcome task must not notify twice (reliability test RL-02).
            models.UniqueConstraint(
                fields=["recipient", "kind"],
                condition=models.Q(kind="welcome"),
                name="qms_notification_one_welcome_uniq",
            ),
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=~models.Q(event_key=""),
                name="qms_notification_event_uniq",
            ),
        ]
        indexes = [
            # The bell counts a person's unread notifications on every admin page.
            models.Index(fields=["recipient", "read_at"], name="qms_notif_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
