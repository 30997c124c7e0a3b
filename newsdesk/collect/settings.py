"""Crawler settings in one declarative table: it feeds the CLI flags, the values
stored in the desk (``newsdesk crawler set``), the docs and the tests.

A run's options are the defaults, overridden by the desk's stored values,
overridden by command-line flags.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError

if TYPE_CHECKING:  # the HTTP and runner modules load only when options are built (fast CLI start-up)
    from .runner import CollectOptions

__all__ = ["SETTINGS", "Setting", "options_from", "parse_duration", "parse_setting"]


def _bad(message: str) -> ConfigError:
    """A crawler setting that cannot be used."""
    return ConfigError(message)


def parse_duration(text: str) -> float:
    """Seconds from "90", "90s", "30m", "2h" or "1d"."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(text).lower())
    if not match:
        raise _bad(f"bad duration {text!r}: use a number with s, m, h or d (e.g. 30m)")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


def _networks(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(text).split(",") if part.strip())


def _positive_int(text: str) -> int:
    value = int(str(text).strip())
    if value < 0:
        raise ValueError("negative")
    return value


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    parse: Callable[[str], Any]
    default: Any
    help: str
    target: str  # "fetch.<field>" or "collect.<field>"

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting("contact", str, "", "URL or e-mail address sent in the User-Agent so site owners can reach "
            "you (required)", "fetch.contact"),
    Setting("min_delay", parse_duration, 1.0, "time between two requests to one host, at least "
            "(robots.txt Crawl-delay can raise it)", "fetch.min_delay"),
    Setting("concurrency", _positive_int, 4, "requests in flight at once, over all hosts", "fetch.concurrency"),
    Setting("connect_timeout", parse_duration, 10.0, "time allowed to connect", "fetch.connect_timeout"),
    Setting("timeout", parse_duration, 20.0, "longest silence while reading a response", "fetch.read_timeout"),
    Setting("deadline", parse_duration, 60.0, "time allowed for a whole request, body included",
            "fetch.deadline"),
    Setting("max_bytes", _positive_int, 10_000_000, "largest body read, on the wire and decompressed",
            "fetch.max_bytes"),
    Setting("max_redirects", _positive_int, 5, "redirects followed per request", "fetch.max_redirects"),
    Setting("max_retries", _positive_int, 2, "extra attempts after a timeout or a 408/429/5xx",
            "fetch.max_retries"),
    Setting("allow_networks", _networks, (), "non-public networks that may be contacted (CIDR, comma "
            "separated); by default private, loopback, link-local and metadata addresses are refused",
            "fetch.allow_networks"),
    Setting("max_entries", _positive_int, 30, "entry pages followed per source per run",
            "collect.max_entries"),
)
BY_NAME = {s.name: s for s in SETTINGS}


def parse_setting(name: str, value: str) -> Any:
    setting = BY_NAME.get(name.replace("-", "_"))
    if setting is None:
        raise _bad(f"unknown crawler setting {name!r}; known: {', '.join(BY_NAME)}")
    try:
        return setting.parse(value)
    except (ValueError, TypeError) as exc:
        raise _bad(f"bad value {value!r} for {setting.name}: {exc}") from exc


def options_from(stored: Mapping[str, str], overrides: Mapping[str, Any] | None = None,
                 base: CollectOptions | None = None) -> CollectOptions:
    """Options from the desk's stored settings, then ``overrides`` (already parsed; None = unset)."""
    from .runner import CollectOptions

    base = base or CollectOptions()
    fetch_changes: dict[str, Any] = {}
    collect_changes: dict[str, Any] = {}
    for setting in SETTINGS:
        value = None
        if setting.name in stored:
            value = parse_setting(setting.name, stored[setting.name])
        if overrides and overrides.get(setting.name) is not None:
            value = overrides[setting.name]
        if value is None:
            continue
        group, field_name = setting.target.split(".")
        (fetch_changes if group == "fetch" else collect_changes)[field_name] = value
    fetch = replace(base.fetch, **fetch_changes)
    return replace(base, fetch=fetch, **collect_changes)


def check_targets() -> None:
    """Every setting names a real option field (the tests call this)."""
    from .http import FetchOptions
    from .runner import CollectOptions

    names = {"fetch": {f.name for f in fields(FetchOptions)}, "collect": {f.name for f in fields(CollectOptions)}}
    for setting in SETTINGS:
        group, field_name = setting.target.split(".")
        assert field_name in names[group], setting.name


_BLOCKED_ADDRESS = re.compile(r"address ([0-9a-fA-F.:]+)")


def is_policy_block(reason: str) -> bool:
    """A refusal by the desk's own rules (address policy, robots.txt): nothing wrong with the source."""
    return reason.startswith("blocked:")


def block_hint(reason: str) -> str:
    """A block's reason followed by the setting that changes it (other reasons unchanged)."""
    if not is_policy_block(reason):
        return reason
    if "robots.txt" in reason:
        return f"{reason} (the site's robots.txt decides; no newsdesk setting overrides it)"
    if "local host name" in reason:
        return (f"{reason} (names like localhost are never looked up: use the address, e.g. 127.0.0.1, and "
                "allow it with `newsdesk crawler set allow_networks 127.0.0.1/32`)")
    found = _BLOCKED_ADDRESS.search(reason)
    if found:
        net = found.group(1) + ("/128" if ":" in found.group(1) else "/32")
        return (f"{reason} (to collect from it on purpose: `newsdesk crawler set allow_networks {net}`, "
                f"or --allow-network {net} for one run)")
    return f"{reason} (see `newsdesk crawler show` for the settings)"
