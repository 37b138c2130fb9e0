"""The agency's public page shows its ISO announcement (QĐ 19/2014 Art. 4: posted publicly).

Implements qms's ``qms_agency_public_sections`` hook with one query; the portal cache is
invalidated when an announcement changes (``conformity.apps``).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse

from conformity.selectors import public_announcement


def announcement_section(agency: Any, request: Any) -> str:
    """ "Đã công bố HTQLCL phù hợp TCVN ISO 9001:2015 — Quyết định số … ngày …"."""
    row = public_announcement(agency)
    if row is None:
        return ""
    url = ""
    if row["is_public"]:
        url = reverse("conformity:public_decision", args=[row["pk"]])
    return render_to_string(
        "conformity/agency_announcement.html", {"announcement": row, "url": url}
    )
