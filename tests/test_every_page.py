"""Every built HTML page of both languages, served from localhost (as published: 404.html only
works from a web server; file:// is covered by test_browser.py) and opened in headless Chromium
(Debian's /usr/bin/chromium via Playwright): axe-core finds no accessibility violation, no
page even tries to reach another host (every other request is blocked and recorded), and no
request fails (a 404, a refused fetch) and nothing is written to the console as an error: each
would be a wasted round trip on a weak link, or a broken feature.

One browser and one tab visit each page once; both tests read what that visit recorded.
"""

import json
import sys

import pytest

from conftest import ROOT, html_pages
from test_browser import ARGS, CHROMIUM

sys.path.insert(0, str(ROOT / "bench"))
import weight  # noqa: E402  (bench/weight.py: the local web server)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def visits(site):
    """{page: {"violations": [...], "external": [...], "failed": [...], "errors": [...]}} for every
    HTML page of the site."""
    playwright = pytest.importorskip("playwright.sync_api")
    assert AXE.is_file(), "node_modules/axe-core is missing: run `make test` (npm ci)"
    results = {}
    with weight.serve(site) as base, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        external = []

        def route(request_route):
            url = request_route.request.url
            if url.startswith((base, "data:", "blob:", "about:")):
                request_route.continue_()
            else:
                external.append(url)
                request_route.abort()

        context.route("**/*", route)
        context.add_init_script(path=str(AXE))
        tab = context.new_page()
        failed, errors = [], []
        tab.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        tab.on("requestfailed", lambda r: r.url.startswith(base) and failed.append(f"{r.failure} {r.url}"))
        tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
        tab.on("pageerror", lambda e: errors.append(str(e)))
        for path in html_pages(site):
            external.clear()
            failed.clear()
            errors.clear()
            tab.goto(base + path.relative_to(site).as_posix(), wait_until="load")
            violations = tab.evaluate("async () => (await axe.run(document)).violations.map(v => "
                                      "({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
            tab.wait_for_load_state("networkidle")
            results[path.relative_to(site).as_posix()] = {"violations": violations, "external": list(external),
                                                          "failed": list(failed), "errors": list(errors)}
        browser.close()
    return results


def test_every_page_was_visited(site, visits):
    assert len(visits) == len(html_pages(site)) > 40
    assert {"index.html", "en/index.html", "404.html"} <= set(visits)


def test_axe_finds_no_violation_on_any_page(visits):
    failures = {page: v["violations"] for page, v in visits.items() if v["violations"]}
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)[:6000]


def test_no_page_attempts_a_request_to_another_host(visits):
    attempts = {page: v["external"] for page, v in visits.items() if v["external"]}
    assert not attempts, attempts


def test_no_request_fails_and_the_console_shows_no_error_on_any_page(visits):
    """E.g. Material asking for a sitemap.xml beside every page (404s), or a font preload refused."""
    failures = {page: v["failed"] + v["errors"] for page, v in visits.items() if v["failed"] or v["errors"]}
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)[:6000]
