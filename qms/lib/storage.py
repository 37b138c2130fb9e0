"""Where files no web server may publish are kept: outside MEDIA_ROOT, served only by views
that check who asks (e.g. imported statistics files, issue 15)."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileStorage(FileSystemStorage):
    """Files with no public address: a view reads and serves them after its checks."""

    def url(self, name: str | None) -> str:
        raise ValueError("A private file has no public URL; serve it through a view.")


def private_storage() -> Storage:
    """The ``private`` storage of settings.STORAGES (a callable, so migrations stay stable)."""
    return storages["private"]
