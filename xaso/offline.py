"""Reading without a connection: the service worker and the edition's offline zips.

- The service worker (source `docs/assets/js/sw.js`) is written as `sw.js` at the site's root,
  with the edition filled in: a service worker controls only the folder it is served from, and
  the site's root is the edition's folder (also under mike's version folders such as /2026.1/).
- "Save the whole course" (home page): one manifest per language, `download/offline-<lang>.json`,
  lists every file a reader of that language needs offline, with its size (course_manifest).
- The edition as a zip, `download/xa-so-<edition>.zip`, plus `…-no-pdf.zip` when leaving the PDFs
  out at least halves it, without theme files no page loads. The home pages then show each zip's
  size; inside the zip the home pages have no download block (the zip cannot hold itself).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from pathlib import Path

from . import render, search
from . import zip as _zip

log = logging.getLogger("mkdocs.xaso.offline")
DOWNLOAD_BLOCK = re.compile(r'<div class="xa-edition-download".*?</ul></div>', re.S)
# What a zipped page must not link to, as (marker in the page, the block to remove). In both zips:
# the LMS packages (for LMS administrators) and the practice kits (for trainers), both under
# download/, which no zip holds. In the lighter zip, which has no PDFs, also every PDF button and
# the instructor pack's list of PDFs (xaso.pack.pack_list).
NOT_IN_ANY_ZIP = [(b'class="xa-lms"', re.compile(r'<p class="xa-lms">.*?</p>', re.S)),
                  (b'class="xa-kit"', re.compile(r'<p class="xa-kit">.*?</p>', re.S))]
NOT_IN_THE_NO_PDF_ZIP = NOT_IN_ANY_ZIP + [
    (b'class="xa-download"', re.compile(r'<p class="xa-download">.*?</p>', re.S)),
    (b'class="xa-pack-list"', re.compile(r'<div class="xa-pack-list".*?</ul></div>', re.S))]


def _without(data: bytes, blocks) -> bytes:
    """A page's bytes without the blocks whose marker it holds."""
    for marker, block in blocks:
        if marker in data:
            data = block.sub("", data.decode("utf-8")).encode("utf-8")
    return data


def language_folders(course) -> dict[str, str]:
    """Each language's folder inside the site: "" for the default language, "en/" …"""
    from .course import SOURCE_LANGUAGE
    return {lang: "" if lang == SOURCE_LANGUAGE else f"{lang}/" for lang in course.languages}


