"""Issue 11: the web server answers only to its own names, writes only with Origin and token,
and never gives a 500 for what a client sends."""
from __future__ import annotations

import random
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_desk import build_desk, fake_report_builder

from newsdesk.web import create_app
from newsdesk.web.app import host_name


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    path = tmp_path_factory.mktemp("robust-web") / "desk.db"
    return path, build_desk(path)


def client(path, **kwargs) -> TestClient:
    return TestClient(create_app(path, **kwargs), base_url="http://127.0.0.1:8000")


@pytest.mark.parametrize("host,allowed", [
    ("127.0.0.1:8000", True), ("localhost", True), ("LOCALHOST:8000", True), ("[::1]:8000", True),
    ("desk.lan:8000", True),  # passed with --allow-host
    ("evil.example", False), ("127.0.0.1.evil.example", False), ("localhost.evil.example:8000", False),
    ("", False), ("10.0.0.5:8000", False),
])
def test_the_host_header_must_name_this_server(desk, monkeypatch, host, allowed):
    monkeypatch.delenv("NEWSDESK_ALLOW_HOSTS", raising=False)
    with client(desk[0], allowed_hosts=("desk.lan",)) as c:
        for path in ("/", "/index.json", f"/story/{desk[1]['growing']['story']}.json", "/static/style.css"):
            response = c.get(path, headers={"host": host})
            assert (response.status_code < 400) == allowed, (path, host, response.status_code)
            if not allowed:
                assert response.status_code == 400 and "Host" in response.json()["error"]
                assert response.headers["x-frame-options"] == "DENY"  # refusals carry the security headers


def test_host_names_compare_without_port_and_brackets():
    assert [host_name(h) for h in ("A.example:80", "[::1]:8000", "::1", "127.0.0.1")] == \
        ["a.example", "::1", "::1", "127.0.0.1"]


def test_a_write_needs_this_servers_origin_and_the_page_token(desk):
    sid = desk[1]["growing"]["story"]
    with client(desk[0], report=fake_report_builder(desk[1]), writable=True) as c:
        page = c.get(f"/story/{sid}").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        here = {"origin": "http://127.0.0.1:8000"}
        assert c.post(f"/story/{sid}/brief", headers=here).status_code == 403  # no token
        assert c.post(f"/story/{sid}/brief", headers=here, data={"csrf": "x" + token}).status_code == 403
        assert c.post(f"/story/{sid}/brief", headers={"origin": "http://evil.example"},
                      data={"csrf": token}).status_code == 403
        assert c.post(f"/story/{sid}/brief", headers={**here, "sec-fetch-site": "cross-site"},
                      data={"csrf": token}).status_code == 403
        assert c.post(f"/story/{sid}/brief", data={"csrf": token, "pad": "x" * 10_000}).status_code == 413
        # DNS rebinding: the attacker's name as Host, and the matching Origin
        rebound = {"host": "evil.example", "origin": "http://evil.example"}
        assert c.post(f"/story/{sid}/brief", headers=rebound, data={"csrf": token}).status_code == 400
        done = c.post(f"/story/{sid}/brief", headers=here, data={"csrf": token}, follow_redirects=False)
        assert done.status_code == 303
        assert c.post(f"/story/{sid}/brief", headers={"x-csrf-token": token},
                      follow_redirects=False).status_code == 303  # a script without Origin, with the token


def test_over_long_or_nul_parameters_are_a_400_and_odd_ones_never_a_500(desk):
    with client(desk[0]) as c:
        assert c.get("/story/" + "a" * 50_000).status_code == 400
        assert c.get("/story/" + "a" * 1_500 + ".json").status_code == 404
        assert c.get("/search?q=%00").status_code == 400
        assert c.get("/search.json?q=" + "x" * 5_000).status_code == 400
        assert c.get("/article/x%00y").status_code == 400
        assert c.get("/story/%25.json").status_code == 404  # a LIKE wildcard is not a prefix of every id
        rng = random.Random(11)
        alphabet = "aZ09%_*\"'()[]{}<>;:-+^~\\/.,?&=#\u00e9\u202e\ud7ff\U0001f600 \t\x01\x7f"
        for _ in range(150):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            for path in (f"/search.json?q={quote(text)}", f"/search?q={quote(text)}",
                         f"/story/{quote(text, safe='')}.json", f"/article/{quote(text, safe='')}",
                         f"/article/{quote(text, safe='')}.json?hl={quote(text)}", f"/story/x?region={quote(text)}"):
                status = c.get(path).status_code
                assert status < 500, (path, status)
