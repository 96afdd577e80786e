"""What the MkDocs adapters share: the course loaded once per run, the current build run, the
language being built, and stopping the build with every problem listed (never a traceback).
hooks/build_run.py drives the run's life cycle; the other hooks only read it."""

from __future__ import annotations

import logging
import os
import sys

from mkdocs.exceptions import PluginError

from xaso.course import SOURCE_LANGUAGE, Course, load_course
from xaso.data import DataError, Problem
from xaso.data import reads as data_reads
from xaso.pages import MODULE_PAGE  # noqa: F401  (re-exported for the hooks)
from xaso.run import Run

log = logging.getLogger("mkdocs.xaso")
_current: dict = {"depth": 0, "run": None, "course": None, "command": "build", "dirty": False, "data_changed": True}


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
    """The language being built (static-i18n builds each language in turn). Not theme.language: a
    language the theme has no words for borrows another language's (hooks/languages.py)."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or config.theme["language"]


def language_entries(config) -> list[dict]:
    """Each built language's code and the language whose theme words its mkdocs.yml entry chose
    (`theme: {language: fr}`, else None)."""
    i18n = config.plugins.get("i18n")
    return [{"code": lang.locale, "theme": (lang.theme or {}).get("language")}
            for lang in (i18n.config.languages if i18n else []) if lang.build]


def partial_languages(config) -> list[str]:
    """Languages a fork may build before they are fully translated (mkdocs.yml extra.translation_fallback)."""
    return list(config.extra.get("translation_fallback") or [])


def load(config) -> Course:
    """Load the course once per build run. static-i18n calls on_config again for each other
    language from inside the first language's build (and with the first language still set), so
    the data is read again only when no build is running: a new `mkdocs build`, or a `mkdocs serve`
    rebuild after an edit."""
    if _current["depth"] == 0 or _current["course"] is None:
        before = data_reads["parsed"]
        try:
            _current["course"] = load_course(languages(config), partial_languages(config))
        except DataError as err:
            fail(err.problems)
        _current["data_changed"] = data_reads["parsed"] != before
    return _current["course"]


def course() -> Course:
    return _current["course"]


def command() -> str:
    """"build" or "serve" (from on_startup)."""
    return _current["command"]


def dirty() -> bool:
    """`mkdocs serve --dirty` (make serve): only edited pages are rebuilt, so checks that need every
    page are left to full builds."""
    return _current["dirty"]


def run() -> Run:
    """The build run of every language being built now (hooks/build_run.py starts and ends it)."""
    return _current["run"]


def stash(name: str) -> dict:
    """Per-run state of one adapter (reset when a new run starts)."""
    return run().stash.setdefault(name, {})
