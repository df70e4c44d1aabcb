"""Settings from the environment (ARSHIF_*), checked as they are read: a value the crawl cannot
use is a SettingsError that names the variable, never a failure later in the crawl."""

from __future__ import annotations

import math
import os


class SettingsError(ValueError):
    """An ARSHIF_* environment variable with a value the crawl cannot use: said in one line."""


def number(name: str, default: float | None, low: float = 0, high: float = 86400) -> float | None:
    """The environment's number for name, from low to high (not NaN, not infinite)."""
    value = os.environ.get(name)
    if not value:
        return default
    try:
        found = float(value)
    except ValueError:
        raise SettingsError(f"environment variable {name}={value!r} is not a number") from None
    if not (math.isfinite(found) and low <= found <= high):
        raise SettingsError(
            f"environment variable {name}={value!r} must be from {low:g} to {high:g}"
        )
    return found


def whole(name: str, default: int | None, low: int, high: int) -> int | None:
    """The environment's whole number for name, from low to high."""
    found = number(name, default, low, high)
    if found is not None and found != int(found):
        raise SettingsError(f"environment variable {name}={found:g} is not a whole number")
    return None if found is None else int(found)


_YES, _NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def flag(name: str, default: bool) -> bool:
    """On or off; any other word is refused (an "enable" read as off let nothing through)."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _YES + _NO:
        raise SettingsError(
            f"environment variable {name}={value!r} must be one of {', '.join(_YES + _NO)}"
        )
    return value in _YES


def header(name: str, default: str) -> str:
    """The environment's value for an HTTP header (the User-Agent): printable ASCII, one
    line, at most 500 characters; a line break would start a header of its own."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if len(value) > 500 or not all(" " <= c <= "~" for c in value):
        raise SettingsError(
            f"environment variable {name}={value[:40]!r} must be one line of printable ASCII"
            " (at most 500 characters)"
        )
    return value
