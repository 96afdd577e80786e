"""The PDFs of one build run: a module PDF per page and language (with its instructor guide, summary
card and slides), the course PDF per language, the 5-day timetable per language. Plain Python: the MkDocs adapter (hooks/pdf.py) only hands over
each module page's HTML and where it was written.

One process pool for the whole run, shared by every language: a module's PDF starts as soon as its
page is written; each language's course PDF starts (a thread waits for that language's module
PDFs) while the next language is still being built. PDFs are cached by a hash of their input
(xaso.pdf.cache_key)."""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from . import pdf as _pdf
from . import pdf_course as _pdf_course
from . import handouts, pack, render
from .course import SOURCE_LANGUAGE, Course

log = logging.getLogger("mkdocs.xaso.pdf")

# One page: landscape keeps a 5-day table with its notes on a single sheet.
TIMETABLE_CSS = """
@page { size: A4 landscape; margin: 12mm 14mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; bookmark-level: 1; }
.meta { font-size: 9.5pt; margin: 0 0 3mm; color: #333; }
table.xa-schedule { font-size: 9.5pt; }
table.xa-schedule td, table.xa-schedule th { padding: 1.6pt 5pt; }
.xa-hours { text-align: right; white-space: nowrap; }
.xa-day-total td { font-weight: 700; background: #f3f6f4; }
tfoot th, tfoot td { font-weight: 700; }
.xa-shortened { color: #444; }
"""


class PdfRenders:
    """The PDFs of one build run (every language): one process pool, progress lines, results."""

    def __init__(self, data: Course, langs: list[str], site_dir: str):
        self.data = data
        self.languages = langs
        self.site_dir = site_dir
        self.pages: dict = {}
        self.futures: dict = {}
        self.total = 3 * sum(_pdf.module_wanted(m["id"]) for m in data.modules) * len(langs) + 2 * len(langs)
        self.done = 0
        self.lock = threading.Lock()
        self.pool = ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1))
        self.starters = ThreadPoolExecutor(max_workers=len(langs))
        self.courses: list = []
        self.timetables: list = []

    # --- fed by the adapter, page by page and language by language ---
    def page_html(self, module: dict, lang: str, html: str, dest: Path):
        if lang in self.languages and _pdf.module_wanted(module["id"]):
            self.pages[(module["id"], lang)] = {"module": module, "html": html, "dest": dest}

    def page_written(self, module: dict, lang: str):
        """The page is laid out and the static files are in place: its PDFs can start now."""
        if (module["id"], lang) not in self.pages:
            return
        self.submit(module_job(self.data, self.site_dir, lang, self.pages[(module["id"], lang)]))
        self.submit(guide_job(self.data, self.site_dir, lang, self.pages[(module["id"], lang)]))
        self.submit(pack.job(self.data, self.site_dir, lang, self.pages[(module["id"], lang)]), pack.render)

    def language_built(self, lang: str):
        if lang not in self.languages:
            return
        timetable = timetable_job(self.data, self.site_dir, lang)
        if timetable:   # in the pool now, beside the module PDFs, not after them
            self.timetables.append(timetable)
            self.submit(timetable)
        def when_modules_done():
            return self.submit(course_job(self.data, self.site_dir, lang, self), _pdf_course.render).result()

        self.courses.append(self.starters.submit(when_modules_done))

    # --- the run's finishing jobs ---
    def finish_modules(self):
        for (module_id, lang) in self.pages:
            self.futures[render.pdf_name(module_id, lang)].result()
            self.futures[handouts.guide_name(module_id, lang)].result()
            self.futures[f"pack-{module_id}-{lang}"].result()
        write_sizes(self.pages)
        for job in self.timetables:
            self.futures[job["name"]].result()
            write_timetable_size(job)

    def finish_courses(self):
        with self.pool, self.starters:
            for future in self.courses:
                future.result()

    def abort(self):
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.starters.shutdown(wait=False, cancel_futures=True)

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

    def module_results(self, lang: str):
        """(module, page, render result) of a language, in course order; waits for the renders."""
        for module in self.data.modules:
            page = self.pages.get((module["id"], lang))
            if page is not None:
                yield module, page, self.futures[render.pdf_name(module["id"], lang)].result()


def cover(data: Course, lang: str, module=None, heading: str | None = None) -> str:
    ui = data.ui[lang]
    c = data.course[lang]
    rows = [(ui["edition"], c["edition"])]
    if module:
        rows += [(ui["module"], f'{render.module_label(module)} · {ui[module["kind"]]}'),
                 (ui["hours"].capitalize(), f'{module["hours"]:g}'),
                 (ui["last_verified"], render.date_text(module["last_verified"], lang))]
    rows.append((ui["language"], ui["language_name"]))
    # a table, not a grid: a label on two lines ("Thông tin được kiểm chứng lần cuối") pushes the
    # next row down instead of overlapping it
    items = "".join(f'<tr><th scope="row">{render.esc(k)}</th><td>{render.esc(v)}</td></tr>' for k, v in rows)
    title = heading or (render.module_title(module, lang) if module else c["title"])
    promise = module["text"][lang]["promise"] if module else c["subtitle"]
    return (f'<section class="cover"><p class="course">{render.esc(c["title"])}</p>'
            f'<h1>{render.esc(title)}</h1><p class="promise">{render.esc(promise)}</p><table class="cover-facts">{items}</table></section>')


