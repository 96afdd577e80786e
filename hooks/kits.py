"""MkDocs hook: the practice kits ("Bộ tài liệu thực hành"; the work is in xaso.kits).

Checks that every kit file an exercise names has a generator (every build, `mkdocs serve` too). In a
full build, starts making the kits in a worker process as soon as the run starts (they need only the
data, not the pages), puts a download link after each module page's "Exercises" heading, and in the
run's "packages" phase copies the zips into site/download/kits/ and writes their sizes into the
pages. Cached (xaso.kits.CACHE): a rebuild only copies. `mkdocs serve` and XASO_KITS=0 skip it."""

from __future__ import annotations

import logging
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _mkdocs import MODULE_PAGE, command, course, fail, language, run, stash
from xaso import kits

log = logging.getLogger("mkdocs.xaso.kits")
_EXERCISES_HEADING = re.compile(r'(<h2 id="exercises"[^>]*>.*?</h2>)', re.S)


def wanted() -> bool:
    return command() != "serve" and os.environ.get("XASO_KITS") != "0"


def on_config(config):
    problems = kits.check(course())
    if problems:
        fail(problems)
    return config


def on_pre_build(config):
    state = stash("kits")
    if "pages" in state or not wanted():
        return
    state["pages"] = {}
    plan = kits.plan(course(), kits.load_texts(course(), []))
    if not plan["kits"]:
        return
    result = kits.cached(plan)
    if result is None:   # made in a worker process while the pages are built
        pool = ProcessPoolExecutor(max_workers=1)
        future = pool.submit(kits.make, plan)
        run().on_abort.append(lambda: pool.shutdown(wait=False, cancel_futures=True))
    site = Path(config.site_dir)

    def finish():
        nonlocal result
        if result is None:
            with pool:
                result = future.result()
        sizes = kits.install(result, site)
        state_text = "cached" if result["cached"] else f"{result['seconds']:.1f} s"
        log.info(f"practice kits: {len(sizes)} zips in {kits.KITS_DIR}/ ({state_text})")
        for (_module_id, lang), dest in state["pages"].items():
            dest.write_text(kits.with_kit_size(dest.read_text(encoding="utf-8"), sizes, lang), encoding="utf-8")

    state["kits"] = plan["kits"]
    run().add_job("packages", "practice kits", finish)


def on_page_content(html, page, config, files):
    state = stash("kits")
    match = MODULE_PAGE.match(page.file.src_uri)
    if not match or not state.get("kits"):
        return html
    module = course().module_by_slug(match["slug"])
    if module is None or module["id"] not in state["kits"]:
        return html
    lang = language(config)
    state["pages"][(module["id"], lang)] = Path(page.file.abs_dest_path)
    return _EXERCISES_HEADING.sub(lambda m: m.group(1) + kits.kit_link(course(), module, lang), html, count=1)
