"""Reading without a connection: the edition's zip, search without diacritics, the service worker."""

import contextlib
import functools
import html
import http.server
import json
import re
import threading
import zipfile

import pytest
from playwright.sync_api import expect

from xaso import zip as _zip
from conftest import EPOCH, html_pages, lang_prefix, module_page
from test_browser import ARGS, CHROMIUM, browser, phone  # noqa: F401 (fixtures)


def zips(site, course):
    edition = course["edition"]
    return site / "download" / f"xa-so-{edition}.zip", site / "download" / f"xa-so-{edition}-no-pdf.zip"


def test_zips_exist_the_light_one_at_most_half_and_home_pages_show_their_sizes(site, course):
    full, light = zips(site, course)
    assert full.stat().st_size >= 2 * light.stat().st_size
    with zipfile.ZipFile(full) as archive:
        names = archive.namelist()
    with zipfile.ZipFile(light) as archive:
        light_names = archive.namelist()
    assert any(name.endswith(".pdf") for name in names)
    assert not any(name.endswith(".pdf") for name in light_names)
    assert set(light_names) == {name for name in names if not name.endswith(".pdf")}
    for lang, size_re in (("vi", r"\(\d+(,\d)? [KM]B\)"), ("en", r"\(\d+(\.\d)? [KM]B\)")):
        home = (site / lang_prefix(lang) / "index.html").read_text(encoding="utf-8")
        to_root = "../" * lang_prefix(lang).count("/")
        for archive in (full, light):
            link = re.search(rf'<a href="{to_root}download/{archive.name}" download>.*?</li>', home, re.S)
            assert link, f"{lang} home page does not link {archive.name}"
            assert re.search(size_re, link.group(0)), link.group(0)


def test_zip_entries_are_sorted_dated_and_permissioned_alike(site, course, monkeypatch):
    full, _ = zips(site, course)
    with zipfile.ZipFile(full) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    folder = f"xa-so-{course['edition']}/"
    assert all(name.startswith(folder) for name in names)
    assert folder + "index.html" in names and folder + "en/index.html" in names
    assert not any(name.startswith(folder + "download/") or name.endswith(".map") for name in names)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # what the build had
    assert {info.date_time for info in infos} == {_zip.zip_date()}
    assert {info.external_attr >> 16 for info in infos} == {0o644}


def test_zipping_twice_gives_the_same_bytes_whatever_the_files_dates(tmp_path):
    folder = tmp_path / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.html").write_text("<p>b</p>", encoding="utf-8")
    (folder / "sub" / "a.pdf").write_bytes(b"%PDF-1.7 x")
    first = _zip.write_zip(folder, tmp_path / "1.zip", "x", skip=lambda rel: False)
    (folder / "b.html").touch()
    (folder / "sub" / "a.pdf").chmod(0o600)
    _zip.write_zip(folder, tmp_path / "2.zip", "x", skip=lambda rel: False)
    assert first > 0 and (tmp_path / "1.zip").read_bytes() == (tmp_path / "2.zip").read_bytes()


def test_unzipped_anywhere_the_course_opens_searches_and_has_no_dead_download_link(site, course, phone, tmp_path):
    _, light = zips(site, course)
    with zipfile.ZipFile(light) as archive:
        archive.extractall(tmp_path / "somewhere else")
    root = tmp_path / "somewhere else" / f"xa-so-{course['edition']}"
    home = root / "index.html"
    assert "xa-edition-download" not in home.read_text(encoding="utf-8")
    phone.goto(home.as_uri())
    # "save the whole course" has nothing to do here: it says so and offers no button
    words = json.loads(phone.locator(".xa-save-course").get_attribute("data-words"))
    phone.wait_for_function("s => document.querySelector('.xa-save-course-status').textContent === s", arg=words["file"])
    assert not phone.locator(".xa-save-course-button").is_visible()
    assert phone.locator("article h1").first.inner_text().strip()
    phone.locator("article a[href^='modules/']").first.click()
    phone.wait_for_load_state("load")
    assert "/modules/" in phone.url and phone.locator("article h1").count() == 1
    assert search(phone, "chu ky so")
    assert phone.external == []


# --- search without diacritics, in the page's language (file://, Material's own search) ---

def search(page, query: str) -> list[dict]:
    """Type into Material's search box like a person and return the results shown, best first."""
    box = page.locator("input.md-search__input")
    if not page.evaluate("document.getElementById('__search').checked"):
        page.locator("label.md-header__button[for=__search]").click()  # the phone layout's search icon
    links = ".md-search-result__item > .md-search-result__link"
    box.fill("")
    box.press("End")  # Material reads the box on key-up
    page.wait_for_selector(links, state="detached")
    box.fill(query)
    box.press("End")
    page.wait_for_selector(links)
    return page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link",
        "links => links.map(a => ({href: a.getAttribute('href').split('?')[0], text: a.innerText}))")


