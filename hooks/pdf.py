"""MkDocs hook: a PDF for every module page and one for the whole course, per language.

Collects each module's article HTML while pages render, then, after the language's build,
renders the PDFs in parallel worker processes (cached by a hash of their input, see _pdf.py) and
writes each PDF's size into its page's download button. `mkdocs serve` skips PDFs unless
XASO_PDF=1; XASO_PDF=0 skips them in any build.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import _pdf
import _render as render
from _course import SOURCE_LANGUAGE
from _data import today
from _mkdocs import MODULE_PAGE, course, language

log = logging.getLogger("mkdocs.xaso.pdf")
_state = {"command": "build", "pages": {}}


def enabled() -> bool:
    setting = os.environ.get("XASO_PDF")
    if setting is not None:
        return setting != "0"
    return _state["command"] != "serve"


def on_startup(command, dirty):
    _state["command"] = command


def on_pre_build(config):
    _state["pages"] = {}


def on_page_content(html, page, config, files):
    match = MODULE_PAGE.match(page.file.src_uri)
    if match and enabled():
        module = course().module_by_slug(match["slug"])
        _state["pages"][module["id"]] = {"html": html, "dest": Path(page.file.abs_dest_path), "lang": language(config)}
    return html


def _created() -> str:
    return datetime.datetime.combine(today(), datetime.time(), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cover(data, lang, module=None) -> str:
    ui = data.ui[lang]
    c = data.course[lang]
    rows = [(ui["edition"], c["edition"])]
    if module:
        rows += [(ui["module"], f'{render.module_label(module)} · {ui[module["kind"]]}'),
                 (ui["hours"].capitalize(), f'{module["hours"]:g}'),
                 (ui["last_verified"], render.date_text(module["last_verified"], lang))]
    rows.append((ui["language"], ui["language_name"]))
    items = "".join(f"<dt>{render.esc(k)}</dt><dd>{render.esc(v)}</dd>" for k, v in rows)
    title = render.module_title(module, lang) if module else c["title"]
    promise = module["text"][lang]["promise"] if module else c["subtitle"]
    return (f'<section class="cover"><p class="course">{render.esc(c["title"])}</p>'
            f'<h1>{render.esc(title)}</h1><p class="promise">{render.esc(promise)}</p><dl>{items}</dl></section>')


def _prefix_ids(html: str, prefix: str) -> str:
    html = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m[1]}"', html)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m[1]}"', html)


def _jobs(config, lang) -> list[dict]:
    data = course()
    ui = data.ui[lang]
    css = (_pdf.PDF_DIR / "print.css").read_text(encoding="utf-8")
    common = {"lang": lang, "edition": data.edition, "created": _created(), "page_of": ui["page_of"], "css": css}
    jobs, sections, toc = [], [], []
    lang_root = Path(config.site_dir) / ("" if lang == SOURCE_LANGUAGE else lang)
    for module in data.modules:
        page = _state["pages"].get(module["id"])
        if page is None:
            continue
        article = _pdf.embed_images(_pdf.print_article(page["html"]), page["dest"].parent)
        title = render.module_title(module, lang)
        doc = _pdf.document(title=title, header=title, cover=_cover(data, lang, module), toc="", body=article, **common)
        out = page["dest"].parent / render.pdf_name(module["id"], lang)
        jobs.append({"name": out.name, "html": doc, "out": str(out),
                     "key": _pdf.cache_key(doc, out.relative_to(config.site_dir).as_posix())})
        in_course = _pdf.rebase_links(article, _site_dir(config, page["dest"].parent), _site_dir(config, lang_root))
        sections.append(f'<section class="module" id="m-{module["id"]}">{_prefix_ids(in_course, module["id"])}</section>')
        toc.append(f'<li><a href="#{module["id"]}-top">{render.esc(title)}</a></li>')
    if sections:
        title = data.course[lang]["title"]
        toc_html = f'<nav class="toc"><h2>{render.esc(ui["contents"])}</h2><ol>{"".join(toc)}</ol></nav>'
        doc = _pdf.document(title=title, header=title, cover=_cover(data, lang), toc=toc_html,
                            body="".join(sections), **common)
        out = lang_root / render.course_pdf_name(data.edition, lang)
        jobs.insert(0, {"name": out.name, "html": doc, "out": str(out),
                        "key": _pdf.cache_key(doc, out.relative_to(config.site_dir).as_posix())})
    return jobs


def _site_dir(config, folder: Path) -> str:
    """`folder` inside the site, as a relative posix path ("" for the site's root)."""
    relative = folder.relative_to(config.site_dir).as_posix()
    return "" if relative == "." else relative


def on_post_build(config):
    if not enabled():
        return
    lang = language(config)
    jobs = _jobs(config, lang)
    done = 0
    with ProcessPoolExecutor(max_workers=max(1, min(len(jobs), os.cpu_count() or 1))) as pool:
        futures = {pool.submit(_pdf.render, job): job for job in jobs}
        for future in as_completed(futures):
            result = future.result()
            done += 1
            state = "cached" if result["cached"] else f"{result['seconds']:.1f} s"
            log.info(f"PDF {done}/{len(jobs)} {futures[future]['name']} {state}")
    _write_sizes(jobs)


def _write_sizes(jobs):
    """Put each PDF's size into the download button of its page."""
    for module_id, page in _state["pages"].items():
        name = render.pdf_name(module_id, page["lang"])
        pdf = page["dest"].parent / name
        if not pdf.exists():
            continue
        size = f"{max(1, round(pdf.stat().st_size / 1024))} KB"
        text = page["dest"].read_text(encoding="utf-8")
        text = text.replace(f'<span class="xa-pdf-size" data-pdf-size="{name}"></span>',
                            f'<span class="xa-pdf-size" data-pdf-size="{name}">{size}</span>')
        page["dest"].write_text(text, encoding="utf-8")

