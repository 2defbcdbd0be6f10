"""Signing webhook bodies and sending them without reaching into private networks.

The standard library does the HTTP: the hostname is resolved once, every
address it resolves to is checked, and the connection goes to the checked
address (with the original Host header and TLS server name), so a second
DNS answer cannot swap in an internal address (DNS rebinding). http.client
follows no redirects and reads no proxy settings, so neither can lead the
request elsewhere. requests and urllib3 resolve names themselves and would
need adapter patching for the same guarantee.
"""

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

USER_AGENT = "small-business-cms-webhooks/1"
EXCERPT_BYTES = 500
# The response body is read only this far; the excerpt needs far less.
READ_LIMIT = 64 * 1024


class RefusedAddress(Exception):
    """The URL points somewhere webhooks may not go."""


@dataclass(frozen=True)
class Target:
    scheme: str
    hostname: str
    port: int
    path: str
    address: str  # the checked IP address to connect to


@dataclass(frozen=True)
class Outcome:
    status: int | None  # None when no HTTP response came back
    duration_ms: int
    excerpt: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        """Timeouts, refused connections, 5xx, 408 and 429 may succeed later; other 4xx won't."""
        return self.status is None or self.status >= 500 or self.status in (408, 429)


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the X-Signature header."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _allowed_networks() -> list:
    return [
        ipaddress.ip_network(net, strict=False)
        for net in settings.PUBLISHING_WEBHOOK_ALLOWED_NETWORKS
    ]


def _embedded_ipv4(ip) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, 6to4, NAT64 or Teredo IPv6 address."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    candidates = [ip] + [v4 for v4 in [_embedded_ipv4(ip)] if v4]
    allowed = _allowed_networks()
    for candidate in candidates:
        if any(candidate in network for network in allowed):
            continue
        # is_global is False for loopback, private, link-local (169.254.169.254,
        # the cloud metadata address, included), shared, reserved and
        # unspecified (0.0.0.0) ranges; multicast can be "global" but is no
        # web server either.
        if not candidate.is_global or candidate.is_multicast:
            return False
    return True


def url_check(url: str) -> Target:
    """Resolves the URL's host and returns where to connect, or raises RefusedAddress."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise RefusedAddress("Only http and https URLs can receive webhooks.")
    if parts.username or parts.password:
        raise RefusedAddress("Put credentials in the secret, not in the URL.")
    hostname = parts.hostname
    if not hostname:
        raise RefusedAddress("The URL has no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise RefusedAddress("The URL's port is not valid.") from error
    # getaddrinfo also reads the alternative notations of an address
    # (2130706433, 0177.0.0.1, 0x7f.1) and returns the canonical form, which
    # is what gets checked and connected to.
    try:
        infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise RefusedAddress(f"{hostname} does not resolve.") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    refused = [address for address in addresses if not address_allowed(address)]
    if refused or not addresses:
        # Any forbidden answer refuses the whole name: otherwise a name with
        # a public and a private address could be retried until it hits the
        # private one.
        raise RefusedAddress(f"{hostname} resolves to an address webhooks may not reach.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, hostname, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.hostname, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(
            target.hostname, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the hostname, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(*, url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POSTs once; never raises for network trouble, raises RefusedAddress for forbidden URLs."""
    target = url_check(url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout=settings.PUBLISHING_WEBHOOK_TIMEOUT)
    started = time.monotonic()
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        response = connection.getresponse()
        excerpt = response.read(READ_LIMIT)[:EXCERPT_BYTES].decode("utf-8", "replace")
        return Outcome(response.status, _since(started), excerpt=excerpt)
    except (OSError, http.client.HTTPException) as error:
        message = f"{type(error).__name__}: {error}"[:EXCERPT_BYTES]
        return Outcome(None, _since(started), error=message)
    finally:
        connection.close()


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
