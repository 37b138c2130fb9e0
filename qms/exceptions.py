"""Domain exceptions raised by services; views turn them into form errors or 4xx responses."""

from django.core.exceptions import ValidationError


class TransitionError(ValidationError):
    """A state change was refused; the record is left exactly as it was."""
