"""Signal receivers: each only enqueues a task by id once the transaction has committed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from documents.signals import release_published, release_withdrawn
from qms.models import StaffProfile


@receiver(release_published, dispatch_uid="training_assign_release")
def on_release_published(sender: Any, release: Any, **kwargs: Any) -> None:
    from training.tasks import assign_release

    transaction.on_commit(lambda: assign_release.delay(release.pk))


@receiver(release_withdrawn, dispatch_uid="training_close_withdrawn")
def on_release_withdrawn(sender: Any, release: Any, **kwargs: Any) -> None:
    from training.tasks import close_withdrawn_release

    transaction.on_commit(lambda: close_withdrawn_release.delay(release.pk))


_DISTRIBUTION_FIELDS = {"agency", "receiving_unit", "position", "is_active"}


@receiver(post_save, sender=StaffProfile, dispatch_uid="training_assign_staff")
def on_staff_saved(sender: Any, instance: StaffProfile, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures loading
    fields = kwargs.get("update_fields")
    if fields is not None and not set(fields) & _DISTRIBUTION_FIELDS:
        return  # e.g. the welcome timestamp: nothing that decides what the person reads
    from training.tasks import assign_staff

    transaction.on_commit(lambda: assign_staff.delay(instance.pk))
