"""The visitor's address: one function for rate limits, sender blocking, the security log and django-axes.

`X-Forwarded-For` is believed only when the immediate peer (REMOTE_ADDR) is one of `settings.TRUSTED_PROXIES`;
then the chain is read from the right and the first address that is not a trusted proxy is the client. Anything
a client writes to the left of that (a forged header passed along by nginx) is ignored. Parsing (ports, IPv6
brackets, IPv4-mapped addresses, junk tokens) is python-ipware's. See docs/decisions/0710-client-address.md.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from python_ipware.modern.parsers import parse_ip, split_proxy_chain


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(ip) -> bool:
    return any(ip.version == net.version and ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """The client's address as text, or None when the request has none (a management command's fake request)."""
    if request is None:
        return None
    peer = parse_ip(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    if not _trusted(peer):
        return str(peer)
    chain = split_proxy_chain(request.META.get("HTTP_X_FORWARDED_FOR", ""), strict=False) or []
    for hop in reversed(chain):
        if not _trusted(hop):
            return str(hop)
    # Every hop is one of ours (a health check from the proxy host itself): the left-most one is the origin.
    return str(chain[0]) if chain else str(peer)


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: axes locks and logs by the same address as everything else."""
    return client_ip(request)
