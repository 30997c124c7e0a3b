"""Sub-command ``crawler``: settings stored in the desk (show, set, unset), the flags that
override them for one run, and the options a run gets from both."""
from __future__ import annotations

import argparse
import sys

from ..errors import ConfigError
from ..store import Store
from .output import printable


def register(sub) -> None:
    p = sub.add_parser("crawler", help="crawler settings stored in the desk (contact, delays, limits)")
    csub = p.add_subparsers(dest="crawler_command", metavar="ACTION")
    csub.required = True
    csub.add_parser("show", help="every setting and its value").set_defaults(handler=cmd_crawler_show)
    s = csub.add_parser("set", help="store a setting")
    s.add_argument("key")
    s.add_argument("value")
    s.set_defaults(handler=cmd_crawler_set, writes=True)
    u = csub.add_parser("unset", help="back to the default")
    u.add_argument("key")
    u.set_defaults(handler=cmd_crawler_unset, writes=True)


def add_crawler_flags(p: argparse.ArgumentParser) -> None:
    from ..collect.settings import SETTINGS

    group = p.add_argument_group("crawler settings (override `newsdesk crawler set`)")
    for setting in SETTINGS:
        if setting.name == "allow_networks":
            group.add_argument("--allow-network", dest="allow_networks", action="append", metavar="CIDR",
                               help=setting.help)
        else:
            group.add_argument(setting.flag, dest=setting.name, default=None, metavar="VALUE",
                               help=f"{setting.help} (default {setting.default!r})")
    p.add_argument("--quiet", action="store_true", help="no progress lines")


def collect_options(store: Store, args):
    """The desk's crawler settings with this run's flags over them."""
    from ..collect.settings import SETTINGS, options_from, parse_setting

    overrides = {}
    for setting in SETTINGS:
        value = getattr(args, setting.name, None)
        if value is None:
            continue
        overrides[setting.name] = (tuple(value) if setting.name == "allow_networks"
                                   else parse_setting(setting.name, value))
    options = options_from(store.collect_settings(), overrides)
    if options.fetch.min_delay < 1.0:
        print(f"newsdesk: warning: min_delay {options.fetch.min_delay:g} s is below the polite 1 s",
              file=sys.stderr)
    return options


def cmd_crawler_show(args) -> int:
    from ..collect.settings import SETTINGS

    with Store(args.db) as store:
        stored = store.collect_settings()
    for s in SETTINGS:
        value = stored.get(s.name)
        shown = printable(value) if value is not None else f"{s.default!r} (default)"
        print(f"{s.name:<16} {shown}\n{'':<16} {s.help}")
    return 0


def cmd_crawler_set(args) -> int:
    from ..collect.http import user_agent
    from ..collect.settings import parse_setting

    key = args.key.replace("-", "_")
    value = parse_setting(key, args.value)
    if key == "contact":
        user_agent(value)  # refuses a malformed contact now rather than at the first run
    if key == "allow_networks":
        from ..collect.guard import AddressPolicy

        AddressPolicy(value)
    with Store(args.db) as store:
        store.set_collect_setting(key, args.value)
        released = store.release_blocked_sources()
    print(f"{key} = {printable(args.value)}")
    _say_released(released)
    return 0


def cmd_crawler_unset(args) -> int:
    from ..collect.settings import BY_NAME

    key = args.key.replace("-", "_")
    if key not in BY_NAME:
        raise ConfigError(f"unknown crawler setting {args.key!r}; known: {', '.join(BY_NAME)}")
    with Store(args.db) as store:
        store.set_collect_setting(key, None)
        released = store.release_blocked_sources()
    print(f"{key} back to its default")
    _say_released(released)
    return 0


def _say_released(released: int) -> None:
    if released:
        print(f"{released} source{'s' if released != 1 else ''} blocked by a setting will be polled at the next run")
