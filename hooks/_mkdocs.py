"""Small helpers shared by the MkDocs hooks (the only place besides hooks/*.py that knows MkDocs)."""

from __future__ import annotations

import logging
import os
import re
import sys

from mkdocs.exceptions import PluginError

from _course import SOURCE_LANGUAGE, Course, load_course
from _data import DataError, Problem

log = logging.getLogger("mkdocs.xaso")
MODULE_PAGE = re.compile(r"^modules/(?P<slug>[^/]+)/index(?:\.[a-z]{2})?\.md$")
_loaded: dict = {}


def fail(problems: list[Problem]):
    """Log every problem (file:line: what — fix) and stop the build once, without a traceback."""
    for problem in problems:
        log.error(str(problem))
        if os.environ.get("CI"):
            print(problem.annotation(), file=sys.stderr)
    raise PluginError(f"{len(problems)} problem(s) in the course files; see the lines above.")


def languages(config) -> list[str]:
    i18n = config.plugins.get("i18n")
    return [lang.locale for lang in i18n.config.languages if lang.build] if i18n else [SOURCE_LANGUAGE]


def language(config) -> str:
    """The language being built (static-i18n builds each language in turn)."""
    return config.theme["language"]


def partial_languages(config) -> list[str]:
    """Languages a fork may build before they are fully translated (mkdocs.yml extra.translation_fallback)."""
    return list(config.extra.get("translation_fallback") or [])


def load(config) -> Course:
    """Load the course once per build run. static-i18n calls on_config again for each other
    language from inside the first language's build (and with the first language still set), so
    the data is read again only when no build is running: a new `mkdocs build`, or a `mkdocs serve`
    rebuild after an edit."""
    if _loaded.get("depth", 0) == 0 or "course" not in _loaded:
        try:
            _loaded["course"] = load_course(languages(config), partial_languages(config))
        except DataError as err:
            fail(err.problems)
    return _loaded["course"]


def build_started():
    _loaded["depth"] = _loaded.get("depth", 0) + 1


def in_outermost_build() -> bool:
    """True in the first language's build, which holds the others (and whose folder is the site's
    root); false inside the builds static-i18n starts from its on_post_build."""
    return _loaded.get("depth", 0) == 1


def build_ended(failed: bool = False):
    _loaded["depth"] = 0 if failed else _loaded.get("depth", 1) - 1


def course() -> Course:
    return _loaded["course"]