def is_english(href: str) -> bool:
    return "/en/" in href or href.startswith("en/")


def test_search_without_diacritics_finds_vietnamese_pages(site, modules, phone):
    phone.goto(module_page(site, modules[0], "vi").as_uri())
    results = search(phone, "chu ky so")
    assert results and not is_english(results[0]["href"]), results[:3]
    assert "chữ ký số" in results[0]["text"].lower(), results[0]
    c4 = next(m for m in modules if m["id"] == "c4")
    assert any(f"modules/{c4['slug']}/" in r["href"] for r in results[:5]), [r["href"] for r in results[:5]]

    results = search(phone, "dien tu")
    assert results and not any(is_english(r["href"]) for r in results[:3])
    assert any("điện tử" in r["text"].lower() for r in results[:3]), results[:3]
    # The accented query still works.
    assert search(phone, "chữ ký số")[0]["href"] == search(phone, "chu ky so")[0]["href"]
    assert phone.external == []


def test_search_shows_only_the_pages_language(site, modules, phone):
    """Each language has its own index (xaso/search.py): "ipconfig", on pages of both languages,
    finds pages of the page's language only."""
    for lang in ("en", "vi"):
        phone.goto(module_page(site, modules[0], lang).as_uri())
        results = search(phone, "ipconfig")
        assert len(results) >= 2 and all(is_english(r["href"]) == (lang == "en") for r in results), results
    assert phone.external == []


# --- service worker: a page read once stays readable offline (http only) ---

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        """server.replaced: {path: bytes} served instead of the site's file (a new build, say)."""
        body = getattr(self.server, "replaced", {}).get(self.path.split("?")[0])
        if body is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript" if self.path.endswith(".js") else "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(folder):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_a_module_read_once_stays_readable_offline_with_its_pdf(site, modules, browser, course):
    module = modules[1]
    other = modules[2]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        with serve(site) as server:
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            url = base + f"modules/{module['slug']}/index.html"
            page = context.new_page()
            page.goto(base)   # the home page as "/": stored as index.html, so the logo's link finds it
            page.wait_for_function("navigator.serviceWorker.controller !== null || true")
            page.goto(url)
            status = page.locator(".xa-offline-status")
            button = page.locator(".xa-offline-save")
            saved_page, saved_pdf = button.get_attribute("data-saved-page"), button.get_attribute("data-saved-pdf")
            page.wait_for_function("s => document.querySelector('.xa-offline-status').textContent === s", arg=saved_page)
            cache = page.evaluate("caches.keys()")
            assert cache == [f"xa-so-{course['edition']} {base}"]
            button.click()
            page.wait_for_function("s => document.querySelector('.xa-offline-status').textContent === s", arg=saved_pdf)
            assert not button.is_visible()
        context.set_offline(True)  # and the server is gone
        page.reload()
        assert page.locator("article h1").first.inner_text().startswith(module["id"].upper())
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Sans"')
        page.wait_for_function("s => document.querySelector('.xa-offline-status').textContent === s", arg=saved_pdf)
        pdf = page.evaluate("href => fetch(href).then(r => r.blob()).then(b => [b.type, b.size])",
                            button.get_attribute("data-pdf"))
        assert pdf[0] == "application/pdf" and pdf[1] > 1000
        page.goto(base + "index.html")   # "Trang chủ" and the logo link to index.html
        assert page.locator(".xa-edition-download, article").first.is_visible()
        assert page.evaluate("document.documentElement.lang") == "vi"
        # a page never opened: our offline page, in the page's language, with what is saved and the way home
        page.goto(base + f"en/modules/{other['slug']}/index.html")
        assert page.locator("h1").inner_text() == "This page is not saved on this device"
        page.goto(base + f"modules/{other['slug']}/index.html")
        assert page.locator("h1").inner_text() == "Trang này chưa được lưu trên máy"
        saved = [a.get_attribute("href") for a in page.locator("li a").all()]
        assert base + "index.html" in saved and url in saved, saved
        page.locator("p a").first.click()
        assert page.evaluate("location.href") == base + "index.html"
    finally:
        context.close()


def test_on_file_urls_the_service_worker_stays_silent(site, modules, phone):
    messages = []
    phone.on("console", lambda message: messages.append(message.text) if message.type == "error" else None)
    phone.goto(module_page(site, modules[1], "vi").as_uri())
    phone.wait_for_load_state("load")
    assert not phone.locator(".xa-offline-save").is_visible()
    assert phone.locator(".xa-offline-status").inner_text() == ""
    assert not [m for m in messages if "sw.js" in m or "ServiceWorker" in m.lower()], messages


