"""Drive Debian's headless Chromium against a desk served on 127.0.0.1.

Used by the end-to-end tests and by ``scripts/screenshots.sh`` to regenerate the
screenshots in docs/:

    python -m newsdesk.web.shot --db desk.db --page story [--dark] --output docs/screenshot-story.png

No browser is downloaded: this needs ``/usr/bin/chromium`` and ``chromedriver``
(Debian packages ``chromium`` and ``chromium-driver``) and says so clearly when
they are missing.
"""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import NewsdeskError

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--mute-audio")


def find_chromium() -> str | None:
    """The Chromium binary installed by the system's package manager, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(app: Any, host: str = "127.0.0.1", port: int | None = None) -> Iterator[str]:
    """Run an ASGI app with uvicorn in a thread; yields its base URL and stops it afterwards."""
    import uvicorn

    port = port or free_port(host)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise NewsdeskError(f"the web server did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run_chromium(url: str, *, screenshot: str | Path | None = None, size: tuple[int, int] = (1200, 1600),
                 budget_ms: int = 4000, timeout: float = 90) -> str:
    """Load ``url`` headless, let scripts run for ``budget_ms`` of virtual time; the DOM after that.

    With ``screenshot``, also writes a PNG of the window.
    """
    binary = find_chromium()
    if not binary:
        raise NewsdeskError("Chromium is not installed (Debian: apt-get install chromium chromium-driver)")
    with tempfile.TemporaryDirectory(prefix="newsdesk-chromium-") as profile:
        args = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
                f"--virtual-time-budget={budget_ms}"]
        args += [f"--screenshot={Path(screenshot).resolve()}"] if screenshot else ["--dump-dom"]
        done = subprocess.run(args + [url], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise NewsdeskError(f"chromium failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return done.stdout


def find_chromedriver() -> str | None:
    """Debian's chromium-driver (the WebDriver server matching its Chromium), or None."""
    return shutil.which("chromedriver")


class WebDriver:
    """A tiny W3C WebDriver client for Debian's chromedriver: enough to load pages, press keys,
    run a script, switch the colour scheme and take screenshots. Nothing is downloaded."""

    KEYS = {"Tab": "\ue004", "Enter": "\ue007", "Shift": "\ue008"}

    def __init__(self, size: tuple[int, int] = (1200, 1600)) -> None:
        driver, binary = find_chromedriver(), find_chromium()
        if not driver or not binary:
            raise NewsdeskError("Chromium and its driver are not installed (Debian: apt-get install chromium "
                                "chromium-driver)")
        self.port = free_port()
        self._profile = tempfile.TemporaryDirectory(prefix="newsdesk-webdriver-")
        self._process = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        self._wait_ready()
        args = [*CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}", f"--window-size={size[0]},{size[1]}"]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": binary, "args": args}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self._call("GET", "/status", path_only=True).get("ready"):
                    return
            except OSError:
                time.sleep(0.1)
        raise NewsdeskError("chromedriver did not start")

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, *, path_only: bool = False) -> Any:
        import json
        from urllib.request import Request, urlopen

        url = f"http://127.0.0.1:{self.port}" + (path if path_only or path == "/session" else
                                                 f"/session/{self.session}{path}")
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urlopen(request, timeout=120) as response:
                return json.loads(response.read() or b"{}").get("value")
        except Exception as exc:  # an HTTP error carries WebDriver's own message
            detail = getattr(exc, "read", lambda: b"")()[:300]
            if detail:
                raise NewsdeskError(f"webdriver {method} {path}: {detail.decode(errors='replace')}") from exc
            raise

    def get(self, url: str) -> None:
        self._call("POST", "/url", {"url": url})

    @property
    def url(self) -> str:
        url: str = self._call("GET", "/url")
        return url

    def run(self, script: str, *args: Any) -> Any:
        """Run JavaScript in the page (WebDriver's own channel, not subject to the page's CSP)."""
        return self._call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def press(self, *keys: str) -> None:
        """Press and release keys in turn (names from KEYS, or single characters)."""
        actions = []
        for key in keys:
            value = self.KEYS.get(key, key)
            actions += [{"type": "keyDown", "value": value}, {"type": "keyUp", "value": value}]
        self._call("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})

    def click(self, css: str) -> None:
        found = self._call("POST", "/element", {"using": "css selector", "value": css})
        self._call("POST", f"/element/{next(iter(found.values()))}/click", {})

    def color_scheme(self, scheme: str) -> None:
        """Emulate the system's light or dark setting (prefers-color-scheme)."""
        self._call("POST", "/goog/cdp/execute", {"cmd": "Emulation.setEmulatedMedia", "params": {
            "features": [{"name": "prefers-color-scheme", "value": scheme}]}})

    def screenshot(self, path: str | Path) -> Path:
        import base64

        out = Path(path)
        out.write_bytes(base64.b64decode(self._call("GET", "/screenshot")))
        return out

    def close(self) -> None:
        try:
            self._call("DELETE", "")
        except (OSError, NewsdeskError):
            pass
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._profile.cleanup()

    def __enter__(self) -> WebDriver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def screenshot(db: str | Path, output: str | Path, *, page: str = "story", story: str | None = None,
               dark: bool = False, size: tuple[int, int] = (1100, 1700)) -> Path:
    """A PNG of the front page or of a story page (default: the front page's top story),
    in the light or the dark colour scheme."""
    from .app import create_app
    from .data import front_page

    app = create_app(db)
    path = "/" if page == "front" else f"/story/{story or _top_story(app.state.desk.read(front_page))}"
    with serving(app) as base, WebDriver(size=size) as driver:
        driver.color_scheme("dark" if dark else "light")
        driver.get(base + path)
        time.sleep(0.5)  # the chart draws after load
        return driver.screenshot(output)


def _top_story(page: dict[str, Any]) -> str:
    if not page["stories"]:
        raise NewsdeskError("the desk has no stories to show")
    story_id: str = page["stories"][0]["id"]
    return story_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk.web.shot",
                                     description="Screenshot a page of the desk with headless Chromium.")
    parser.add_argument("--db", required=True, help="desk database")
    parser.add_argument("--page", choices=["front", "story"], default="story")
    parser.add_argument("--story", help="story id (default: the top story of the front page)")
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    parser.add_argument("--output", required=True, help="PNG file to write")
    parser.add_argument("--size", default="1100x1700", help="window WIDTHxHEIGHT (default %(default)s)")
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    try:
        out = screenshot(args.db, args.output, page=args.page, story=args.story, dark=args.dark,
                         size=(int(width), int(height)))
    except (NewsdeskError, ValueError) as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
