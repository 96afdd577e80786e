"""MkDocs hook: a PDF for every module page and one for the whole course, per language.

A module's PDF starts rendering in a worker process as soon as its page is written (one process
pool for the whole build, shared by every language: static-i18n builds the other languages from
inside the first one's on_post_build). When the last language is built, the hook waits for the
module PDFs, joins each language's into its course PDF (_pdf_course.py), and writes each PDF's size
into its page's download button. PDFs are cached by a hash of their input (see _pdf.py).
`mkdocs serve` skips PDFs unless XASO_PDF=1; XASO_PDF=0 skips them in any build.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import _pdf
import _pdf_course
import _render as render
from _course import SOURCE_LANGUAGE
from _mkdocs import MODULE_PAGE, course, language, languages

log = logging.getLogger("mkdocs.xaso.pdf")
_state = {"command": "build", "run": None}


def on_startup(command, dirty):
    _state["command"] = command


def on_pre_build(config):
    if _pdf.wanted(_state["command"]) and _state["run"] is None:
        _state["run"] = _Run(languages(config))


def on_page_content(html, page, config, files):
    match = MODULE_PAGE.match(page.file.src_uri)
    run = _state["run"]
    if match and run:
        module = course().module_by_slug(match["slug"])
        run.pages[(module["id"], language(config))] = {"module": module, "html": html, "dest": Path(page.file.abs_dest_path)}
    return html


def on_post_page(output, page, config):
    """The page is laid out and the static files are in place: its PDF can start now."""
    match = MODULE_PAGE.match(page.file.src_uri)
    run = _state["run"]
    if match and run:
        lang = language(config)
        module = course().module_by_slug(match["slug"])
        run.submit(_module_job(config, lang, run.pages[(module["id"], lang)]))
    return output


def on_post_build(config):
    run = _state["run"]
    if not run:
        return
    lang = language(config)
    run.built.add(lang)
    run.start_course(lang, config.site_dir)
    if not run.built >= set(run.languages):
        return  # static-i18n builds the next language after this; its PDFs join the same pool
    try:
        run.finish()
    finally:
        _state["run"] = None


def on_build_error(error):
    run, _state["run"] = _state["run"], None
    if run:
        run.pool.shutdown(wait=False, cancel_futures=True)
        run.starters.shutdown(wait=False, cancel_futures=True)


class _Run:
    """The PDFs of one build run (every language): one process pool, progress lines, results."""

    def __init__(self, langs: list[str]):
        self.languages = langs
        self.built: set[str] = set()
        self.pages: dict = {}
        self.futures: dict = {}
        self.total = len(course().modules) * len(langs) + len(langs)
        self.done = 0
        self.lock = threading.Lock()
        self.pool = ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1))
        # Each language's course PDF starts once that language's module PDFs are done (a thread
        # waits for them), so it is joined while the next language is still being built.
        self.starters = ThreadPoolExecutor(max_workers=len(langs))
        self.courses: list = []

    def submit(self, job: dict, worker=_pdf.render):
        future = self.pool.submit(worker, job)
        future.add_done_callback(lambda f: self._progress(job["name"], f))
        self.futures[job["name"]] = future
        return future

    def _progress(self, name, future):
        if future.cancelled() or future.exception():
            return
        with self.lock:
            self.done += 1
            result = future.result()
            state = "cached" if result["cached"] else f"{result['seconds']:.1f} s"
            log.info(f"PDF {self.done}/{self.total} {name} {state}")

    def start_course(self, lang: str, site_dir: str):
        def when_modules_done():
            return self.submit(_course_job(site_dir, lang, self), _pdf_course.render).result()

        self.courses.append(self.starters.submit(when_modules_done))

    def finish(self):
        with self.pool, self.starters:
            for future in self.courses:
                future.result()
        _write_sizes(self.pages)

    def module_results(self, lang: str):
        """(module, page, render result) of a language, in course order; waits for the renders."""
        for module in course().modules:
            page = self.pages.get((module["id"], lang))
            if page is not None:
                yield module, page, self.futures[render.pdf_name(module["id"], lang)].result()


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


def _common(lang: str) -> dict:
    data = course()
    css = (_pdf.PDF_DIR / "print.css").read_text(encoding="utf-8")
    return {"lang": lang, "edition": data.edition, "created": _pdf.created_timestamp(), "page_of": data.ui[lang]["page_of"], "css": css}


def _module_job(config, lang: str, page: dict) -> dict:
    data, module = course(), page["module"]
    title = render.module_title(module, lang)
    doc = _pdf.document(title=title, header=title, cover=_cover(data, lang, module), toc="",
                        body=_pdf.print_article(page["html"]), label=render.module_label(module), **_common(lang))
    out = page["dest"].parent / render.pdf_name(module["id"], lang)
    return {"name": out.name, "html": doc, "base_url": page["dest"].as_uri(), "out": str(out),
            "key": _pdf.cache_key(doc, out.relative_to(config.site_dir).as_posix())}


def _course_job(site_dir: str, lang: str, run: _Run) -> dict:
    data = course()
    ui = data.ui[lang]
    title = data.course[lang]["title"]
    site = Path(site_dir) / ("" if lang == SOURCE_LANGUAGE else lang)
    out = site / render.course_pdf_name(data.edition, lang)
    before, _, after = ui["page_of"].partition("{page}")
    middle, _, end = after.partition("{pages}")
    example = f"{render.module_label(data.modules[0])} · {before}3{middle}12{end}"
    modules = [{"id": module["id"], "title": render.module_title(module, lang), "pdf": result["out"], "pages": result["pages"]}
               for module, _page, result in run.module_results(lang)]
    return {"name": out.name, "out": str(out), "site_path": out.relative_to(site_dir).as_posix(),
            "base_url": (site / "index.html").as_uri(), "contents": ui["contents"],
            "note": ui["pdf_contents_note"].replace("{example}", example), "modules": modules,
            "front": {"title": title, "header": title, "cover": _cover(data, lang), **_common(lang)}}


def _write_sizes(pages: dict):
    """Put each PDF's size into the download button of its page."""
    for (module_id, lang), page in pages.items():
        name = render.pdf_name(module_id, lang)
        pdf = page["dest"].parent / name
        if not pdf.exists():
            continue
        text = render.with_pdf_size(page["dest"].read_text(encoding="utf-8"), name, pdf.stat().st_size, lang)
        page["dest"].write_text(text, encoding="utf-8")