def offline_words(course) -> dict:
    """The service worker's offline page, in each language: language folder -> words."""
    words = {}
    for lang, folder in language_folders(course).items():
        w = render.learner_words(course, lang)
        words[folder] = {
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

    def for_zip(blocks):
        """Inside a zip: no links to the zips themselves (home pages), nor to `blocks`."""
        def rewrite(rel, data):
            if rel in homes:
                data = DOWNLOAD_BLOCK.sub("", data.decode("utf-8")).encode("utf-8")
            return _without(data, blocks) if rel.endswith(".html") else data
        return rewrite

    unused = _never_loaded(site)

    def skip(rel):
        return rel.startswith("download/") or unused(rel)

    folder = f"xa-so-{edition}"
    full = out / render.zip_name(edition, True)
    sizes = {full.name: _zip.write_zip(site, full, folder, skip=skip, rewrite=for_zip(NOT_IN_ANY_ZIP))}
    has_pdf = any(pdf.parent != out for pdf in site.rglob("*.pdf"))
    if has_pdf:
        light = out / render.zip_name(edition, False)
        size = _zip.write_zip(site, light, folder, rewrite=for_zip(NOT_IN_THE_NO_PDF_ZIP),
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
    (the same choice as Material's search worker, xaso/search.py)."""
    needed = search.lunr_files(site)

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


# --- "Save the whole course": what a language's reader needs offline (assets/js/save-course.js) ---

SKIPPED_FOLDERS = ("assets/", "download/", "search/")
NOT_SAVED = re.compile(r"\.(map|zip)$")
REFERENCE = re.compile(r'(?:src|href)="([^"#?]+)[^"]*"')
CSS_URL = re.compile(r'url\(\s*["\']?([^"\')?#]+)')
CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def search_index_files(site: Path, lang: str, folder: str) -> list[str]:
    """The search index a page of `lang` loads (one per language, xaso/search.py), relative to the site."""
    return [search.index_path(lang)]


def _page_config(page: Path) -> dict:
    """Material's __config of a built page ({} if a theme override left it out)."""
    found = CONFIG.search(page.read_text(encoding="utf-8"))
    return json.loads(found[1]) if found else {}


def _site_path(site: Path, folder: Path, ref: str) -> str | None:
    """A page's or stylesheet's relative reference as a path inside the site (None: outside it)."""
    if re.match(r"^([a-z][a-z0-9+.-]*:|/)", ref, re.I):
        return None
    target = os.path.normpath(folder / ref)
    rel = os.path.relpath(target, site)
    return None if rel.startswith("..") else Path(rel).as_posix()


def course_manifest(site: Path, edition: str, lang: str, folder: str, other_folders: list[str]) -> dict:
    """Everything a reader of `lang` needs to read and search the course without a connection, with
    each file's size: the language's pages, the files they load (theme, our scripts, fonts, images,
    diagrams), the search index and Material's search worker with its lunr files; the PDFs apart
    (saving them is optional). `version` changes with any byte of any of them."""
    def mine(rel):
        return rel.startswith(folder) and not any(rel.startswith(f) for f in other_folders if f and f != folder)

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    pages = [rel for rel in pages if mine(rel) and not rel.startswith(SKIPPED_FOLDERS)]
    files, pdfs = set(), set()
    for rel in pages:
        page = site / rel
        text = page.read_text(encoding="utf-8")
        for ref in REFERENCE.findall(text):
            target = _site_path(site, page.parent, ref)
            if not target or not (site / target).is_file() or target.endswith(".html"):
                continue
            if target.endswith(".pdf"):
                pdfs.add(target)
            elif not NOT_SAVED.search(target) and not target.startswith("download/"):
                files.add(target)
    # The theme's files as the zip has them (scripts load some later: the QR code library …).
    unused = _never_loaded(site)
    files |= {p.relative_to(site).as_posix() for p in (site / "assets").rglob("*") if p.is_file()}
    files = {rel for rel in files if not unused(rel)}
    for css in [rel for rel in files if rel.endswith(".css")]:
        for ref in CSS_URL.findall((site / css).read_text(encoding="utf-8")):
            target = _site_path(site, (site / css).parent, ref)
            if target and (site / target).is_file():
                files.add(target)
    # Search: the index, our worker (config.search, with Material's worker in its "?worker="), lunr.
    indexes = [rel for rel in search_index_files(site, lang, folder) if rel and (site / rel).is_file()]
    address = _page_config(site / folder / "index.html").get("search") or ""
    worker = _site_path(site, site / folder, address.split("?")[0]) if address else None
    material = re.search(r"[?&]worker=([^&]+)", address)
    found = set(indexes) | ({worker} if worker else set())
    found |= {f"{worker.rsplit('/', 1)[0]}/{material[1]}"} if worker and material else set()
    found |= {rel for rel in files if rel.startswith("assets/javascripts/lunr/")
               and rel.rsplit("/", 1)[1] in search.lunr_files(site, [site / i for i in indexes])} if indexes else set()
    found = {rel for rel in found if (site / rel).is_file()}
    groups = {"pages": pages, "assets": sorted(files - found), "search": sorted(found), "pdfs": sorted(pdfs)}
    digest = hashlib.sha256()
    manifest = {"lang": lang, "edition": edition}
    for name, group in groups.items():
        manifest[name] = {}
        for rel in group:
            data = (site / rel).read_bytes()
            digest.update(f"{rel}\0{len(data)}\0".encode() + data)
            manifest[name][rel] = len(data)
    manifest["version"] = digest.hexdigest()[:16]
    without_pdf = sum(sum(manifest[g].values()) for g in ("pages", "assets", "search"))
    pdf = sum(manifest["pdfs"].values())
    manifest["size"] = {"without_pdf": without_pdf, "with_pdf": without_pdf + pdf, "pdf_extra": pdf}
    manifest["size_text"] = {k: render.size_text(v, lang) for k, v in manifest["size"].items()}
    return manifest


def write_manifests(site: Path, edition: str, folders: dict[str, str]):
    """One manifest per language (`folders`: language -> its folder, "" for the default language),
    at download/offline-<lang>.json (out of the zips: there everything is on the device already)."""
    for lang, folder in folders.items():
        if not (site / folder / "index.html").is_file():
            continue   # a language this build did not make
        manifest = course_manifest(site, edition, lang, folder, list(folders.values()))
        out = site / render.manifest_name(lang)
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
        log.info(f"offline manifest {lang}: {len(manifest['pages'])} pages, "
                 f"{manifest['size_text']['without_pdf']} ({manifest['size_text']['with_pdf']} with PDFs)")
