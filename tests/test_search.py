"""Search as a reader on a weak link gets it: one index per language (small, fetched only when
search is used), modules whose title matches first on Vietnamese AND English pages, and a site
that names no CDN (Material's bundle included). Browser tests run over a local web server
(bench/weight.py: gzip -6, like a production server)."""

import json
import re
import sys

import pytest

from conftest import ROOT, lang_prefix, module_page
from xaso import search as xsearch

sys.path.insert(0, str(ROOT / "bench"))
import weight  # noqa: E402  (bench/weight.py: the local web server)

LIMIT = 180 * 1024  # bytes over the wire (gzip -6)
LANGS = ("vi", "en")


def module(modules, mid):
    return next(m for m in modules if m["id"] == mid)


def index(site, lang):
    return json.loads((site / xsearch.index_path(lang)).read_text(encoding="utf-8"))


def test_each_language_has_its_own_small_index(site):
    assert xsearch.index_path("vi") == "search/search_index.json"
    assert xsearch.index_path("en") == "en/search/search_index.json"
    for lang in LANGS:
        path = site / xsearch.index_path(lang)
        data = index(site, lang)
        locations = [d["location"] for d in data["docs"]]
        assert locations and all(loc.startswith("en/") == (lang == "en") for loc in locations), lang
        assert data["config"]["lang"] == [lang]
        assert weight.transfer_size(path) <= LIMIT, (lang, weight.transfer_size(path))
        # The file:// copy (Material loads it with a <script>) holds the same index.
        js = path.with_suffix(".js").read_text(encoding="utf-8")
        assert js.startswith("var __index = ") and json.loads(js[len("var __index = "):]) == data
    # Together they hold every page of the site: no page was lost in the split.
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if "assets" not in p.parts and p.parent.name not in ("lms", "download") and p.name != "404.html"}
    indexed = {d["location"].split("#")[0] for lang in LANGS for d in index(site, lang)["docs"]}
    assert not {p for p in pages if p.startswith(("modules/", "en/modules/"))} - indexed


def test_english_index_knows_each_module_by_its_vietnamese_title(site, modules):
    c4 = module(modules, "c4")
    doc = next(d for d in index(site, "en")["docs"] if d["location"] == f"en/modules/{c4['slug']}/index.html")
    assert "Chữ ký số" in doc["titles"] and "Chữ ký số" not in doc["title"]
    assert "titles" in index(site, "en")["config"]["fields"]


def test_the_graded_quiz_stays_out_of_the_index(site, modules):
    """Its wrong options would show up as search results (and it is a test)."""
    c4 = module(modules, "c4")
    quiz = [d for d in index(site, "vi")["docs"] if d["location"] == f"modules/{c4['slug']}/index.html#quiz"]
    assert quiz and "<li>" not in quiz[0]["text"] and " A. " not in quiz[0]["text"]
    assert 'data-search-exclude' in module_page(site, c4, "vi").read_text(encoding="utf-8")


def test_no_built_file_names_a_cdn(site):
    hits = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".css", ".json", ".map", ".xml", ".txt", ".webmanifest"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found = [host for host in xsearch.CDN_HOSTS if host in text]
            if found:
                hits[path.relative_to(site).as_posix()] = found
    assert hits == {}
    bundle = next(site.glob(xsearch.BUNDLE_GLOB)).read_text(encoding="utf-8")
    assert xsearch.RESIZE_OBSERVER in bundle and (site / xsearch.RESIZE_OBSERVER).is_file()
    assert "sourceMappingURL" not in bundle


def test_bundle_rewrite_fails_clearly_when_material_changes():
    with pytest.raises(xsearch.BundleError, match="BUNDLE_REWRITES in xaso/search.py"):
        xsearch.patch_bundle('"use strict";(()=>{})();')
    text = '"use strict";' + "".join(f"a({old});" for old in xsearch.BUNDLE_REWRITES) + "\n//# sourceMappingURL=x.map\n"
    once = xsearch.patch_bundle(text)
    assert xsearch.patch_bundle(once) == once and "unpkg" not in once and "sourceMappingURL" not in once


