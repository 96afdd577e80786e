"""MkDocs hook: a PDF for every module page and one for the whole course, per language, and the
5-day timetable. The work is in xaso.pdf_jobs; this adapter hands it each module page's HTML and
adds the run's finishing jobs. `mkdocs serve` skips PDFs unless XASO_PDF=1; XASO_PDF=0 skips them
in any build; XASO_PDF=km makes only that language's (a comma list for several)."""

from __future__ import annotations

from pathlib import Path

from _mkdocs import MODULE_PAGE, command, course, language, run, stash
from xaso import pdf as _pdf
from xaso import pdf_jobs


def _renders():
    return stash("pdf").get("renders")


def on_pre_build(config):
    state = stash("pdf")
    if "renders" in state or not _pdf.wanted(command()):
        return
    renders = state["renders"] = pdf_jobs.PdfRenders(course(), _pdf.languages_wanted(run().languages), config.site_dir)
    run().on_abort.append(renders.abort)
    run().add_job("pdf", "module PDFs", renders.finish_modules)
    run().add_job("course_pdf", "course PDFs", renders.finish_courses)


def _module(page):
    match = MODULE_PAGE.match(page.file.src_uri)
    return course().module_by_slug(match["slug"]) if match else None


def on_page_content(html, page, config, files):
    module = _module(page)
    if module and _renders():
        _renders().page_html(module, language(config), html, Path(page.file.abs_dest_path))
    return html


def on_post_page(output, page, config):
    module = _module(page)
    if module and _renders():
        _renders().page_written(module, language(config))
    return output


def on_post_build(config):
    if _renders() and language(config) in _renders().languages:
        _renders().language_built(language(config))
