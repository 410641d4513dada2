"""The address of the person, not of the proxy in front of the server.

Behind nginx every request comes from 127.0.0.1: counted by that address, five wrong passwords of one person would
lock everybody out of that account. The address is read from the header the proxy sets (docs/deploy.md: nginx
`proxy_set_header X-Real-IP $remote_addr`, which replaces whatever a client sent), and only when the request really
comes from a trusted proxy; a client that talks to the server directly cannot choose its address by a header.
"""

import ipaddress

from django.conf import settings


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address (login lockout, throttling, the audit log)."""
    remote = _ip(request.META.get("REMOTE_ADDR", ""))
    header = settings.CLIENT_IP_HEADER
    if header and remote in settings.TRUSTED_PROXIES:
        forwarded = _ip(request.META.get(header, ""))
        if forwarded:
            return forwarded
    return remote