# --- in Chromium, over a local web server ---

@pytest.fixture(scope="module")
def served(site):
    playwright = pytest.importorskip("playwright.sync_api")
    with weight.serve(site) as base, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=weight.CHROMIUM, headless=True, args=weight.BROWSER_ARGS)
        yield base, browser
        browser.close()


def search(page, query):
    """Type like a person into the search box; the results' addresses (site-relative), best first."""
    if not page.evaluate("document.getElementById('__search').checked"):
        page.locator("label.md-header__button[for=__search]").click()
    box = page.locator("input.md-search__input")
    links = ".md-search-result__item > .md-search-result__link"
    box.fill("")
    box.press("End")
    page.wait_for_selector(links, state="detached")
    box.fill(query)
    box.press("End")
    page.wait_for_selector(links, timeout=15000)
    return page.eval_on_selector_all(links, "ls => ls.map(a => a.href.split('?')[0])")


@pytest.mark.parametrize("lang", LANGS)
def test_search_lists_the_module_whose_title_matches_first(site, modules, served, lang):
    base, browser = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    fetched = []
    page.on("response", lambda r: fetched.append((r.url, r.status, r.headers.get("content-length"))))
    page.goto(base + f"{lang_prefix(lang)}modules/{module(modules, 'c1')['slug']}/index.html")
    for query, mid in (("chu ky so", "c4"), ("dich vu cong", "c5"), ("chữ ký số", "c4")):
        results = search(page, query)
        want = base + f"{lang_prefix(lang)}modules/{module(modules, mid)['slug']}/index.html"
        assert results[0] == want, (query, results[:5])
        assert all(r.startswith(base + "en/") == (lang == "en") for r in results), (query, results)
    indexes = [(url, status, size) for url, status, size in fetched if "search_index" in url]
    assert [url for url, *_ in indexes] == [base + xsearch.index_path(lang)], indexes
    assert indexes[0][1] == 200 and int(indexes[0][2]) <= LIMIT, indexes
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_search_speaks_the_pages_language(site, served, lang):
    """Before the index arrives and after, the search box's words are the page's language."""
    base, browser = served
    ui = {"vi": ("Đang chuẩn bị tìm kiếm", "Nhập để bắt đầu tìm kiếm"), "en": ("Preparing search", "Type to start searching")}
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + f"{lang_prefix(lang)}index.html")
    meta = page.locator(".md-search-result__meta")
    assert ui[lang][0] in meta.text_content()
    page.locator("label.md-header__button[for=__search]").click()
    page.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent.includes(t)",
                           arg=ui[lang][1], timeout=15000)
    context.close()


def test_from_file_urls_search_works_and_the_console_stays_clean(site, modules, served):
    """Unzipped and opened from file://: no CORS error (font preloads, sitemap.xml), search answers."""
    _, browser = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("requestfailed", lambda r: problems.append(f"{r.url} {r.failure}"))
    for lang in LANGS:
        page.goto(module_page(site, module(modules, "c2"), lang).as_uri())
        results = search(page, "chu ky so")
        assert results[0] == module_page(site, module(modules, "c4"), lang).as_uri(), results[:3]
    assert problems == []
    context.close()


def test_without_resize_observer_the_polyfill_comes_from_the_site(site, served):
    """Old Android WebViews lack ResizeObserver: Material then loads a polyfill, from the site itself."""
    base, browser = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script("delete window.ResizeObserver")
    page = context.new_page()
    responses, errors = [], []
    page.on("response", lambda r: responses.append((r.url, r.status)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(base + "en/index.html", wait_until="networkidle")
    assert (base + xsearch.RESIZE_OBSERVER, 200) in responses, responses
    assert all(url.startswith(base) for url, _ in responses) and errors == []
    assert page.evaluate("typeof ResizeObserver") == "function"
    context.close()