# --- "Save the whole course" (home page; xaso.offline.course_manifest, assets/js/save-course.js) ---

def manifest(site, lang):
    return json.loads((site / "download" / f"offline-{lang}.json").read_text(encoding="utf-8"))


def test_each_language_has_a_manifest_of_its_pages_their_files_and_the_search(site):
    for lang in ("vi", "en"):
        m, folder = manifest(site, lang), lang_prefix(lang)
        built = {p.relative_to(site).as_posix() for p in html_pages(site)}
        mine = {rel for rel in built if rel.startswith(folder) and (folder or not rel.startswith("en/"))}
        assert set(m["pages"]) == mine, set(m["pages"]) ^ mine
        listed = {**m["pages"], **m["assets"], **m["search"], **m["pdfs"]}
        assert all((site / rel).stat().st_size == size for rel, size in listed.items())
        # every file the language's pages load is listed (scripts, styles, fonts, diagrams, PDFs)
        for rel in m["pages"]:
            page = site / rel
            for ref in re.findall(r'(?:src|href)="([^"#?:]+)[#?"]', page.read_text(encoding="utf-8")):
                target = (page.parent / ref).resolve()
                if target.is_file() and target.suffix not in (".html", ".zip") and "download" not in target.parts:
                    assert target.relative_to(site.resolve()).as_posix() in listed, (rel, ref)
        assert any(rel.endswith("search/search_index.json") for rel in m["search"])
        assert "assets/javascripts/workers/xa-so-search.js" in m["search"]
        assert any(re.fullmatch(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", rel) for rel in m["search"])
        assert any(rel.endswith(".woff2") for rel in m["assets"]) and any(rel.endswith(".svg") for rel in m["assets"])
        assert m["pdfs"] and all(rel.endswith(".pdf") and rel.startswith(folder) for rel in m["pdfs"])
        assert not any(rel.endswith((".map", ".zip")) for rel in listed)
        assert m["size"]["with_pdf"] == sum(listed.values()) > m["size"]["without_pdf"] > 0
    assert manifest(site, "vi")["version"] != manifest(site, "en")["version"]


def status_is(page, text):
    page.wait_for_function("s => document.querySelector('.xa-save-course-status').textContent === s", arg=text)


def test_home_then_c4_then_offline_the_logo_brings_the_home_page_back(site, modules, browser):
    c4 = next(m for m in modules if m["id"] == "c4")
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # the header shows the logo
    try:
        with serve(site) as server:
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            page = context.new_page()
            page.goto(base)
            page.locator(f"article a[href='modules/{c4['slug']}/index.html']").first.click()
            saved = page.locator(".xa-offline-save").get_attribute("data-saved-page")
            page.wait_for_function("s => document.querySelector('.xa-offline-status').textContent === s", arg=saved)
        context.set_offline(True)
        page.locator(".md-header__button.md-logo").click()
        page.wait_for_load_state("load")
        assert page.url == base + "index.html"
        assert page.locator("article h1").first.is_visible() and page.locator(".xa-edition-download").is_visible()
        assert page.evaluate("document.documentElement.lang") == "vi"
    finally:
        context.close()


def test_the_whole_course_saved_every_page_opens_offline_and_search_answers(site, modules, browser):
    m = manifest(site, "vi")
    c4 = next(mod for mod in modules if mod["id"] == "c4")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        with serve(site) as server:
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            page = context.new_page()
            page.goto(base)
            block = page.locator(".xa-save-course")
            words = json.loads(block.get_attribute("data-words"))
            button = block.locator("button.xa-save-course-button")
            button.wait_for()   # shown once the manifest (sizes) has arrived
            expect(block.locator(".xa-save-course-size")).to_have_text(words["size"].replace("{size}", m["size_text"]["without_pdf"]))
            assert m["size_text"]["pdf_extra"] in block.locator("label").inner_text()
            assert block.locator("progress[aria-label]").count() == 1
            # the connection drops half-way: said plainly, with a retry that finishes the job
            context.route("**/search/search_index.json", lambda route: route.abort())
            button.click()
            status_is(page, words["network"])
            assert button.inner_text() == words["retry"] and button.is_enabled()
            context.unroute("**/search/search_index.json")
            button.click()
            status_is(page, words["done"].replace("{size}", m["size_text"]["without_pdf"]))
            assert not block.locator("progress").is_visible()
            old = f"xa-so-course vi {m['version']} {base}"
            assert old in page.evaluate("caches.keys()")
            visited = page.evaluate("n => caches.open(n).then(c => c.keys()).then(k => k.map(r => r.url))",
                                    f"xa-so-{m['edition']} {base}")
            assert not [u for u in visited if "/modules/" in u], "the saved course was stored twice"
            # a new build: the saved copy is said to be old; the new one replaces it once complete
            newer = {**m, "version": "f" * 16}
            context.route("**/download/offline-vi.json", lambda route: route.fulfill(json=newer))
            page.reload()
            status_is(page, words["outdated"])
            assert button.inner_text() == words["update"]
            context.route("**/assets/css/xa-so.css", lambda route: route.abort())
            button.click()
            status_is(page, words["network"])
            course_caches = [c for c in page.evaluate("caches.keys()") if c.startswith("xa-so-course ")]
            assert old in course_caches and len(course_caches) == 2   # the old copy stays until the new one is whole
            context.unroute("**/assets/css/xa-so.css")
            button.click()
            status_is(page, words["done"].replace("{size}", m["size_text"]["without_pdf"]))
            course_caches = [c for c in page.evaluate("caches.keys()") if c.startswith("xa-so-course ")]
            assert course_caches == [f"xa-so-course vi {'f' * 16} {base}"]
            assert page.evaluate("localStorage.getItem('xa-so:learner')") is None   # progress untouched
            # a new edition's service worker forgets the old edition's pages, not the saved course
            sw = (site / "sw.js").read_text(encoding="utf-8")
            server.replaced = {"/sw.js": sw.replace(f'var EDITION = "{m["edition"]}"', 'var EDITION = "2099.1"').encode()}
            assert server.replaced["/sw.js"] != sw.encode()
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
            page.evaluate("""n => new Promise(done => (function poll() {
                caches.keys().then(k => k.includes(n) ? setTimeout(poll, 100) : done()); })())""", f"xa-so-{m['edition']} {base}")
            caches = page.evaluate("caches.keys()")
            assert f"xa-so-{m['edition']} {base}" not in caches and f"xa-so-course vi {'f' * 16} {base}" in caches, caches
        context.set_offline(True)  # and the server is gone
        for rel in m["pages"]:
            page.goto(base + rel)
            title = re.search(r"<title>(.*?)</title>", (site / rel).read_text(encoding="utf-8"), re.S)[1]
            assert page.title() == html.unescape(title), rel
        page.goto(base)
        status_is(page, words["saved"].replace("{edition}", m["edition"]))
        # the other language was not saved: our offline page, in English
        page.goto(base + f"en/modules/{c4['slug']}/index.html")
        assert page.locator("h1").inner_text() == "This page is not saved on this device"
        page.goto(base + f"modules/{c4['slug']}/index.html")
        results = search(page, "chu ky so")
        assert results and f"modules/{c4['slug']}/" in results[0]["href"], results[:3]
    finally:
        context.close()


def test_the_english_course_saved_with_its_pdfs_opens_offline(site, browser):
    m = manifest(site, "en")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        with serve(site) as server:
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            page = context.new_page()
            page.goto(base + "en/index.html")
            block = page.locator(".xa-save-course")
            words = json.loads(block.get_attribute("data-words"))
            block.locator("button.xa-save-course-button").wait_for()
            block.locator("input.xa-save-course-pdf").check()
            # the size follows the box (a change event): wait for it rather than read it at once
            expect(block.locator(".xa-save-course-size")).to_have_text(f"Size to save: {m['size_text']['with_pdf']}.")
            # a full phone: said plainly, nothing stored, and a retry
            page.evaluate("navigator.storage.estimate = () => Promise.resolve({quota: 10 * 1024 * 1024, usage: 9 * 1024 * 1024})")
            block.locator("button.xa-save-course-button").click()
            status_is(page, words["quota"].replace("{size}", m["size_text"]["with_pdf"]))
            assert block.locator("button.xa-save-course-button").inner_text() == "Try again"
            assert not [c for c in page.evaluate("caches.keys()") if c.startswith("xa-so-course ")]
            page.evaluate("delete navigator.storage.estimate")
            block.locator("button.xa-save-course-button").click()
            status_is(page, words["done"].replace("{size}", m["size_text"]["with_pdf"]))
        context.set_offline(True)
        for rel in m["pages"]:
            page.goto(base + rel)
            title = re.search(r"<title>(.*?)</title>", (site / rel).read_text(encoding="utf-8"), re.S)[1]
            assert page.title() == html.unescape(title), rel
        pdf = next(iter(m["pdfs"]))
        assert page.evaluate("href => fetch(href).then(r => r.blob()).then(b => b.size)", base + pdf) == m["pdfs"][pdf]
        page.goto(base + "index.html")   # the Vietnamese pages were not saved
        assert page.locator("h1").inner_text() == "Trang này chưa được lưu trên máy"
    finally:
        context.close()
