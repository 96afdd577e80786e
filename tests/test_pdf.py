"""PDFs: one per module and language plus the course, holding the page's text, fonts embedded."""

import functools
import re
import subprocess

import pikepdf
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import LANGS, lang_prefix, module_page


def pdf_text(path) -> str:
    return "\n".join(page_texts(str(path)))


@functools.lru_cache(maxsize=None)
def page_texts(path: str, raw: bool = False) -> tuple[str, ...]:
    """The text of each page, by poppler's pdftotext (a form feed ends each page; 20 times faster
    than pypdf on a 275-page course PDF), cached: several tests read the course PDFs. `raw`: in the
    order it is drawn, not the order it is read."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else []), path, "-"],
                          capture_output=True, text=True, check=True).stdout
    return tuple(text.split("\f")[:-1] if text.endswith("\f") else text.split("\f"))


def course_pdf(site, course, lang):
    return site / lang_prefix(lang) / f"xa-so-{course['edition']}-{lang}.pdf"


def course_contents(pages: tuple[str, ...]) -> dict[str, tuple[str, int]]:
    """The course PDF's contents (its first pages): module id -> (title, page number)."""
    contents = {}
    for line in "\n".join(pages[:3]).splitlines():
        found = re.match(r"^([CE]\d+)\. (.+?)[ .]*?(\d+)$", line.strip())
        if found:
            contents.setdefault(found[1].lower(), (found[2], int(found[3])))
    return contents


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


def handout_part(article):
    """What the learner handout prints of a page: all but the self-check answers and the
    instructor section (which goes to the instructor guide, tests/test_handouts.py)."""
    for answer in article.select(".xa-selfcheck details"):
        answer.decompose()
    heading = article.find("h2", id="instructor")
    while heading is not None:
        following = heading.find_next_sibling()
        heading.decompose()
        heading = following if following is not None and following.get("id") not in ("key-points", "references") else None
    return article


