"""The HTTP layer against a local server that misbehaves on purpose (no network)."""
from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpcore
import pytest
from fixtures.collect.localserver import burst, compressed, conditional, gzip_bomb, hang, redirect, streamed, trickle

from newsdesk.collect.bodies import decoder_for, read_limited
from newsdesk.collect.guard import AddressPolicy, refusal
from newsdesk.collect.http import Fetcher, FetchOptions, user_agent
from newsdesk.errors import ConfigError, FetchError

CONTACT = "https://example.org/newsdesk-tests"
# Timeouts roomy enough that a busy machine's slow local server is not taken for a failing one (which
# would retry and add hits); the tests of timeouts set their own, short ones.
OPTIONS = FetchOptions(contact=CONTACT, min_delay=0.0, allow_networks=("127.0.0.1/32",), connect_timeout=3.0,
                       read_timeout=3.0, deadline=6.0, backoff=0.01, max_retry_after=2.0)
PAGE = "<html><body><p>A small page with a paragraph of text.</p></body></html>"


def resolver(mapping: dict[str, list[str]], calls: list | None = None):
    """A getaddrinfo stand-in: test host names resolve to the given addresses."""
    def resolve(host, port, type=0, **_):
        if calls is not None:
            calls.append(host)
        if host not in mapping:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in mapping[host]]
    return resolve


def fetcher(resolve=None, **changes) -> Fetcher:
    return Fetcher(replace(OPTIONS, **changes), resolve=resolve)


# -- address policy -------------------------------------------------------------------
# The ranges of issue 11, written out here (not imported): the guard must refuse exactly these.
REFUSED_V4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
              "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
              "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4"]
REFUSED_V6 = ["::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "100::/64", "2001::/23",
              "2001:db8::/32"]
METADATA = ["169.254.169.254", "168.63.129.16", "100.100.100.200", "fd00:ec2::254"]
PUBLIC = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
          "192.0.1.0", "192.0.3.0", "198.17.255.255", "198.20.0.0", "223.255.255.255", "2606:4700::1111",
          "2001:4860:4860::8888", "2001:200::1", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"]


