"""MkDocs hook: SCORM 1.2 packages and question banks for a province's LMS (the work is in xaso.lms).

Collects each module page's article and, in the run's "packages" phase (after the PDFs, before the
offline zips, which do not carry the packages), writes site/download/lms/ and the packages' sizes
into the module pages. `mkdocs serve` and XASO_LMS=0 skip it."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from _mkdocs import MODULE_PAGE, command, course, language, run, stash
from xaso import lms, render

log = logging.getLogger("mkdocs.xaso.lms")


def wanted() -> bool:
    return command() != "serve" and os.environ.get("XASO_LMS") != "0"


def on_pre_build(config):
    state = stash("lms")
    if "pages" in state or not wanted():
        return
    state["pages"] = {}
    site = Path(config.site_dir)
    run().add_job("packages", "LMS packages", lambda: _finish(site, state["pages"]))


LMS_LINKS = re.compile(r'<p class="xa-lms">.*?</p>', re.S)


def on_page_content(html, page, config, files):
    if not wanted():   # no packages in this build: no links to them
        return LMS_LINKS.sub("", html)
    state = stash("lms")
    match = MODULE_PAGE.match(page.file.src_uri)
    if match and "pages" in state:
        module = course().module_by_slug(match["slug"])
        state["pages"][(module["id"], language(config))] = {"html": html, "dir": Path(page.file.abs_dest_path).parent,
                                                             "dest": Path(page.file.abs_dest_path)}
    return html


def _finish(site: Path, pages: dict):
    sizes = lms.write_packages(course(), site, pages)
    total = sum(sizes.values())
    log.info(f"LMS: {len(sizes)} files in {lms.LMS_DIR}/ ({render.size_text(total, 'en')})")
    for (module_id, lang), page in pages.items():
        text = page["dest"].read_text(encoding="utf-8")
        page["dest"].write_text(render.with_lms_sizes(text, sizes, lang), encoding="utf-8")
