"""Signals the documents app sends (training answers them: fan-out and closing assignments)."""

from django.dispatch import Signal

# Sent on commit after a new release is created; kwargs: release.
release_published = Signal()

# Sent on commit after the release in force is withdrawn; kwargs: release.
release_withdrawn = Signal()
