"""Editor marks, `<!-- verify: … -->`: found and removed (see xaso/verification.py)."""

from __future__ import annotations

import re

MARK = re.compile(r"[ \t]*<!--\s*verify:\s*(?P<note>.*?)\s*-->", re.S)
# What learners must never see any more: the old inline notes.
LEARNER_VISIBLE_NOTES = re.compile(r"\((?:cần kiểm chứng|to be verified)[^)]*\)|<!--\s*verify:", re.I)


def strip(text: str) -> str:
    """`text` without editor marks; a mark spanning lines leaves its line breaks, so the lines
    after it keep their numbers in error messages."""
    return MARK.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def strip_all(value):
    """`value` (data loaded from YAML) with every editor mark removed from its texts."""
    if isinstance(value, str):
        return strip(value) if "<!--" in value else value
    if isinstance(value, dict):
        return {k: strip_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_all(v) for v in value]
    return value
