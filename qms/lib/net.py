"""The real client address of a request behind the configured reverse proxies."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks() -> list[Network]:
    return [
        ipaddress.ip_network(entry, strict=False)
        for entry in settings.QMS_TRUSTED_PROXIES
    ]


def _is_trusted(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """Return the address of the client, not of a proxy in front of us.

    X-Forwarded-For is believed only when the direct peer is a trusted proxy, and is read
    from the right: each trusted proxy appended the address it saw, while anything left of
    the first untrusted hop may have been typed by the client to dodge the lockout.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks()
    if not _is_trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else remote
