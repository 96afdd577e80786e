"""Light pages (issue #10): what a phone downloads on a first visit, measured like bench/weight.py
(headless Chromium over a local gzip web server, every response recorded), within the budgets;
images sized and lazy; the search index only fetched once search is used."""

import re
import sys
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, html_pages, lang_prefix

sys.path.insert(0, str(ROOT / "bench"))
import weight  # noqa: E402


def heaviest_module_page(site: Path, lang: str) -> str:
    """The module page whose own HTML is the largest: the others load the same shared files."""
    pages = sorted((site / lang_prefix(lang) / "modules").glob("*/index.html"))
    heaviest = max(pages, key=weight.transfer_size)
    return heaviest.relative_to(site).as_posix()


@pytest.fixture(scope="module")
def first_loads(site):
    pages = [f"{lang_prefix(lang)}index.html" for lang in LANGS] + [heaviest_module_page(site, lang) for lang in LANGS]
    return {r["page"]: r for r in weight.measure(site, pages)}


def test_measurement_sees_the_page_its_styles_scripts_and_fonts(first_loads):
    for result in first_loads.values():
        paths = [f["path"] for f in result["files"]]
        assert paths[0] == result["page"] or result["page"] in paths
        assert any(p.endswith(".css") for p in paths) and any(p.endswith(".js") for p in paths), paths
        assert any(p.endswith(".woff2") for p in paths), "no font was fetched: the measurement is missing them"
        assert 0 < result["without_fonts"] < result["total"]


def test_module_pages_first_load_within_budget(first_loads):
    for page, result in first_loads.items():
        if "/modules/" not in f"/{page}":
            continue
        assert result["total"] <= weight.BUDGET_WITH_FONTS, (page, result["total"], result["files"])
        assert result["without_fonts"] <= weight.BUDGET_WITHOUT_FONTS, (page, result["without_fonts"], result["files"])


def test_first_load_asks_no_other_host(first_loads):
    assert {page: r["other_hosts"] for page, r in first_loads.items() if r["other_hosts"]} == {}


def test_search_index_is_fetched_only_when_search_is_used(site):
    with weight.serve(site) as base, weight.chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(base + "modules/" + sorted(p.name for p in (site / "modules").iterdir())[0] + "/index.html",
                  wait_until="networkidle")
        assert not [u for u in fetched if "search_index" in u], "the search index was fetched before any search"
        page.locator("label[for='__search']").first.click()
        page.locator(".md-search__input").fill("chữ ký số")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert [u for u in fetched if u.endswith("search/search_index.json")]
        assert page.locator(".md-search-result__item").count() >= 1


IMG = re.compile(r"<img\b[^>]*>", re.I)


def test_every_image_is_sized_and_lazy(site):
    images = [(page, tag) for page in html_pages(site) for tag in IMG.findall(page.read_text(encoding="utf-8"))]
    assert images, "no <img> found: the check would prove nothing"
    bad = [(page.relative_to(site).as_posix(), tag) for page, tag in images
           if not (re.search(r'\swidth="\d+"', tag) and re.search(r'\sheight="\d+"', tag)
                   and re.search(r'\sloading="lazy"', tag))]
    assert not bad, bad[:5]
