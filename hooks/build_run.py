"""MkDocs hook: one build run for all languages (xaso.run.Run), listed first in mkdocs.yml.

static-i18n builds each other language from inside the first language's on_post_build (priority
-100). So a run starts in the outermost on_pre_build, each language's on_post_build reports it as
built, and the outermost on_post_build, after everything else (priority -300), calls the run's
finishing step: the jobs other hooks added (PDFs, course PDF, packages, zip), phase by phase.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

import _mkdocs
from _mkdocs import language, languages
from xaso.run import Run


def on_startup(command, dirty):
    _mkdocs._current["command"] = command
    _mkdocs._current["dirty"] = dirty


def on_config(config):
    """`mkdocs serve --dirty` (make serve) keeps the plugins between rebuilds, and static-i18n's
    search entries pile up (each rebuild adds every entry again, and its de-duplication compares
    every entry with every other): after five edits a rebuild took minutes. A preview starts each
    rebuild's search entries afresh and skips the de-duplication; full builds are untouched."""
    i18n = config.plugins.get("i18n")
    if _mkdocs._current["dirty"] and i18n is not None:
        i18n.config.reconfigure_search = False
    return config


def _fresh_search_entries(config):
    """Material's search plugin keeps the previous index for dirty rebuilds and static-i18n adds
    every language's entries to it again: the index grew fivefold per edit. A preview's search
    holds the pages rebuilt this time; `make build` has the full index."""
    if not _mkdocs._current["dirty"]:
        return
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if hasattr(search, "search_index_prev"):
        search.search_index_prev = None


def on_pre_build(config):
    state = _mkdocs._current
    if state["depth"] == 0:
        state["run"] = Run(languages(config), command=state["command"])
        if state["dirty"] and state["data_changed"]:
            _forget_pages(Path(config.site_dir))
        _fresh_search_entries(config)
    state["depth"] += 1


def _forget_pages(site: Path):
    """A dirty rebuild redoes only pages whose source is newer than their HTML. When a data file
    changed (modules.yml, an exercise …), any page may show it: drop the built pages (of the serve
    folder, never the sources) so that every page is rebuilt this time."""
    for page in site.rglob("*.html") if site.is_dir() else ():
        page.unlink()


@event_priority(-300)  # after static-i18n's on_post_build (-100), which builds the other languages
def on_post_build(config):
    state = _mkdocs._current
    state["run"].language_built(language(config))
    state["depth"] -= 1
    if state["depth"] == 0:
        try:
            state["run"].finish()
        finally:
            state["run"] = None


def on_build_error(error):
    state = _mkdocs._current
    run, state["run"], state["depth"] = state["run"], None, 0
    if run is not None:
        run.abort()
