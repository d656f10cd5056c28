"""Refuse calls to this network's own addresses when the URL came from a user.

A URL an API user supplies (a webhook endpoint) would otherwise let them make
this service call what only it can reach: the cloud metadata service, an admin
port on localhost, a database on the private network (server-side request
forgery). Checked when the URL is given (literal addresses and `localhost`)
and again when it is called, on the addresses its name resolves to then. A
name whose answer changes between that check and the connection (DNS
rebinding) can still get through: for that, send outbound traffic through an
egress proxy that enforces the same rule.
"""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from ..errors import ValidationError

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


class PrivateTargetError(ValidationError):
    """The URL points into this service's own network."""

    default_message = "The URL must point to a public address."


def is_private(address: str) -> bool:
    """Tell whether `address` (IPv4 or IPv6) is not on the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def refuse_private_literal(url: str) -> None:
    """Refuse a URL whose host is a private address or a local name, without resolving it."""
    host = (urlsplit(url).hostname or "").lower()
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        raise PrivateTargetError(details={"host": host})
    try:
        private = is_private(host)
    except ValueError:
        return  # a name: checked on the addresses it resolves to, when called
    if private:
        raise PrivateTargetError(details={"host": host})


async def refuse_private_target(url: str) -> None:
    """Refuse a URL whose host is, or resolves to, a private address."""
    refuse_private_literal(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, parts.port or 443, type=socket.SOCK_STREAM
        )
    except socket.gaierror as error:
        raise PrivateTargetError(
            "The URL's host does not resolve.", details={"host": host}
        ) from error
    if any(is_private(str(info[4][0])) for info in infos):
        raise PrivateTargetError(details={"host": host})