def test_pdf_keeps_headings_checklists_and_words(site, modules):
    for lang in LANGS:
        for module in modules:
            page = module_page(site, module, lang)
            html = handout_part(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article"))
            for junk in html.select(".headerlink, .xa-download, .xa-exercise-status, script"):
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
    from xaso import pdf as _pdf

    html = module_page(site, modules[1], "vi").read_text(encoding="utf-8")
    doc = _pdf.document(lang="vi", title="t", header="t", edition="x", cover="", toc="", body=_pdf.print_article(html),
                        created="2026-11-24T00:00:00Z", page_of="Trang {page} / {pages}",
                        css=(_pdf.PDF_DIR / "print.css").read_text(encoding="utf-8"))
    outputs = []
    for run in ("a", "b"):
        monkeypatch.setattr(_pdf, "CACHE_DIR", tmp_path / f"cache-{run}")
        out = tmp_path / f"{run}.pdf"
        _pdf.render({"html": doc, "out": str(out), "key": run, "base_url": module_page(site, modules[1], "vi").as_uri()})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_course_pdf_has_one_bookmark_per_module_holding_its_headings(site, modules, course):
    for lang in LANGS:
        with pikepdf.open(course_pdf(site, course, lang)) as pdf, pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
            assert [t.split(".")[0] for t in titles] == [m["id"].upper() for m in modules], titles
            assert all(len(item.children) >= 5 for item in outline.root), "module headings nested under it"


def test_course_contents_page_numbers_point_to_the_module_titles(site, modules, course):
    """The contents' number for each module is the page (viewer label too) where its title is."""
    for lang in LANGS:
        path = course_pdf(site, course, lang)
        pages = page_texts(str(path))
        contents = course_contents(pages)
        assert list(contents) == [m["id"] for m in modules], contents
        with pikepdf.open(path) as pdf:
            assert list(pdf.Root.PageLabels.Nums) == [0, pikepdf.Dictionary(S=pikepdf.Name.D)]
            number_of = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
            links = [number_of[a.Dest[0].objgen] for page in pdf.pages[:3] for a in page.obj.get("/Annots", ())
                     if "/Dest" in a]
        starts = [start for _title, start in contents.values()]
        assert starts == sorted(starts) and sorted(set(links)) == starts, "contents links go to the same pages"
        for module_id, (title, start) in contents.items():
            assert squash(f"{module_id.upper()}. {title}") in squash(pages[start - 1]), f"{path.name}: {module_id} not on page {start}"
            # the module's cover has no footer; the page after it is the module's page 2
            assert re.search(rf"{module_id.upper()}·(Trang|Page)2(/|of)\d", squash(pages[start])), pages[start][-80:]


def test_course_pdf_holds_every_module_heading(site, modules, course):
    for lang in LANGS:
        flat = squash(pdf_text(course_pdf(site, course, lang)))
        for module in modules:
            html = handout_part(BeautifulSoup(module_page(site, module, lang).read_text(encoding="utf-8"), "html.parser").find("article"))
            for heading in html.find_all(["h1", "h2", "h3"]):
                for junk in heading.select(".headerlink"):
                    junk.decompose()
                assert squash(heading.get_text()) in flat, f"course {lang}: heading {heading.get_text()!r} missing"


def test_course_pdf_stays_tagged(site, modules, course):
    """Each page's marked content maps (ParentTree) to structure elements on that page."""
    for lang in LANGS:
        with pikepdf.open(course_pdf(site, course, lang)) as pdf:
            assert str(pdf.Root.Lang) == lang and pdf.Root.MarkInfo.Marked
            tree = pdf.Root.StructTreeRoot
            nums = tree.ParentTree.Nums
            parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            keys = [int(page.obj.StructParents) for page in pdf.pages]
            assert len(set(keys)) == len(keys) and int(tree.ParentTreeNextKey) > max(parents)
            for page, key in zip(pdf.pages, keys):
                elements = [e for e in parents[key] if isinstance(e, pikepdf.Dictionary)]
                assert elements and all(e.Pg.objgen == page.objgen for e in elements if "/Pg" in e)
            document = tree.K[0]
            assert sum(str(kid.S) == "/Part" for kid in document.K) == len(modules)


def test_course_pdf_embeds_each_font_once(site, course):
    """The modules' subsets of a font share one embedded file (the union of their glyphs)."""
    from xaso import pdf as _pdf

    for lang in LANGS:
        with pikepdf.open(course_pdf(site, course, lang)) as pdf:
            files = {cid.FontDescriptor.FontFile2.objgen for page in pdf.pages
                     for font in page.obj.Resources.Font.values() for cid in font.DescendantFonts}
            assert 1 <= len(files) <= len(_pdf.FONT_FACES), len(files)


def test_course_pdf_join_is_byte_identical_on_rerender(site, modules, tmp_path, monkeypatch):
    from xaso import pdf as _pdf
    from xaso import pdf_course as _pdf_course

    parts = []
    for module in modules[:2]:
        pdf = module_page(site, module, "vi").parent / f"xa-so-{module['id']}-vi.pdf"
        parts.append({"id": module["id"], "title": module["id"].upper(), "pdf": str(pdf), "pages": _pdf.page_count(pdf)})
    front = {"lang": "vi", "title": "t", "header": "t", "edition": "x", "cover": "<section class='cover'><h1>t</h1></section>",
             "created": "2026-11-24T00:00:00Z", "page_of": "Trang {page} / {pages}",
             "css": (_pdf.PDF_DIR / "print.css").read_text(encoding="utf-8")}
    outputs = []
    for run in ("a", "b"):
        monkeypatch.setattr(_pdf, "CACHE_DIR", tmp_path / f"cache-{run}")
        out = tmp_path / f"{run}.pdf"
        result = _pdf_course.render({"name": "c.pdf", "out": str(out), "site_path": "c.pdf", "base_url": site.as_uri() + "/",
                                     "front": front, "contents": "Mục lục", "note": "", "modules": parts})
        assert not result["cached"] and result["pages"] == 2 + sum(p["pages"] for p in parts)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_no_pdf_links_into_the_build_machine(site):
    """Links to other site pages would resolve to file:// paths of the build folder, dead for a reader."""
    for path in sorted(site.rglob("*.pdf")):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for annot in page.get("/Annots", []):
                    uri = str(annot.get("/A", {}).get("/URI", ""))
                    assert not uri.startswith("file:"), f"{path.name} links to {uri}"


def test_course_pdf_prints_folios_that_match_its_contents(site, modules, course):
    """Issue #21: every module page of the course PDF prints its page number in the course (the
    folio, drawn last, so it ends the page's text), and the contents' number of each module is the
    folio printed on that module's title page."""
    for lang in LANGS:
        path = course_pdf(site, course, lang)
        contents = course_contents(page_texts(str(path)))
        assert list(contents) == [m["id"] for m in modules], contents
        pages = page_texts(str(path), raw=True)   # in drawing order: the folio comes last
        first = min(start for _title, start in contents.values())
        for number in range(first, len(pages) + 1):
            folio = re.search(r"(\d+)\s*$", pages[number - 1])
            assert folio and int(folio[1]) == number, f"{path.name}: page {number} ends with {pages[number - 1][-40:]!r}"
        for module_id, (title, start) in contents.items():
            title_page = pages[start - 1]
            assert squash(f"{module_id.upper()}. {title}") in squash(title_page), f"{path.name}: {module_id} not on page {start}"
            assert int(re.search(r"(\d+)\s*$", title_page)[1]) == start, f"{path.name}: {module_id} title page's folio"
