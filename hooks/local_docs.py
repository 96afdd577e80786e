"""MkDocs hook: a province fork's own pages, from local/docs/.

`local/docs/<path>` adds a page at `<path>`, or replaces the upstream `docs/<path>` (per language:
`lien-he.md` replaces the Vietnamese page, `lien-he.en.md` the English one). Upstream never ships
local/, so a fork's pages never conflict with `git merge upstream/main`.

The files are registered as if they were in docs/ (so mkdocs-static-i18n sorts them by language
like any other page) and pointed at their real place in local/ before MkDocs reads them.
A page that only the province has goes at the end of the menu, unless mkdocs.yml's nav lists it.
"""

from __future__ import annotations

import logging

from mkdocs.structure.files import File

from xaso.course import DOCS, local_doc_files
from _mkdocs import MODULE_PAGE, language, languages, stash

log = logging.getLogger("mkdocs.xaso.local_docs")


def _nav_paths(nav):
    if isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, str):
        yield nav


def _is_translation(uri: str, langs: list[str]) -> bool:
    return any(uri.endswith(f".{lang}.md") for lang in langs)


def on_config(config):
    if config.nav is None:
        return config
    langs = languages(config)
    listed = set(_nav_paths(config.nav))
    for uri in local_doc_files():
        is_page = uri.endswith(".md") and not _is_translation(uri, langs)
        if is_page and uri not in listed and not MODULE_PAGE.match(uri) and not (DOCS / uri).exists():
            config.nav.append(uri)
    return config


def _local(config) -> dict:
    """src_uri (as in docs/) -> path in local/docs/, for the language being built."""
    return stash(f"local_docs:{language(config)}")


def on_files(files, config):
    local = _local(config)
    local.clear()
    for uri, path in local_doc_files().items():
        upstream = files.get_file_from_path(uri)
        if upstream is not None:
            files.remove(upstream)
            log.info(f"local/docs/{uri} replaces docs/{uri}")
        files.append(File(uri, config.docs_dir, config.site_dir, config.use_directory_urls))
        local[uri] = path
    return files


def on_nav(nav, config, files):
    """After static-i18n has sorted the files by language: read each local page from local/docs/."""
    local = _local(config)
    for file in files:
        if file.src_uri in local:
            file.abs_src_path = str(local[file.src_uri])
    return nav
