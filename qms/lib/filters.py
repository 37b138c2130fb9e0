"""Listing filters shared by the registers.

A yes/no filter is a choice of "true"/"false" labelled Có/Không, not django-filter's
BooleanFilter: Wagtail's active-filter chip prints a BooleanFilter's value as "True"
(issue 13: no Python value on a Vietnamese screen). Links (dashboards, the province
overview) pass ``?name=true``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy

YES_NO = [("true", gettext_lazy("Yes")), ("false", gettext_lazy("No"))]


class YesNoFilter(django_filters.ChoiceFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", YES_NO)
        super().__init__(*args, **kwargs)


def yes_no(value: Any) -> bool | None:
    """The filter's value as a boolean; None when not chosen."""
    return {"true": True, "false": False}.get(value)
