"""Numbers, percentages and names as the objectives' screens print them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from performance.selectors import Tally, show_number
from qms.lib.history import printed_name

register = template.Library()


@register.filter
def num(value: Decimal | None) -> str:
    return show_number(value)


@register.filter
def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{show_number(value)} %"


@register.filter
def person(user: Any) -> str:
    return printed_name(user)


@register.filter
def count(tally: Tally, status: str) -> int:
    return tally.count(status)
