"""PDFs: one per module and language plus the course, holding the page's text, fonts embedded."""

import re

from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import LANGS, lang_prefix, module_page


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def squash(text: str) -> str:
    """Compare text without white space and hyphens: the PDF hyphenates long words at line ends."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def test_every_module_and_the_course_has_a_pdf(site, modules, course):
    for lang in LANGS:
        for module in modules:
            pdf = module_page(site, module, lang).parent / f"xa-so-{module['id']}-{lang}.pdf"
            assert pdf.exists() and pdf.stat().st_size > 5000, pdf
        assert (site / lang_prefix(lang) / f"xa-so-{course['edition']}-{lang}.pdf").exists()


def test_download_button_points_to_the_pdf_of_its_language(site, modules):
    for lang in LANGS:
        for module in modules:
            page = module_page(site, module, lang)
            button = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".xa-download a")
            target = page.parent / button["href"]
            assert target.exists() and target.name.endswith(f"-{lang}.pdf")
            assert re.search(r"\d+ KB", button.get_text()), "the button shows the PDF size"


def test_pdf_keeps_headings_checklists_and_words(site, modules):
    for lang in LANGS:
        for module in modules:
            page = module_page(site, module, lang)
            html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
            for junk in html.select(".headerlink, .xa-download, .xa-exercise-status"):
                junk.decompose()
            pdf = page.parent / f"xa-so-{module['id']}-{lang}.pdf"
            text = pdf_text(pdf)
            flat = squash(text)
            for heading in html.find_all(["h1", "h2", "h3"]):
                assert squash(heading.get_text()) in flat, f"{pdf.name}: heading {heading.get_text()!r} missing"
            for step in html.select(".xa-step-text"):
                assert squash(step.get_text()) in flat, f"{pdf.name}: checklist step missing"
            assert words(text) >= 0.95 * words(html.get_text(" ")), f"{pdf.name} lost text"


def test_pdf_fonts_are_embedded_and_bookmarks_exist(site, modules, course):
    samples = [module_page(site, modules[1], lang).parent / f"xa-so-{modules[1]['id']}-{lang}.pdf" for lang in LANGS]
    samples += [site / lang_prefix(lang) / f"xa-so-{course['edition']}-{lang}.pdf" for lang in LANGS]
    for pdf in samples:
        reader = PdfReader(pdf)
        fonts = set()
        for page in reader.pages:
            for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
                font = font.get_object()
                descendant = font.get("/DescendantFonts")
                desc = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
                assert desc is not None and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                    f"{pdf.name}: font {font.get('/BaseFont')} not embedded"
                fonts.add(str(font.get("/BaseFont")))
        assert any("Noto" in f for f in fonts), fonts
        assert reader.outline, f"{pdf.name} has no bookmarks"
        assert 2 <= len(reader.pages) <= 400


def test_vietnamese_comes_out_right(site, modules):
    pdf = module_page(site, modules[3], "vi").parent / f"xa-so-{modules[3]['id']}-vi.pdf"
    flat = squash(pdf_text(pdf))
    assert squash("Chữ ký số") in flat


def test_course_pdf_has_a_table_of_contents_with_every_module(site, modules, course):
    for lang in LANGS:
        text = pdf_text(site / lang_prefix(lang) / f"xa-so-{course['edition']}-{lang}.pdf")
        flat = squash(text)
        for module in modules:
            assert squash(f"{module['id'].upper()}.") in flat
        assert len(PdfReader(site / lang_prefix(lang) / f"xa-so-{course['edition']}-{lang}.pdf").pages) > len(modules)


def test_pdfs_are_tagged_with_their_language(site, modules):
    for lang in LANGS:
        pdf = module_page(site, modules[0], lang).parent / f"xa-so-{modules[0]['id']}-{lang}.pdf"
        root = PdfReader(pdf).trailer["/Root"]
        assert str(root.get("/Lang")) == lang
        assert "/StructTreeRoot" in root, "PDF is not tagged"


def test_same_input_gives_byte_identical_pdf(site, modules, tmp_path, monkeypatch):
    """With SOURCE_DATE_EPOCH set (conftest), rendering the same page twice gives the same bytes."""
    import _pdf

    html = module_page(site, modules[1], "vi").read_text(encoding="utf-8")
    doc = _pdf.document(lang="vi", title="t", header="t", edition="x", cover="", toc="", body=_pdf.print_article(html),
                        created="2026-11-24T00:00:00Z", page_of="Trang {page} / {pages}",
                        css=(_pdf.PDF_DIR / "print.css").read_text(encoding="utf-8"))
    outputs = []
    for run in ("a", "b"):
        monkeypatch.setattr(_pdf, "CACHE_DIR", tmp_path / f"cache-{run}")
        out = tmp_path / f"{run}.pdf"
        _pdf.render({"html": doc, "out": str(out), "key": run})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def link_targets(pdf):
    return [str(annotation.get_object()["/A"]["/URI"]) for page in PdfReader(pdf).pages
            for annotation in page.get("/Annots") or []
            if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]]


def test_pdf_links_work_wherever_the_site_is(site, modules, course):
    """Links inside PDFs are relative to the PDF's place in the site (never file:// into the
    build folder, which would also make two builds in two folders differ) and reach real pages."""
    edition = course["edition"]
    for lang in ("vi", "en"):
        module_pdf = module_page(site, modules[0], lang).parent / f"xa-so-{modules[0]['id']}-{lang}.pdf"
        course_pdf = site / lang_prefix(lang) / f"xa-so-{edition}-{lang}.pdf"
        for pdf in (module_pdf, course_pdf):
            targets = link_targets(pdf)
            assert not [t for t in targets if t.startswith("file:")], (pdf, targets[:5])
            local = [t for t in targets if not re.match(r"^[a-z]+:", t)]
            assert local, f"{pdf.name} has no link to a page of the site"
            missing = [t for t in local if not (pdf.parent / t.split("#")[0]).resolve().is_file()]
            assert not missing, (pdf.name, missing[:5])
