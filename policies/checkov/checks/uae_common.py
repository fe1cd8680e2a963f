"""Shared helpers for the CKV_UAE_* checks in this directory (no check lives here).

checkov's terraform_json parser wraps most values in one-element lists
({"region": ["me-central-1"]}); `literal()` unwraps them. Every helper answers
"is this a value we can judge?": a missing value, a "${...}" interpolation or a
list of several values is unresolvable, and an unresolvable value is a failure.

checkov turns an exception inside a check into UNKNOWN, which reports nothing,
so `fail_closed` turns any exception into FAILED with the reason in `details`.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Callable, TypeVar

from checkov.common.models.enums import CheckResult

UAE_REGION = "me-central-1"
REQUIRED_TAG_KEYS = ("environment", "owner", "cost-center", "data-classification")
DATA_CLASSIFICATIONS = ("public", "internal", "confidential", "restricted")
CONTROLS = "policies/controls.yaml"

_UNRESOLVED = re.compile(r"\$\{|%\{")
_NOT_SET = object()

F = TypeVar("F", bound=Callable[..., CheckResult])


def fail_closed(scan: F) -> F:
    """Decorate scan_*_conf: an exception is a FAILED result with its reason, never UNKNOWN."""

    @functools.wraps(scan)
    def wrapper(self: Any, conf: dict[str, Any]) -> CheckResult:
        try:
            return scan(self, conf)
        except Exception as exc:  # noqa: BLE001 - a check that cannot decide must fail
            self.details.append(f"{self.id} could not evaluate this block ({exc!r}); failing closed")
            return CheckResult.FAILED

    return wrapper  # type: ignore[return-value]


def unwrap(value: Any) -> Any:
    """Strip checkov's one-element list wrapping; [] becomes None."""
    while isinstance(value, list):
        if not value:
            return None
        if len(value) > 1:
            return value
        value = value[0]
    return value


def is_unresolved(value: Any) -> bool:
    return isinstance(value, str) and _UNRESOLVED.search(value) is not None


def literal(value: Any) -> str | None:
    """The value as a plain string, or None when it is missing, not a string, or an interpolation."""
    value = unwrap(value)
    if not isinstance(value, str) or is_unresolved(value):
        return None
    return value


def block(value: Any) -> dict[str, Any] | None:
    """A nested block or map (tags, metadata, labels) as a dict, or None when it cannot be read."""
    value = unwrap(value)
    return value if isinstance(value, dict) else None


def tag_problems(tags: Any, where: str) -> list[str]:
    """What is wrong with a tag map against the house tag rules; [] when it complies."""
    tag_map = block(tags)
    if tag_map is None:
        return [f"{where} is not a literal map (got {unwrap(tags)!r}); the required tags cannot be verified"]
    problems = []
    for key in REQUIRED_TAG_KEYS:
        if key not in tag_map:
            problems.append(f"{where} has no '{key}'")
            continue
        value = literal(tag_map[key])
        if value is None or not value.strip():
            problems.append(f"{where}['{key}'] must be a non-empty literal (got {unwrap(tag_map[key])!r})")
        elif key == "data-classification" and value not in DATA_CLASSIFICATIONS:
            problems.append(f"{where}['data-classification'] is {value!r}; allowed: {', '.join(DATA_CLASSIFICATIONS)}")
    return problems


def has_key(conf: dict[str, Any], key: str) -> bool:
    """True when the block sets `key` to something other than null."""
    return unwrap(conf.get(key, _NOT_SET)) not in (_NOT_SET, None)
