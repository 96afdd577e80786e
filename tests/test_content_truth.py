"""Content truth (issue #23): learners never see an unverified fact's note, editors get the list,
the review's corrections stay in both languages, and every module has a diagram drawn at build time."""

import re
import subprocess

from bs4 import BeautifulSoup

from conftest import BIN, LANGS, ROOT, html_pages, module_page

NOTES = re.compile(r"\(\s*(cần kiểm chứng|to be verified)|verify:", re.I)


def test_no_learner_page_shows_a_verification_note(site):
    shown = []
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        shown += [f"{page.relative_to(site)}: …{text[max(0, m.start() - 60):m.end() + 20]}…" for m in NOTES.finditer(text)]
    assert not shown, shown[:5]


def test_editors_get_every_mark_with_file_and_line():
    marks = sum(len(re.findall(r"<!--\s*verify:", p.read_text(encoding="utf-8")))
                for root in ("docs", "curriculum", "exercises") for p in (ROOT / root).rglob("*")
                if p.suffix in (".md", ".yml"))
    result = subprocess.run([str(BIN / "python"), "-m", "xaso", "verification"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{marks} editor marks"), result.stdout[:200]
    assert len(re.findall(r"^[\w./-]+:\d+: \S", result.stdout, re.M)) == marks


def test_the_reviews_corrections_are_in_both_languages(site, modules):
    by_id = {m["id"]: m for m in modules}
    checks = {  # module: (Vietnamese must contain, English must contain, neither may contain)
        "e6": ("người nước ngoài", "foreign", "chỉ dành cho công dân Việt Nam"),
        "c3": ("Times New Roman", "Times New Roman", "thông dụng (cần kiểm chứng)"),
        "c2": (".example", ".example", "xacminh-vidu.com"),
        "e15": ("gắn nhãn", "label", "khử nhận dạng bằng cách thay tên"),
    }
    for module_id, (vi, en, never) in checks.items():
        for lang, needle in (("vi", vi), ("en", en)):
            text = BeautifulSoup(module_page(site, by_id[module_id], lang).read_text(encoding="utf-8"), "html.parser").get_text(" ")
            assert needle in text, (module_id, lang, needle)
            assert never not in text, (module_id, lang, never)


def test_every_module_has_a_diagram_drawn_at_build_time(site, modules):
    """Diagrams are drawn to SVG files beside the page at build time (no diagram JavaScript), shown
    as lazy, sized images with their text alternative, and printed in the module's PDF."""
    for module in modules:
        for lang in LANGS:
            page = module_page(site, module, lang)
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            figures = soup.select("figure.xa-diagram")
            assert figures, (module["id"], lang)
            for figure in figures:
                img = figure.find("img")
                assert img is not None and img.get("loading") == "lazy" and int(img["width"]) > 0
                assert len(img.get("alt", "")) > 20, "the diagram has no text alternative"
                assert figure.find("script") is None
                svg = (page.parent / img["src"]).read_text(encoding="utf-8")
                assert svg.startswith("<svg") and "<text" in svg and "<script" not in svg
    import html as _html
    folder = module_page(site, modules[3], "vi").parent
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(folder / f"xa-so-{modules[3]['id']}-vi.pdf"), "-"],
                                             capture_output=True, text=True).stdout)
    soup = BeautifulSoup(module_page(site, modules[3], "vi").read_text(encoding="utf-8"), "html.parser")
    svg = (folder / soup.select_one("figure.xa-diagram img")["src"]).read_text(encoding="utf-8")
    words = [re.sub(r"\s+", "", _html.unescape(t)) for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg)]
    longest = max(words, key=len)
    assert longest in text, f"the diagram is not drawn in the PDF ({longest!r})"


def term_of(dt) -> str:
    dt = BeautifulSoup(str(dt), "html.parser")
    for extra in dt.select("abbr, .xa-other-lang"):
        extra.decompose()
    return " ".join(dt.get_text(" ").split())


def test_glossary_in_each_languages_alphabetical_order_with_a_letter_index(site, course):
    import icu
    import yaml as _yaml
    data = _yaml.safe_load((ROOT / "curriculum" / "glossary.yml").read_text(encoding="utf-8"))
    for lang in LANGS:
        soup = BeautifulSoup((site / ("" if lang == "vi" else "en/") / "glossary.html").read_text(encoding="utf-8"), "html.parser")
        terms = [term_of(dt) for dt in soup.select("dl.xa-glossary dt")]
        collator = icu.Collator.createInstance(icu.Locale(lang))
        assert terms == sorted(terms, key=collator.getSortKey), lang
        assert len(terms) == len(data)
        letters = [a.get_text() for a in soup.select(".xa-letters a")]
        headings = [h.get_text() for h in soup.select("h2.xa-letter")]
        assert letters == headings and len(letters) >= 10
        for a in soup.select(".xa-letters a"):
            assert soup.find(id=a["href"][1:]) is not None
        for dt in soup.select("dl.xa-glossary dt"):
            text = dt.get_text(" ")
            assert not re.search(r"\((\w+)\)\s*\(\1\)", text), text
    vi = [term_of(dt) for dt in BeautifulSoup((site / "glossary.html").read_text(encoding="utf-8"), "html.parser").select("dl.xa-glossary dt")]
    if "Ảo giác AI" in vi:
        assert vi.index("Ảo giác AI") < len(vi) // 2, "Ả is sorted with A, not after Z"
