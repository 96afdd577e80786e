"""MkDocs hook: the 5-day class timetable (curriculum/schedule.yml) as a one-page A4 PDF per
language, beside the schedule page, for instructors to print and pin up. Uses the same print
document, cached renderer and on/off switch (_pdf.wanted) as the module PDFs."""

from __future__ import annotations

import logging
from pathlib import Path

import _pdf
import _render as render
from _course import SOURCE_LANGUAGE
from _mkdocs import course, language

log = logging.getLogger("mkdocs.xaso.timetable")

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


_state = {"command": "build"}


def on_startup(command, dirty):
    _state["command"] = command


def on_post_build(config):
    if not _pdf.wanted(_state["command"]):
        return
    data = course()
    lang = language(config)
    ui = data.ui[lang]
    text = data.schedule["text"][lang]
    site = Path(config.site_dir) / ("" if lang == SOURCE_LANGUAGE else lang)
    page = site / "schedule.html"
    if not page.exists():
        return
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
    result = _pdf.render({"name": name, "html": doc, "base_url": page.as_uri(), "out": str(out),
                          "key": _pdf.cache_key(doc, out.relative_to(config.site_dir).as_posix())})
    state = "cached" if result["cached"] else f"{result['seconds']:.1f} s"
    log.info(f"PDF {name} {state}")
    page.write_text(render.with_pdf_size(page.read_text(encoding="utf-8"), name, out.stat().st_size, lang), encoding="utf-8")
