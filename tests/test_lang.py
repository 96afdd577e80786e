"""Every page says its language, and Vietnamese quoted in an English page says it is Vietnamese
(screen readers choose their voice from `lang`)."""

import re

from bs4 import BeautifulSoup

from conftest import html_pages
from xaso import lang as _lang

SKIPPED = {"script", "style", "code", "pre", "title", "svg", "textarea"}


def page_language(site, page) -> str:
    relative = page.relative_to(site).parts
    return relative[0] if relative[0] == "en" else "vi"


def test_every_page_has_its_language(site):
    pages = html_pages(site)
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="([a-z]+)"', html).group(1) == page_language(site, page), page


def unmarked_vietnamese(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for text in soup.body.find_all(string=_lang.HAS_VIETNAMESE):
        if any(parent.name in SKIPPED for parent in text.parents):
            continue
        marked = next((p for p in text.parents if p.has_attr("lang")), None)
        if marked is None or marked.name == "html":
            found.append(text.strip()[:60])
    return found


def test_vietnamese_in_english_pages_is_marked(site):
    pages = [p for p in html_pages(site) if page_language(site, p) == "en"]
    assert len(pages) > 20
    unmarked = {p.relative_to(site).as_posix(): found for p in pages
                if (found := unmarked_vietnamese(p.read_text(encoding="utf-8")))}
    assert not unmarked, unmarked
    module = site / "en/modules/c4-chu-ky-so/index.html"
    assert '<span lang="vi">Ban Cơ yếu Chính phủ</span>' in module.read_text(encoding="utf-8")


def test_marking_keeps_tags_code_and_already_marked_text():
    html = ('<p>Mrs Lò Thị Mai, <a title="Chữ ký" href="x">Decree 30/2020/NĐ-CP</a></p>'
            '<code>Bảo mật</code><span lang="vi">Xã <b>Số</b> Số</span>')
    assert _lang.mark_vietnamese(html) == (
        '<p>Mrs <span lang="vi">Lò Thị Mai</span>, <a title="Chữ ký" href="x">Decree '
        '<span lang="vi">30/2020/NĐ-CP</span></a></p><code>Bảo mật</code><span lang="vi">Xã <b>Số</b> Số</span>')
    assert unmarked_vietnamese("<html><body><p>Bình dân học vụ số</p></body></html>") == ["Bình dân học vụ số"]
