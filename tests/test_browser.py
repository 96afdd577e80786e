"""Real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) on the site from file://."""

import contextlib
import shutil

import pytest

from conftest import LANGS, lang_prefix, module_page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def guarded_page(browser, allowed=("file:",), **context_options):
    """A page that loads only addresses starting with `allowed` (and data:, blob:, about:); any
    other request is blocked and recorded in page.external."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.external = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith((*allowed, "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            page.external.append(url)
            request_route.abort()

    context.route("**/*", route)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page that blocks and records every request that is not to a local file."""
    with guarded_page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2) as page:
        yield page


def module_with_exercises(site, modules, lang="vi"):
    for module in modules:
        if "xa-exercise" in module_page(site, module, lang).read_text(encoding="utf-8"):
            return module
    pytest.fail("no module page has an exercise")


def test_ticks_persist_progress_shows_and_reset_clears(site, modules, phone):
    module = module_with_exercises(site, modules)
    phone.goto(module_page(site, module, "vi").as_uri())
    exercise = phone.locator(".xa-exercise").first
    boxes = exercise.locator("input[type=checkbox]")
    assert boxes.count() >= 2
    exercise.locator("label.task-list-control").nth(0).click()
    exercise.locator("label.task-list-control").nth(1).click()
    assert exercise.locator(".xa-count").inner_text() == "2"

    phone.reload()
    exercise = phone.locator(".xa-exercise").first
    assert exercise.locator("input[type=checkbox]").nth(0).is_checked()
    assert exercise.locator("input[type=checkbox]").nth(1).is_checked()

    phone.goto((site / "progress.html").as_uri())
    row = phone.locator(f"tr[data-module='{module['id']}']")
    assert row.get_attribute("data-state") == "in-progress"
    assert "2/" in row.locator(".xa-p-ticks").inner_text()

    phone.goto(module_page(site, module, "vi").as_uri())
    phone.locator(".xa-exercise").first.locator(".xa-reset").click()
    phone.reload()
    assert not phone.locator(".xa-exercise").first.locator("input[type=checkbox]").nth(0).is_checked()
    phone.goto((site / "progress.html").as_uri())
    assert phone.locator(f"tr[data-module='{module['id']}']").get_attribute("data-state") == "not-started"
    assert phone.external == []


def test_checkboxes_are_big_enough_to_tap_and_labelled(site, modules, phone):
    module = module_with_exercises(site, modules)
    phone.goto(module_page(site, module, "en").as_uri())
    for box in phone.locator(".xa-exercise input[type=checkbox]").all()[:6]:
        size = box.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24, size
        assert box.evaluate("el => getComputedStyle(el).opacity") == "1", "the box itself must be visible"
        label = phone.locator(f"label[for='{box.get_attribute('id')}']")
        assert label.inner_text().strip(), "checkbox without a label"


def test_pages_render_in_the_self_hosted_font_and_switch_language(site, modules, phone):
    module = modules[1]
    phone.goto(module_page(site, module, "vi").as_uri())
    phone.evaluate("document.fonts.ready")
    assert phone.evaluate("document.fonts.check('16px \"Noto Sans\"', 'Chữ ký số')")
    loaded = phone.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Noto Sans" in family for family in loaded)
    with phone.expect_navigation():
        phone.locator("a.md-select__link[hreflang=en]").first.evaluate("link => link.click()")
    assert phone.url.endswith(f"en/modules/{module['slug']}/index.html")
    assert phone.evaluate("document.documentElement.lang") == "en"
    assert phone.external == []


def test_no_page_requests_another_host(site, phone):
    for lang in LANGS:
        for name in ("index.html", "progress.html", "glossary.html", "legal.html"):
            phone.goto((site / lang_prefix(lang) / name).as_uri())
            phone.wait_for_load_state("load")
    assert phone.external == [], phone.external
