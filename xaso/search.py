"""Search: one index per language, and a Material bundle that fetches nothing it does not need.

static-i18n writes ONE search index holding every language at `search/search_index.json` (and
Material's offline plugin a copy as `search/search_index.js` for file://). A reader only ever
searches their own language, so after the build `split_index` writes one index per language, at
`index_path(lang)`: Vietnamese pages fetch `search/search_index.json`, English pages
`en/search/search_index.json` (from file://, the `.js` beside it). Each page-level entry also
gets `titles`: the same page's title in the other languages, as a search field, so "chu ky so"
on an English page finds C4 ("Digital signatures") and the search worker
(docs/assets/javascripts/workers/xa-so-search.js) can list pages whose title matches first.

`patch_bundle` rewrites Material's JavaScript bundle (mkdocs-material 9.8.2, pinned): the
polyfill it would fetch from unpkg.com on old Android WebViews comes from the site itself, pages
fetch their language's index, and no page asks for a `sitemap.xml` beside itself.

Plain functions, no MkDocs import (hooks/search.py calls them).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .course import SOURCE_LANGUAGE

INDEX = "search/search_index.json"
BUNDLE_GLOB = "assets/javascripts/bundle.*.min.js"
RESIZE_OBSERVER = "assets/vendor/resize-observer-polyfill/ResizeObserver.js"
MERMAID = "assets/vendor/mermaid/mermaid.min.js"  # not shipped: a fork that draws Mermaid vendors it here
CDN_HOSTS = ("unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "fonts.googleapis.com",
             "fonts.gstatic.com", "ajax.googleapis.com", "code.jquery.com", "esm.sh", "cdn.skypack.dev")

# Defined once at the top of the bundle (after its "use strict"): the page's config as Material reads it.
_HELPERS = ('function __xaConfig(){return JSON.parse(document.getElementById("__config").textContent)}'
            'function __xaSite(p){return new URL(p,new URL(__xaConfig().base+"/",location.href)).href}')
_MARK = "function __xaConfig()"
_INDEX_JS = '(__xaConfig().search_index||"search/search_index.json")'

# What Material 9.8.2's bundle says -> what it says here. Each must occur exactly once.
BUNDLE_REWRITES = {
    # Loaded only where ResizeObserver is missing (old Android WebViews): from the site, not unpkg.com.
    '"https://unpkg.com/resize-observer-polyfill"': f'__xaSite("{RESIZE_OBSERVER}")',
    # Loaded only by a page with a Mermaid diagram (none upstream).
    '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"': f'__xaSite("{MERMAID}")',
    # The page's own language's index (over http, and its .js copy from file://).
    '"search/search_index.json"': _INDEX_JS,
    '"search/search_index.js"': _INDEX_JS + '.replace(/json$/,"js")',
    # Material reads a sitemap.xml beside every <link rel="alternate"> (the page in each language)
    # to keep the reader on the same page when switching language; our switcher
    # (overrides/partials/alternate.html) links each page directly, so those requests (404s over
    # http, CORS errors from file://) only cost a round trip each.
    "ui({document$:ct});": "",
}


class BundleError(Exception):
    pass


def index_path(lang: str) -> str:
    """The search index that pages of `lang` fetch, relative to the site root (`.js` beside it on file://)."""
    return INDEX if lang == SOURCE_LANGUAGE else f"{lang}/{INDEX}"


def _language_of(location: str, langs: list[str]) -> str:
    first = location.split("/", 1)[0]
    return first if first in langs and first != SOURCE_LANGUAGE else SOURCE_LANGUAGE


def _page_key(location: str, lang: str) -> str:
    return location if lang == SOURCE_LANGUAGE else location[len(lang) + 1:]


def split_index(site: Path, langs: list[str]) -> dict[str, int]:
    """Write each language's index (and its file:// `.js`) from the combined one; {path: bytes}.
    A language without entries (a preview that built one language) keeps whatever index it has."""
    combined = site / INDEX
    if not combined.is_file():
        return {}
    data = json.loads(combined.read_text(encoding="utf-8"))
    config, docs = data["config"], data["docs"]
    per_lang = {lang: [] for lang in langs}
    titles: dict[str, dict[str, str]] = {}
    for doc in docs:
        lang = _language_of(doc["location"], langs)
        per_lang.setdefault(lang, []).append(doc)
        if "#" not in doc["location"]:
            titles.setdefault(_page_key(doc["location"], lang), {})[lang] = doc["title"]
    sizes = {}
    for lang, entries in per_lang.items():
        if not entries:
            continue
        out = []
        for doc in entries:
            doc = dict(doc)
            if "#" not in doc["location"]:
                others = [t for other, t in titles.get(_page_key(doc["location"], lang), {}).items()
                          if other != lang and t != doc["title"]]
                if others:
                    doc["titles"] = " · ".join(others)
            out.append(doc)
        lunr_langs = [lang] if lang in config.get("lang", []) else ["en"]
        fields = {**config.get("fields", {})}
        fields["titles"] = dict(fields.get("title", {"boost": 1000.0}))
        index = {**data, "config": {**config, "lang": lunr_langs, "fields": fields}, "docs": out}
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        path = site / index_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        path.with_suffix(".js").write_text(f"var __index = {text}", encoding="utf-8")
        sizes[index_path(lang)] = len(text.encode("utf-8"))
    return sizes


def patch_bundle(text: str) -> str:
    """Material's bundle with BUNDLE_REWRITES applied (unchanged if already done); BundleError
    names what is missing when a new Material no longer says it."""
    if _MARK in text:
        return text
    missing = [old for old in BUNDLE_REWRITES if text.count(old) != 1]
    if missing or not text.startswith('"use strict";'):
        raise BundleError("Material's JavaScript bundle no longer contains " + ", ".join(missing or ['"use strict";'])
                          + " — after upgrading mkdocs-material, update BUNDLE_REWRITES in xaso/search.py")
    for old, new in BUNDLE_REWRITES.items():
        text = text.replace(old, new)
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)  # its source map no longer matches
    return '"use strict";' + _HELPERS + text[len('"use strict";'):]


def patch_theme(site: Path) -> list[Path]:
    """Rewrite the built site's Material bundle in place and drop its source map; the files changed."""
    changed = []
    for bundle in site.glob(BUNDLE_GLOB):
        text = bundle.read_text(encoding="utf-8")
        patched = patch_bundle(text)
        if patched != text:
            bundle.write_text(patched, encoding="utf-8")
            changed.append(bundle)
        source_map = bundle.with_name(bundle.name + ".map")
        if source_map.exists():
            source_map.unlink()
    return changed


def lunr_files(site: Path, indexes=None) -> set[str]:
    """The lunr files (assets/javascripts/lunr/**) the built site's indexes (or only `indexes`) make
    the search worker load (the same choice as Material's worker), so that the others can stay out of
    the zip, and out of a language's "save the whole course"."""
    needed = set()
    for index in (site.glob(f"**/{INDEX}") if indexes is None else indexes):
        langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
        extra = {f"lunr.{lang}.min.js" for lang in langs if lang != "en"}
        extra |= {"lunr.multi.min.js"} if len(langs) > 1 else set()
        extra |= {"tinyseg.js"} if "ja" in langs else set()
        extra |= {"wordcut.js"} if {"hi", "th"} & set(langs) else set()
        needed |= extra | ({"lunr.stemmer.support.min.js"} if extra else set())
    return needed
