"""Signals the documents app sends (training answers release_published with the fan-out)."""

from django.dispatch import Signal

# Sent on commit after a new release is created; kwargs: release.
release_published = Signal()
