"""What the dossier register tells other apps (they listen; it names none of them)."""

from django.dispatch import Signal

# Sent once an import has finished: ``agency_id`` and the first days of the ``months`` it
# wrote. Objectives measured from these statistics (performance) update themselves.
statistics_imported = Signal()
