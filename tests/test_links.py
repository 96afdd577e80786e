"""Every internal link and anchor in the built HTML resolves; nothing is loaded from another host."""

from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from conftest import html_pages


def ids_of(path, cache={}):
    if path not in cache:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cache[path] = {tag["id"] for tag in page.find_all(id=True)}
    return cache[path]


def test_internal_links_and_anchors_resolve(site):
    broken = []
    # 404.html is served by a web server at any URL, so MkDocs gives it root-absolute links on purpose.
    for page in (p for p in html_pages(site) if p.name != "404.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in doc.find_all("a", href=True):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert not broken, "\n".join(broken[:40])


def test_no_resource_from_another_host(site):
    offenders = []
    for page in html_pages(site):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src")):
            for el in doc.find_all(tag):
                value = el.get(attr, "")
                if tag == "link" and el.get("rel") and set(el["rel"]) & {"canonical", "alternate"}:
                    continue
                if value.startswith(("http://", "https://", "//")):
                    offenders.append(f"{page.relative_to(site)}: <{tag} {attr}={value}>")
    for css in site.rglob("*.css"):
        if "url(http" in css.read_text(encoding="utf-8").replace(" ", ""):
            offenders.append(f"{css.relative_to(site)} loads a url() from another host")
    assert not offenders, "\n".join(offenders[:20])


def test_fonts_are_served_by_the_site(site):
    fonts = list((site / "assets" / "fonts").glob("*.woff2"))
    assert any("vietnamese" in f.name for f in fonts)
    css = (site / "assets" / "css" / "fonts.css").read_text(encoding="utf-8")
    for f in fonts:
        assert f.name in css