def _edges(cidr: str) -> list[str]:
    net = ipaddress.ip_network(cidr)
    return [str(net[0]), str(net[net.num_addresses // 2]), str(net[-1])]


def _wrapped(v4: str) -> list[str]:
    """The IPv6 forms that carry an IPv4 address: mapped, compatible, NAT64 and 6to4."""
    n = int(ipaddress.IPv4Address(v4))
    return [f"::ffff:{v4}", str(ipaddress.IPv6Address(n)) if n > 1 else "::ffff:" + v4,
            str(ipaddress.IPv6Address((0x64FF9B << 96) | n)), str(ipaddress.IPv6Address((0x2002 << 112) | (n << 80)))]


@pytest.mark.parametrize("cidr", REFUSED_V4 + REFUSED_V6)
def test_every_refused_range_is_refused_at_both_ends_and_inside(cidr):
    policy = AddressPolicy()
    for address in _edges(cidr):
        assert policy.check_address(address) is not None, address
        assert policy.check_name(address if ":" not in address else f"[{address}]") is not None, address


@pytest.mark.parametrize("cidr", REFUSED_V4)
def test_an_ipv4_range_is_refused_inside_every_ipv6_wrapping(cidr):
    policy = AddressPolicy()
    for v4 in _edges(cidr):
        for address in _wrapped(v4):
            assert policy.check_address(address) is not None, (v4, address)


@pytest.mark.parametrize("address", METADATA)
def test_metadata_addresses_stay_refused_under_a_broad_allowance(address):
    broad = AddressPolicy(("0.0.0.0/0", "::/0"))
    assert broad.check_address(address) == f"cloud metadata address {address}"
    assert AddressPolicy((f"{address}/{32 if '.' in address else 128}",)).check_address(address) is None


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_next_to_the_ranges_are_allowed(address):
    assert AddressPolicy().check_address(address) is None


@pytest.mark.parametrize("address,reason", [
    ("10.0.0.1", "private address 10.0.0.1"), ("127.3.2.1", "loopback address 127.3.2.1"),
    ("192.0.0.192", "reserved (IETF protocol) address 192.0.0.192"), ("fec0::1", "site-local address fec0::1"),
    ("::ffff:10.0.0.1", "private address 10.0.0.1"),
    ("2002:a00:1::", "tunnelled private address 10.0.0.1 (in 2002:a00:1::)"),
    ("64:ff9b::a9fe:a9fe", "tunnelled cloud metadata address 169.254.169.254 (in 64:ff9b::a9fe:a9fe)"),
])
def test_refusals_say_why(address, reason):
    assert AddressPolicy().check_address(address) == reason


def test_allowed_networks_open_only_what_they_name():
    policy = AddressPolicy(("127.0.0.1/32",))
    assert policy.check_address("127.0.0.1") is None
    assert policy.check_address("127.0.0.2") is not None
    assert AddressPolicy(("0.0.0.0/0",)).check_address("169.254.169.254") == "cloud metadata address 169.254.169.254"
    assert AddressPolicy(("169.254.169.254/32",)).check_address("169.254.169.254") is None
    assert refusal(ipaddress.ip_address("10.1.1.1"), (ipaddress.ip_network("10.0.0.0/8"),)) is None
    with pytest.raises(ConfigError, match="bad network"):
        AddressPolicy(("not-a-network",))


def test_a_contact_is_required_and_checked():
    with pytest.raises(FetchError, match="no crawler contact"):
        Fetcher(FetchOptions())
    with pytest.raises(FetchError, match="neither"):
        user_agent("call me maybe")
    assert user_agent("ops@example.org").endswith("(+ops@example.org)")


# -- the happy path, robots.txt and politeness ----------------------------------------------
def test_fetch_identifies_itself_and_obeys_robots_txt(local_site):
    local_site.page("/robots.txt", "User-agent: *\nDisallow: /private\n", "text/plain")
    local_site.page("/a", PAGE)
    local_site.page("/private/x", PAGE)
    with fetcher() as f:
        ok = f.fetch(local_site.url("/a"))
        again = f.fetch(local_site.url("/a"))
        refused = f.fetch(local_site.url("/private/x"))
    assert ok.ok and ok.status == 200 and ok.content == PAGE.encode() and again.ok
    assert ok.content_type.startswith("text/html") and ok.final_url == local_site.url("/a")
    agent = local_site.hits("/a")[0].headers["user-agent"]
    assert agent.startswith("newsdesk/") and CONTACT in agent
    assert refused.reason == "blocked: robots.txt disallows it" and not refused.transient
    assert local_site.hits("/private/x") == []
    assert len(local_site.hits("/robots.txt")) == 1  # cached per origin
    assert [r.purpose for r in f.side_log] == ["robots"]


def test_robots_txt_for_our_agent_group_wins(local_site):
    local_site.page("/robots.txt", "User-agent: *\nDisallow: /\n\nUser-agent: newsdesk\nDisallow: /drafts$\n",
                    "text/plain")
    local_site.page("/news", PAGE)
    with fetcher() as f:
        assert f.fetch(local_site.url("/news")).ok
        assert f.fetch(local_site.url("/drafts")).reason == "blocked: robots.txt disallows it"


@pytest.mark.parametrize("status,allowed", [(404, True), (403, True), (503, False), (429, False)])
def test_robots_txt_status_decides_for_the_whole_site(local_site, status, allowed):
    local_site.page("/robots.txt", "nope", "text/plain", status=status)
    local_site.page("/a", PAGE)
    with fetcher() as f:
        result = f.fetch(local_site.url("/a"))
    if allowed:
        assert result.ok
    else:
        assert result.reason.startswith("blocked: robots.txt unavailable") and result.transient
        assert local_site.hits("/a") == []


def test_crawl_delay_and_min_delay_space_requests_to_one_host(local_site):
    local_site.page("/robots.txt", "User-agent: *\nCrawl-delay: 0.3\n", "text/plain")
    local_site.page("/a", PAGE)
    with fetcher(min_delay=0.1) as f:
        for _ in range(3):
            assert f.fetch(local_site.url("/a")).ok
    starts = [h.started for h in local_site.log]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert gaps[0] >= 0.09  # robots.txt, then the first page: our own minimum
    assert all(g >= 0.29 for g in gaps[1:]), gaps  # the site's Crawl-delay


def test_one_request_at_a_time_per_host_and_a_global_limit(local_site):
    def slow(req):
        time.sleep(0.05)
        req.reply(200, PAGE)

    local_site.route("/slow", slow)
    hosts = [f"h{i}.test" for i in range(4)]
    resolve = resolver({h: ["127.0.0.1"] for h in hosts})
    with fetcher(resolve, concurrency=2) as f:
        threads = [threading.Thread(target=f.fetch, args=(local_site.url("/slow", h),))
                   for h in hosts for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    pages = [h for h in local_site.log if h.path == "/slow"]
    assert len(pages) == 12
    assert all(local_site.max_active[h] == 1 for h in hosts)
    assert local_site.max_total_active <= 2


def test_a_host_asking_for_long_delays_is_deferred_not_waited_for(local_site):
    local_site.page("/robots.txt", "User-agent: *\nCrawl-delay: 60\n", "text/plain")
    local_site.page("/a", PAGE)
    with fetcher(max_host_wait=1.0) as f:
        first = f.fetch(local_site.url("/a"))
        started = time.monotonic()
        second = f.fetch(local_site.url("/a"))
    assert first.ok
    assert second.reason.startswith("deferred:") and second.transient and second.attempts == 1
    assert time.monotonic() - started < 1.0


def test_a_stop_interrupts_the_wait_for_a_turn(local_site):
    local_site.page("/a", PAGE)
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    with fetcher(min_delay=30.0) as f:
        result = f.fetch(local_site.url("/a"), cancel=stop)  # robots.txt first, then a 30 s wait
    assert result.reason.startswith("cancelled") and result.transient and result.attempts == 1
    assert time.monotonic() - started < 2.0 and local_site.hits("/a") == []


# -- slow, silent and failing servers -------------------------------------------------------
@pytest.mark.parametrize("headers_too", [False, True])
def test_a_trickling_server_cannot_hold_a_request_past_the_deadline(local_site, headers_too):
    local_site.route("/trickle", trickle(0.05, headers_too=headers_too))
    started = time.monotonic()
    with fetcher(deadline=1.0, read_timeout=0.5) as f:
        result = f.fetch(local_site.url("/trickle"))
    elapsed = time.monotonic() - started
    assert result.reason == "timeout: no complete response within the deadline"
    assert not result.transient and result.attempts == 1
    assert elapsed < 1.6, elapsed


def test_a_silent_server_times_out_and_is_retried_a_bounded_number_of_times(local_site):
    local_site.route("/hang", hang())
    started = time.monotonic()
    with fetcher(read_timeout=0.3, max_retries=2) as f:
        result = f.fetch(local_site.url("/hang"))
    assert result.reason == "timeout: read" and result.transient
    assert result.attempts == 3 and len(local_site.hits("/hang")) == 3
    assert time.monotonic() - started < 3.0


def test_a_5xx_burst_with_retry_after_is_retried_until_it_passes(local_site):
    local_site.route("/busy", burst(2, 503, retry_after="0", then=lambda req: req.reply(200, PAGE)))
    with fetcher(max_retries=2) as f:
        result = f.fetch(local_site.url("/busy"))
    assert result.ok and result.attempts == 3 and len(local_site.hits("/busy")) == 3


def test_429_retry_after_seconds_are_honoured(local_site):
    local_site.route("/limited", burst(1, 429, retry_after="1", then=lambda req: req.reply(200, PAGE)))
    with fetcher() as f:
        result = f.fetch(local_site.url("/limited"))
    first, second = local_site.hits("/limited")
    assert result.ok and second.started - first.started >= 0.95


def test_a_retry_after_beyond_the_cap_gives_up_and_reports_it(local_site):
    local_site.route("/later", burst(9, 503, retry_after="3600"))
    with fetcher(max_retry_after=2.0) as f:
        result = f.fetch(local_site.url("/later"))
    assert result.status == 503 and result.transient and result.retry_after == 3600
    assert result.reason == "http 503 (retry after 3600 s)"
    assert len(local_site.hits("/later")) == 1


@pytest.mark.parametrize("status", [400, 403, 404, 410, 501])
def test_permanent_statuses_are_not_retried(local_site, status):
    local_site.page("/p", "no", "text/plain", status=status)
    with fetcher(max_retries=3) as f:
        result = f.fetch(local_site.url("/p"))
    assert result.status == status and result.reason == f"http {status}" and not result.transient
    assert len(local_site.hits("/p")) == 1


def test_a_refused_connection_is_a_transient_failure():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with fetcher(max_retries=1) as f:
        result = f.fetch(f"http://127.0.0.1:{port}/x")
    assert result.reason.startswith("blocked: robots.txt unreachable (connection failed")
    assert result.transient  # the site may come back: try again in a later run


# -- redirects and the address policy -------------------------------------------------------
def test_redirects_are_followed_and_recorded(local_site):
    local_site.route("/old", redirect("/new", 301))
    local_site.page("/new", PAGE)
    with fetcher() as f:
        result = f.fetch(local_site.url("/old"))
    assert result.ok and result.final_url == local_site.url("/new")
    assert result.redirects == [local_site.url("/new")]


def test_redirect_loops_and_long_chains_fail_with_their_reason(local_site):
    local_site.route("/loop-a", redirect("/loop-b"))
    local_site.route("/loop-b", redirect("/loop-a"))
    for i in range(8):
        local_site.route(f"/hop{i}", redirect(f"/hop{i + 1}"))
    with fetcher(max_redirects=5) as f:
        loop = f.fetch(local_site.url("/loop-a"))
        chain = f.fetch(local_site.url("/hop0"))
    assert loop.reason.startswith("redirect loop") and not loop.transient
    assert chain.reason == "too many redirects (more than 5)"
    assert len([h for h in local_site.log if h.path.startswith("/hop")]) == 6


@pytest.mark.parametrize("target,reason", [
    ("http://10.0.0.7/admin", "blocked: private address 10.0.0.7"),
    ("http://169.254.169.254/latest/meta-data/", "blocked: cloud metadata address 169.254.169.254"),
    ("http://[::1]:8080/", "blocked: loopback address ::1"),
    ("http://localhost:8080/", "blocked: local host name 'localhost'"),
    ("http://internal.test/", "blocked: private address 192.168.0.9"),
    ("file:///etc/passwd", "blocked: only http and https are fetched, not file"),
])
def test_a_redirect_into_a_private_network_is_refused(local_site, target, reason):
    local_site.route("/jump", redirect(target))
    calls: list = []
    with fetcher(resolver({"127.0.0.1": ["127.0.0.1"], "internal.test": ["192.168.0.9"]}, calls)) as f:
        result = f.fetch(local_site.url("/jump"))
    assert result.reason == reason and not result.transient


def test_names_are_resolved_once_per_connection_and_the_checked_address_is_connected(local_site, monkeypatch):
    local_site.page("/a", PAGE)
    local_site.page("/b", PAGE, headers={"Connection": "close"})  # forces a new connection next time
    answers = iter([["127.0.0.1"], ["10.9.9.9"]])  # a rebinding DNS server
    calls: list[str] = []
    connected: list[str] = []
    original = httpcore.SyncBackend.connect_tcp

    def spy(self, host, port, *args, **kwargs):
        connected.append(host)
        return original(self, host, port, *args, **kwargs)

    def rebinding(host, port, type=0, **_):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", spy)
    with fetcher(rebinding) as f:
        first = f.fetch(local_site.url("/a", host="news.test"))  # robots.txt and /a: one connection
        second = f.fetch(local_site.url("/b", host="news.test"))  # same connection, closed after it
        third = f.fetch(local_site.url("/a", host="news.test"))  # new connection: DNS now says 10.9.9.9
    assert first.ok and second.ok
    assert third.reason == "blocked: private address 10.9.9.9"
    assert calls == ["news.test", "news.test"] and connected == ["127.0.0.1"]
    assert local_site.hits("/a")[0].headers["host"] == f"news.test:{local_site.port}"


def test_only_allowed_addresses_of_a_name_are_tried(local_site, monkeypatch):
    local_site.page("/a", PAGE)
    connected: list[str] = []
    original = httpcore.SyncBackend.connect_tcp
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp",
                        lambda self, host, port, *a, **k: connected.append(host) or original(self, host, port, *a, **k))
    with fetcher(resolver({"mixed.test": ["10.0.0.3", "127.0.0.1"], "private.test": ["10.0.0.3"]})) as f:
        assert f.fetch(local_site.url("/a", host="mixed.test")).ok
        refused = f.fetch(local_site.url("/a", host="private.test"))
    assert set(connected) == {"127.0.0.1"}
    assert refused.reason == "blocked: private address 10.0.0.3"


def test_unknown_names_and_bad_urls_fail_cleanly():
    with fetcher(resolver({})) as f:
        assert f.fetch("http://nowhere.test/x").reason == "dns: host not found"
        assert f.fetch("https://user:secret@example.org/").reason == "blocked: URLs with credentials are not fetched"
        assert f.fetch("http:///nohost").reason == "bad url: no host"
        assert f.fetch("http://example.org:99999/").reason.startswith("bad url")


def test_a_slow_resolver_counts_against_the_connect_timeout():
    def slow(host, port, type=0, **_):
        time.sleep(3)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    started = time.monotonic()
    with fetcher(slow, connect_timeout=0.3, max_retries=0) as f:
        result = f.fetch("http://slow-dns.test/x")
    assert result.reason.startswith("blocked: robots.txt unreachable (timeout: connect")
    assert time.monotonic() - started < 1.5


# -- bodies: size caps and decompression ------------------------------------------------
def test_a_declared_oversized_body_is_refused_before_reading(local_site):
    local_site.route("/big", streamed(5_000_000, declare_length=True))
    with fetcher(max_bytes=1_000_000) as f:
        result = f.fetch(local_site.url("/big"))
    assert result.reason == "too large: 5,000,000 bytes declared, over 1,000,000" and result.content == b""


def test_an_undeclared_oversized_body_is_cut_off_while_streaming(local_site):
    local_site.route("/endless", streamed(50_000_000))
    tracemalloc.start()
    try:
        with fetcher(max_bytes=1_000_000, deadline=5.0) as f:
            result = f.fetch(local_site.url("/endless"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.reason == "too large: over 1,000,000 bytes on the wire"
    assert peak < 8_000_000, peak


def test_a_gzip_bomb_is_stopped_not_inflated(local_site):
    local_site.route("/bomb", gzip_bomb(200_000_000))
    tracemalloc.start()
    try:
        with fetcher(max_bytes=1_000_000, deadline=5.0) as f:
            result = f.fetch(local_site.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.reason == "too large: over 1,000,000 bytes after decompression"
    assert peak < 8_000_000, peak


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "deflate-raw", "br"])
def test_compressed_bodies_are_decoded(local_site, encoding):
    if encoding == "br":
        pytest.importorskip("brotli", reason="brotli is not installed: br is not requested")
    local_site.route("/z", compressed(PAGE.encode() * 50, encoding))
    with fetcher() as f:
        result = f.fetch(local_site.url("/z"))
    assert result.ok and result.content == PAGE.encode() * 50


def test_an_unknown_or_broken_encoding_is_a_clear_failure(local_site):
    local_site.page("/zstd", b"\x28\xb5\x2f\xfd garbage", "text/html", headers={"Content-Encoding": "zstd"})
    local_site.page("/broken", b"this is not gzip at all", "text/html", headers={"Content-Encoding": "gzip"})
    with fetcher() as f:
        assert f.fetch(local_site.url("/zstd")).reason == "unsupported content-encoding zstd"
        assert f.fetch(local_site.url("/broken")).reason == "broken compressed body"


def test_bounded_decoders_stop_at_the_limit():
    import zlib

    bomb = zlib.compress(b"\0" * 5_000_000)
    with pytest.raises(FetchError, match="after decompression"):
        read_limited([bomb[i:i + 1000] for i in range(0, len(bomb), 1000)], "deflate", 100_000)
    assert read_limited([b"abc"], None, 3) == b"abc"
    with pytest.raises(FetchError, match="on the wire"):
        read_limited([b"abcd"], "identity", 3)
    import gzip

    twice = gzip.compress(gzip.compress(b"layers"))
    assert read_limited([twice], "gzip, gzip", 100) == b"layers"
    assert decoder_for("identity", 10).feed(b"x") == b"x"


def test_conditional_get_returns_not_modified(local_site):
    local_site.route("/feed", conditional("<rss version='2.0'><channel/></rss>", '"v1"'))
    with fetcher() as f:
        first = f.fetch(local_site.url("/feed"), purpose="feed")
        second = f.fetch(local_site.url("/feed"), etag=first.etag, last_modified=first.last_modified,
                         purpose="feed")
    assert first.ok and first.etag == '"v1"' and first.last_modified
    assert second.not_modified and second.reason == "not modified" and not second.ok
    assert local_site.hits("/feed")[1].headers["if-none-match"] == '"v1"'


# -- TLS -----------------------------------------------------------------------------------
@pytest.fixture
def self_signed_server(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: cannot make a self-signed certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    hits: list[str] = []
    handshakes: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    class CountingServer(HTTPServer):
        def get_request(self):
            handshakes.append(1)
            return super().get_request()

        def handle_error(self, request, client_address):
            pass

    server = CountingServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1], hits, handshakes
    server.shutdown()
    server.server_close()


def test_certificate_errors_are_errors_and_never_retried(self_signed_server):
    port, hits, handshakes = self_signed_server
    with fetcher(max_retries=3) as f:
        result = f.fetch(f"https://127.0.0.1:{port}/page")
        time.sleep(0.1)
    assert result.reason.startswith("tls: certificate verify failed") and not result.transient
    assert hits == [] and len(handshakes) == 1  # robots.txt failed the handshake; nothing was retried