def common(data: Course, lang: str) -> dict:
    css = (_pdf.PDF_DIR / "print.css").read_text(encoding="utf-8")
    return {"lang": lang, "edition": data.edition, "created": _pdf.created_timestamp(), "page_of": data.ui[lang]["page_of"], "css": css}


def module_job(data: Course, site_dir: str, lang: str, page: dict) -> dict:
    """The learner handout: the module PDF offered on the page (no answers, no instructor section)."""
    module = page["module"]
    title = render.module_title(module, lang)
    doc = _pdf.document(title=title, header=title, cover=cover(data, lang, module), toc="",
                        body=_pdf.print_article(handouts.learner_article(page["html"])), label=render.module_label(module),
                        **common(data, lang))
    out = page["dest"].parent / render.pdf_name(module["id"], lang)
    return {"name": out.name, "html": doc, "base_url": page["dest"].as_uri(), "out": str(out),
            "key": _pdf.cache_key(doc, out.relative_to(site_dir).as_posix())}


def guide_job(data: Course, site_dir: str, lang: str, page: dict) -> dict:
    """The instructor guide of a module (xaso.handouts)."""
    module = page["module"]
    w = render.learner_words(data, lang)
    title = f'{w.get("guide_title", "Instructor guide")} · {render.module_title(module, lang)}'
    doc = _pdf.document(title=title, header=title, cover=cover(data, lang, module, heading=title), toc="",
                        body=_pdf.print_article(handouts.instructor_body(data, module, lang, page["html"])),
                        label=render.module_label(module), **common(data, lang))
    out = page["dest"].parent / handouts.guide_name(module["id"], lang)
    return {"name": out.name, "html": doc, "base_url": page["dest"].as_uri(), "out": str(out),
            "key": _pdf.cache_key(doc, out.relative_to(site_dir).as_posix())}


def course_job(data: Course, site_dir: str, lang: str, renders: PdfRenders) -> dict:
    ui = data.ui[lang]
    title = data.course[lang]["title"]
    site = Path(site_dir) / ("" if lang == SOURCE_LANGUAGE else lang)
    out = site / render.course_pdf_name(data.edition, lang)
    before, _, after = ui["page_of"].partition("{page}")
    middle, _, end = after.partition("{pages}")
    example = f"{render.module_label(data.modules[0])} · {before}3{middle}12{end}"
    modules = [{"id": module["id"], "title": render.module_title(module, lang), "pdf": result["out"], "pages": result["pages"]}
               for module, _page, result in renders.module_results(lang)]
    return {"name": out.name, "out": str(out), "site_path": out.relative_to(site_dir).as_posix(),
            "base_url": (site / "index.html").as_uri(), "contents": ui["contents"],
            "note": ui["pdf_contents_note"].replace("{example}", example), "modules": modules,
            "front": {"title": title, "header": title, "cover": cover(data, lang), **common(data, lang)}}


def write_sizes(pages: dict):
    """Put each PDF's size into the download button of its page."""
    for (module_id, lang), page in pages.items():
        text = page["dest"].read_text(encoding="utf-8")
        for name in (render.pdf_name(module_id, lang), handouts.guide_name(module_id, lang),
                     pack.card_name(module_id, lang), pack.slides_name(module_id, lang)):
            pdf = page["dest"].parent / name
            if pdf.exists():
                text = render.with_pdf_size(text, name, pdf.stat().st_size, lang)
        page["dest"].write_text(text, encoding="utf-8")


def timetable_job(data: Course, site_dir: str, lang: str) -> dict | None:
    """The 5-day class (curriculum/schedule.yml) as a one-page A4 PDF beside the schedule page, for
    instructors to print and pin up (rendered in the pool with the module PDFs; `write_timetable_size`
    then puts its size into the page's button). None when the site has no schedule page."""
    ui = data.ui[lang]
    text = data.schedule["text"][lang]
    site = Path(site_dir) / ("" if lang == SOURCE_LANGUAGE else lang)
    page = site / "schedule.html"
    if not page.exists():
        return None
    name = render.timetable_pdf_name(data.edition, lang)
    audience = data.roles[data.schedule["audience"]][lang]["name"]
    body = (f'<style>{TIMETABLE_CSS}</style><h1>{render.esc(text["title"])}</h1>'
            f'<p class="meta">{render.esc(data.course[lang]["title"])} · {render.esc(ui["edition"])} {render.esc(data.edition)} · '
            f'{render.esc(ui["audience"])}: {render.esc(audience)}</p>'
            + render.schedule_table(data, lang, links=False))
    css = (_pdf.PDF_DIR / "print.css").read_text(encoding="utf-8")
    doc = _pdf.document(lang=lang, title=text["title"], header=text["title"], edition=data.edition, cover="", toc="",
                        body=body, created=_pdf.created_timestamp(), page_of=ui["page_of"], css=css)
    out = site / name
    return {"name": name, "html": doc, "base_url": page.as_uri(), "out": str(out), "page": str(page), "lang": lang,
            "key": _pdf.cache_key(doc, out.relative_to(site_dir).as_posix())}


def write_timetable_size(job: dict):
    page, out = Path(job["page"]), Path(job["out"])
    page.write_text(render.with_pdf_size(page.read_text(encoding="utf-8"), out.name, out.stat().st_size, job["lang"]),
                    encoding="utf-8")
