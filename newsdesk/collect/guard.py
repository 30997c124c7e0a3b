"""Where collect may connect: the address policy, enforced where sockets open.

:class:`GuardedBackend` is the network backend under every httpx connection
collect makes. For each new connection it resolves the host name once, keeps
only the addresses the :class:`AddressPolicy` allows, and connects to one of
those exact addresses, so DNS cannot answer differently between the check and
the connection (rebinding). First requests, retries and redirect hops all open
connections through it.

It also enforces the per-request total deadline (:func:`deadline`): every DNS
lookup, socket connect, read and write gets at most the time left, so a server
that trickles one byte at a time cannot hold a request past the deadline.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from ..errors import BlockedURL, ConfigError, FetchError

__all__ = ["AddressPolicy", "DeadlineExceeded", "GuardedTransport", "METADATA_ADDRESSES", "REFUSED_V4", "REFUSED_V6",
           "deadline", "refusal"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[..., list]

# Cloud instance-metadata endpoints (AWS, ECS, GCP, Azure, Alibaba, AWS over IPv6). They are named
# so that a broad allowance ("0.0.0.0/0") still does not open them.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.123", "168.63.129.16", "100.100.100.200", "fd00:ec2::254"))
# Every range newsdesk never connects to by default, with the reason given. An explicit table
# (IANA special-purpose registries) rather than ipaddress.is_private/is_global, whose answers for
# some of these ranges differ between Python versions.
REFUSED_V4 = tuple((ipaddress.ip_network(net), label) for net, label in (
    ("0.0.0.0/8", "unspecified"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "non-public (shared NAT)"),
    ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"), ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "reserved (IETF protocol)"), ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "reserved (6to4 relay)"), ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "reserved (benchmarking)"), ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"), ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved")))
REFUSED_V6 = tuple((ipaddress.ip_network(net), label) for net, label in (
    ("::/128", "unspecified"), ("::1/128", "loopback"), ("fc00::/7", "private (unique local)"),
    ("fe80::/10", "link-local"), ("fec0::/10", "site-local"), ("ff00::/8", "multicast"),
    ("100::/64", "reserved (discard)"), ("2001::/23", "reserved (IETF protocol)"),
    ("2001:db8::/32", "documentation")))
# IPv6 forms that carry an IPv4 address, which is then checked against the IPv4 table.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
BLOCKED_NAMES = ("localhost", "metadata.google.internal", "metadata.goog", "instance-data")


class DeadlineExceeded(FetchError):
    """The whole request (connect, headers and body) took longer than allowed."""


class DNSFailure(FetchError):
    """The host name does not resolve."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Public addresses only, unless a network is allowed explicitly (CIDR strings)."""

    allow: tuple[str, ...] = ()
    networks: tuple[IPNetwork, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        specs = [part.strip() for entry in self.allow for part in str(entry).split(",")]  # "a,b" as documented
        try:
            nets = tuple(ipaddress.ip_network(spec, strict=False) for spec in specs if spec)
        except ValueError as exc:
            raise ConfigError(f"bad network in the allow list: {exc}") from exc
        object.__setattr__(self, "networks", nets)

    def check_address(self, address: str) -> str | None:
        """Why this address is refused, or None when it may be contacted."""
        return refusal(_parse_ip(address), self.networks)

    def check_name(self, host: str) -> str | None:
        """Why this host name is refused before any lookup, or None."""
        name = host.lower().rstrip(".")
        if any(name == b or name.endswith("." + b) for b in BLOCKED_NAMES):
            return f"local host name {host!r}"
        try:
            ip = _parse_ip(name.strip("[]"))
        except ValueError:
            return None
        return refusal(ip, self.networks)


def _parse_ip(text: str) -> IPAddress:
    return ipaddress.ip_address(text.split("%", 1)[0])


def refusal(ip: IPAddress, allowed: tuple[IPNetwork, ...] = ()) -> str | None:
    """Why ``ip`` is refused under the default policy plus ``allowed``, or None."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return refusal(ip.ipv4_mapped, allowed)  # the same host as its IPv4 address
    if ip in METADATA_ADDRESSES:
        exact = any(net.num_addresses == 1 and ip in net for net in allowed)
        return None if exact else f"cloud metadata address {ip}"
    if any(ip.version == net.version and ip in net for net in allowed):
        return None
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        inner = refusal(embedded, allowed)
        return f"tunnelled {inner} (in {ip})" if inner else None
    label = _refused_range(ip)
    return f"{label} address {ip}" if label else None


def _refused_range(ip: IPAddress) -> str | None:
    for net, label in REFUSED_V4 if ip.version == 4 else REFUSED_V6:
        if ip in net:
            return label
    return None


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-compatible, NAT64 or 6to4 IPv6 address."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.sixtofour is not None:
        return ip.sixtofour
    if (ip in NAT64 or ip in IPV4_COMPATIBLE) and int(ip) > 1:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


# -- total deadline ------------------------------------------------------------------
_DEADLINE: ContextVar[float | None] = ContextVar("newsdesk_fetch_deadline", default=None)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Bound every socket operation inside the block by one shared deadline."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _time_left(timeout: float | None) -> float | None:
    end = _DEADLINE.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("no complete response before the deadline", reason="deadline")
    return left if timeout is None else min(timeout, left)


def _past_deadline() -> bool:
    end = _DEADLINE.get()
    return end is not None and time.monotonic() >= end - 0.001


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation gets at most the time left."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._bounded(self._inner.read, max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._bounded(self._inner.write, buffer, timeout)

    def _bounded(self, operation, argument, timeout):
        try:
            return operation(argument, timeout=_time_left(timeout))
        except httpcore.TimeoutException as exc:
            if _past_deadline():
                raise DeadlineExceeded("no complete response before the deadline", reason="deadline") from exc
            raise

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _time_left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


# -- the backend ---------------------------------------------------------------------
class GuardedBackend(httpcore.NetworkBackend):
    """Resolve once, keep allowed addresses, connect to exactly those."""

    def __init__(self, policy: AddressPolicy, resolve: Resolver | None = None) -> None:
        self.policy = policy
        self.resolve = resolve or socket.getaddrinfo
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options=None) -> httpcore.NetworkStream:
        failure: Exception | None = None
        for address in self.allowed_addresses(host, port, _time_left(timeout)):
            try:
                stream = self._inner.connect_tcp(address, port, _time_left(timeout), local_address,
                                                 socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        assert failure is not None
        raise failure

    def allowed_addresses(self, host: str, port: int, timeout: float | None = None) -> list[str]:
        """The addresses of ``host`` that the policy allows; raises when none is."""
        refused = self.policy.check_name(host)
        if refused:
            raise BlockedURL(f"refused: {refused}", reason=f"blocked: {refused}")
        try:
            infos = self._lookup(host, port, timeout)
        except (socket.gaierror, UnicodeError) as exc:
            raise DNSFailure(f"cannot resolve {host}: {exc}", reason="dns: host not found") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        allowed = [a for a in addresses if self.policy.check_address(a) is None]
        if not allowed:
            why = self.policy.check_address(addresses[0]) if addresses else "no address"
            raise BlockedURL(f"refused {host}: {why}", reason=f"blocked: {why}")
        return allowed[:4]

    def _lookup(self, host: str, port: int, timeout: float | None) -> list:
        """Resolve in a helper thread, so a slow resolver counts against the connect timeout."""
        if timeout is None:
            return self.resolve(host, port, type=socket.SOCK_STREAM)
        answer: dict[str, object] = {}

        def lookup() -> None:
            try:
                answer["infos"] = self.resolve(host, port, type=socket.SOCK_STREAM)
            except Exception as exc:  # handed to the caller below
                answer["error"] = exc

        worker = threading.Thread(target=lookup, daemon=True, name=f"dns-{host}")
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            raise httpcore.ConnectTimeout(f"no DNS answer for {host} within {timeout:.1f} s")
        if "error" in answer:
            raise answer["error"]  # type: ignore[misc]
        return answer["infos"]  # type: ignore[return-value]

    def connect_unix_socket(self, path: str, timeout=None, socket_options=None):
        raise BlockedURL("unix sockets are never used by collect", reason="blocked: unix socket")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


# -- the transport -------------------------------------------------------------------
@contextmanager
def _httpx_errors() -> Iterator[None]:
    """Re-raise httpcore's exceptions as the httpx ones of the same name."""
    try:
        yield
    except httpcore.TimeoutException as exc:
        raise _as_httpx(exc) from exc
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
        raise _as_httpx(exc) from exc


def _as_httpx(exc: Exception) -> httpx.HTTPError:
    for cls in type(exc).__mro__:
        target = getattr(httpx, cls.__name__, None)
        if isinstance(target, type) and issubclass(target, httpx.HTTPError):
            return target(str(exc))
    return httpx.TransportError(str(exc))


class _Body(httpx.SyncByteStream):
    def __init__(self, chunks) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._chunks

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close:
            close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport (HTTP/1.1, certificates verified) over :class:`GuardedBackend`."""

    def __init__(self, policy: AddressPolicy, *, resolve: Resolver | None = None,
                 max_connections: int = 16) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=max_connections,
            max_keepalive_connections=max_connections, keepalive_expiry=15.0, retries=0,
            network_backend=GuardedBackend(policy, resolve))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                             port=request.url.port, target=request.url.raw_path),
            headers=request.headers.raw, content=request.stream, extensions=request.extensions)
        with _httpx_errors():
            response = self._pool.handle_request(core)
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_Body(response.stream), extensions=response.extensions)

    def close(self) -> None:
        self._pool.close()
