"""Reading without a connection: the service worker and the edition's offline zips.

- The service worker (source `docs/assets/js/sw.js`) is written as `sw.js` at the site's root,
  with the edition filled in: a service worker controls only the folder it is served from, and
  the site's root is the edition's folder (also under mike's version folders such as /2026.1/).
- The edition as a zip, `download/xa-so-<edition>.zip`, plus `…-no-pdf.zip` when leaving the PDFs
  out at least halves it, without theme files no page loads. The home pages then show each zip's
  size; inside the zip the home pages have no download block (the zip cannot hold itself).
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from . import render
from . import zip as _zip

log = logging.getLogger("mkdocs.xaso.offline")
DOWNLOAD_BLOCK = re.compile(r'<div class="xa-edition-download".*?</ul></div>', re.S)
LMS_LINKS = re.compile(r'<p class="xa-lms">.*?</p>', re.S)
PDF_BUTTON = re.compile(r'<p class="xa-download">.*?</p>', re.S)
PACK_LIST = re.compile(r'<div class="xa-pack-list".*?</ul></div>', re.S)   # xaso.pack.pack_list


def offline_words(course) -> dict:
    """The service worker's offline page, in each language: language folder -> words."""
    from .course import SOURCE_LANGUAGE
    words = {}
    for lang in course.languages:
        w = render.learner_words(course, lang)
        words["" if lang == SOURCE_LANGUAGE else f"{lang}/"] = {
            "lang": lang, **{k: w.get(f"offline_{k}", "") for k in ("title", "text", "home", "saved", "none")}}
    return words


def zip_wanted(command: str) -> bool:
    return command != "serve" and os.environ.get("XASO_ZIP") != "0"


def finish(site: Path, edition: str, service_worker: Path | None, home_pages: set[Path], zip_wanted: bool,
           offline_words: dict | None = None):
    if service_worker:
        text = service_worker.read_text(encoding="utf-8").replace("__XASO_EDITION__", edition)
        text = text.replace("__XASO_OFFLINE_WORDS__", json.dumps(offline_words or {"": {}}, ensure_ascii=False, sort_keys=True))
        (site / "sw.js").write_text(text, encoding="utf-8")
    if not zip_wanted:
        return
    homes = {home.relative_to(site).as_posix(): home for home in home_pages}
    out = site / "download"
    out.mkdir(exist_ok=True)

    def without_download_block(rel, data):
        """Inside the zip: no links to the zips themselves (home pages) or to the LMS packages
        (they are for LMS administrators and stay out of the trainees' zips)."""
        if rel in homes:
            data = DOWNLOAD_BLOCK.sub("", data.decode("utf-8")).encode("utf-8")
        if rel.endswith(".html") and b'class="xa-lms"' in data:
            data = LMS_LINKS.sub("", data.decode("utf-8")).encode("utf-8")
        return data

    unused = _never_loaded(site)

    def skip(rel):
        return rel.startswith("download/") or unused(rel)

    folder = f"xa-so-{edition}"
    full = out / render.zip_name(edition, True)
    sizes = {full.name: _zip.write_zip(site, full, folder, skip=skip, rewrite=without_download_block)}
    has_pdf = any(pdf.parent != out for pdf in site.rglob("*.pdf"))
    if has_pdf:
        light = out / render.zip_name(edition, False)
        def without_pdf_buttons(rel, data):
            """The lighter zip has no PDFs: no button may point at one."""
            data = without_download_block(rel, data)
            if rel.endswith(".html") and b'class="xa-download"' in data:
                data = PDF_BUTTON.sub("", data.decode("utf-8")).encode("utf-8")
            if rel.endswith(".html") and b'class="xa-pack-list"' in data:
                data = PACK_LIST.sub("", data.decode("utf-8")).encode("utf-8")
            return data

        size = _zip.write_zip(site, light, folder, rewrite=without_pdf_buttons,
                              skip=lambda rel: skip(rel) or rel.endswith(".pdf"))
        if size * 2 <= sizes[full.name]:
            sizes[light.name] = size
        else:
            light.unlink()
    for name, size in sizes.items():
        log.info(f"{name}: {render.size_text(size, 'en')}")
    for home in homes.values():
        _fill_sizes(home, sizes, has_pdf)
def _never_loaded(site: Path):
    """Theme files no page of this site ever loads, left out of the zip (trainees pay per KB):
    source maps, and the lunr language files for languages the search index does not use
    (the same choice as Material's search worker)."""
    index = site / "search" / "search_index.json"
    langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"] if index.exists() else ["en"]
    needed = {"lunr.stemmer.support.min.js"} | {f"lunr.{lang}.min.js" for lang in langs if lang != "en"}
    needed |= {"lunr.multi.min.js"} if len(langs) > 1 else set()
    needed |= {"tinyseg.js"} if "ja" in langs else set()
    needed |= {"wordcut.js"} if {"hi", "th"} & set(langs) else set()

    def unused(rel):
        if rel.endswith(".map"):
            return True
        return rel.startswith("assets/javascripts/lunr/") and rel.rsplit("/", 1)[1] not in needed
    return unused


def _fill_sizes(home: Path, sizes: dict, has_pdf: bool):
    """Write each zip's size on the home page; drop the lines of zips that were not kept."""
    text = home.read_text(encoding="utf-8")
    lang = re.search(r'<html lang="([^"]+)"', text)[1]
    for name in re.findall(r'<li data-zip="([^"]+)">', text):
        if name in sizes:
            text = text.replace(f'<span class="xa-zip-size" data-zip-size="{name}"></span>',
                                f'<span class="xa-zip-size" data-zip-size="{name}">({render.size_text(sizes[name], lang)})</span>')
        else:
            text = re.sub(rf'<li data-zip="{re.escape(name)}">.*?</li>', "", text, flags=re.S)
    if not has_pdf:  # a build without PDFs (XASO_PDF=0): its one zip has none either
        text = re.sub(r'<span class="xa-zip-label">.*?</span> ', "", text)
    home.write_text(text, encoding="utf-8")
