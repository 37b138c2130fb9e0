"""Template tags of the public site: the feedback form on a one-stop unit's page."""

from __future__ import annotations

from typing import Any

from django import template

from feedback.forms import ComplaintForm

register = template.Library()


@register.inclusion_tag("feedback/includes/complaint_form.html", takes_context=True)
def complaint_form(context: Any, unit: Any) -> dict[str, Any]:
    """The "Phản ánh, kiến nghị" form, posting to the unit's complaint URL."""
    return {
        "unit": unit,
        "form": ComplaintForm(agency_id=unit.agency_id),
        "request": context.get("request"),
    }
