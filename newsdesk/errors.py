"""One exception tree for newsdesk.

    NewsdeskError
    ├── InputError          a file or page that cannot be read as an article
    │   ├── UnsupportedInput    binary, empty, unknown format
    │   └── InputTooLarge       over the size cap
    ├── ConfigError         a setting that cannot be used (says which and why)
    ├── StoreError          the desk database is missing, locked or too new
    ├── FetchError          (collect) a URL could not be fetched; carries a reason
    │   └── BlockedURL          refused by policy (private address, robots.txt, scheme)
    └── StoryNotFound       no story with that id
"""
from __future__ import annotations


class NewsdeskError(Exception):
    """Base class: every error newsdesk raises on purpose."""


class InputError(NewsdeskError):
    """An input that cannot become an article."""


class UnsupportedInput(InputError):
    pass


class InputTooLarge(InputError):
    pass


class ConfigError(NewsdeskError):
    """A setting that cannot be used; the message names it and says what is allowed."""


class StoreError(NewsdeskError):
    pass


class FetchError(NewsdeskError):
    def __init__(self, message: str, *, url: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.url = url
        self.reason = reason or message


class BlockedURL(FetchError):
    pass


class StoryNotFound(NewsdeskError):
    pass
