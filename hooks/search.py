"""MkDocs hook: search in the reader's language, and nothing fetched from another host (the work is
in xaso.search).

- Before each language's pages: what the page template needs (config.extra.xa_search): the
  address of that language's index and the "preparing search" words (curriculum/ui*.yml).
- After the whole build of every language (priority -200: after static-i18n has written its one
  index of every language and the offline plugin its file:// copy, both at -100; before the run's
  jobs, the zip among them, at -300): one index per language, and Material's bundle rewritten.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import _mkdocs
from _mkdocs import course, language, languages, log
from xaso import render, search


def on_pre_build(config):
    lang = language(config)
    config.extra["xa_search"] = {"index": search.index_path(lang),
                                 "initializing": course().ui[lang].get("search_initializing")}


@event_priority(-200)
def on_post_build(config):
    if _mkdocs._current["depth"] != 1:  # a language built from inside the outermost build
        return
    site = Path(config.site_dir)
    for path, size in search.split_index(site, languages(config)).items():
        log.info(f"search index {path}: {render.size_text(size, 'en')}")
    try:
        search.patch_theme(site)
    except search.BundleError as err:
        raise PluginError(str(err)) from None
