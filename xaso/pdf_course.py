"""The whole-course PDF of one language: a small front matter (cover + contents) laid out by
WeasyPrint, joined with the module PDFs already rendered (pikepdf, i.e. qpdf). Plain functions; no
MkDocs. Laying the 200-odd pages out again as one WeasyPrint document took ~15 s per language;
joining takes about one.

What the join keeps: every page as rendered (each module's footer says "C2 · Trang 3 / 12"), one
bookmark per module with the module's own heading bookmarks under it, the tags (each module's
structure tree becomes a Part of the course's Document; /StructParents keys renumbered), the
language, title and dates of the front matter (from its dcterms meta), and the fonts (the modules'
subsets of a font become one embedded file, see share_fonts). /PageLabels number the pages 1..N
from the cover, the numbers the contents give, and every module page gets that number printed as
its folio (bottom centre, beside the module's own "C2 · Trang 3 / 12"): a tiny WeasyPrint document
of page numbers (folio_pdf) stamped onto the pages as an artifact. Output is deterministic (qpdf's
deterministic /ID).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import time
from importlib.metadata import version
from pathlib import Path

from . import pdf as _pdf
from .render import esc

# The contents' links point here; the join turns them into links to the module's first page.
MODULE_LINK = "xaso-module:"
_SOURCE = Path(__file__)


def front_matter(job: dict, front_pages: int) -> str:
    """Cover + contents. Module N starts on the page after the front matter and modules 1..N-1."""
    items, page = [], front_pages + 1
    for module in job["modules"]:
        items.append(f'<li><a href="{MODULE_LINK}{module["id"]}" data-page="{page}">{esc(module["title"])}</a></li>')
        page += module["pages"]
    toc = (f'<nav class="toc"><h2>{esc(job["contents"])}</h2><p class="toc-note">{esc(job["note"])}</p>'
           f'<ol>{"".join(items)}</ol></nav>')
    return _pdf.document(**job["front"], toc=toc, body="", pages_total=page - 1)


def cache_key(job: dict) -> str:
    """A hash of everything in the course PDF: front matter inputs, the module PDFs' bytes, the code."""
    digest = hashlib.sha256()
    described = {k: job[k] for k in ("front", "contents", "note", "site_path")}
    described["modules"] = [{k: m[k] for k in ("id", "title", "pages")} for m in job["modules"]]
    for part in (json.dumps(described, sort_keys=True), version("weasyprint"), version("pikepdf"),
                 _pdf.font_digest()):
        digest.update(part.encode("utf-8"))
    digest.update(_SOURCE.read_bytes())
    for module in job["modules"]:
        digest.update(Path(module["pdf"]).read_bytes())
    return digest.hexdigest()


def render(job: dict) -> dict:
    """Worker: build one course PDF (or copy it from the cache). Runs in its own process.

    job: name, out, site_path, base_url, front (keyword arguments of _pdf.document but toc/body),
    contents (heading), note (how to read the page numbers), modules: [{id, title, pdf, pages}]."""
    start = time.monotonic()
    out = Path(job["out"])
    out.parent.mkdir(parents=True, exist_ok=True)
    cached = _pdf.CACHE_DIR / f"course-{cache_key(job)}.pdf"
    if cached.exists():
        shutil.copyfile(cached, out)
        return {"out": str(out), "seconds": time.monotonic() - start, "cached": True, "pages": _pdf.page_count(out)}
    front = _front_pdf(job)
    first = _front_pages(front) + 1
    last = first - 1 + sum(module["pages"] for module in job["modules"])
    pages = join(io.BytesIO(front), job["modules"], out, folios=io.BytesIO(folio_pdf(job, first, last)))
    _pdf.store(out, cached)
    return {"out": str(out), "seconds": time.monotonic() - start, "cached": False, "pages": pages}


def _front_pdf(job: dict) -> bytes:
    """The front matter PDF, laid out until its own page count is the one its contents assumed
    (cached: after one module's text changed, its page numbers usually stay the same)."""
    import pikepdf

    front_pages = 2
    for _attempt in range(3):
        doc_html = front_matter(job, front_pages)
        cached = _pdf.CACHE_DIR / f"front-{_pdf.cache_key(doc_html, job['site_path'])}.pdf"
        if cached.exists():
            data = cached.read_bytes()
            with pikepdf.open(io.BytesIO(data)) as pdf:
                pages = len(pdf.pages)
        else:
            document = _pdf.layout(doc_html, job["base_url"])
            pages = len(document.pages)
            if pages == front_pages:
                buffer = io.BytesIO()
                _pdf.write(document, buffer)
                data = buffer.getvalue()
                _pdf.store_bytes(data, cached)
        if pages == front_pages:
            return data
        front_pages = pages
    raise RuntimeError(f"{job['name']}: the front matter's page count does not settle")


def _front_pages(data: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


# The folio sits in the middle of the footer of a module page (print.css: 20 mm bottom margin,
# margin boxes centred in it), in bold so a trainer finds "page 37" at a glance.
FOLIO_CSS = """@page { size: A4; margin: 0; }
body { margin: 0; }
.folio { height: 297mm; box-sizing: border-box; padding-top: 283.3mm; text-align: center;
         font: 700 10pt/1 "Noto Sans"; color: #111; break-after: page; }"""


def folio_pdf(job: dict, first: int, last: int) -> bytes:
    """One A4 page per module page holding only its folio, `first`..`last` (cached)."""
    pages = "".join(f'<div class="folio">{number}</div>' for number in range(first, last + 1))
    doc_html = (f'<!DOCTYPE html><html lang="{job["front"]["lang"]}"><head><meta charset="utf-8">'
                f'<style>{_pdf.font_css()}\n{FOLIO_CSS}</style></head><body>{pages}</body></html>')
    cached = _pdf.CACHE_DIR / f"folios-{_pdf.cache_key(doc_html, 'folios')}.pdf"
    if cached.exists():
        return cached.read_bytes()
    buffer = io.BytesIO()
    _pdf.layout(doc_html, job["base_url"]).write_pdf(buffer)
    _pdf.store_bytes(buffer.getvalue(), cached)
    return buffer.getvalue()


def stamp(pdf, page, folio):
    """Draw `folio` (a page of folio_pdf) over `page`, marked as a pagination artifact (the tags
    of the page stay as they were: screen readers skip the number, as they skip the footer)."""
    import pikepdf

    # the page's own copy of its resources (they may be shared between pages), a fixed name: same bytes every run
    resources = pikepdf.Dictionary(dict(page.obj.get("/Resources", {}).items()))
    resources.XObject = pikepdf.Dictionary({**dict(resources.get("/XObject", {}).items()),
                                            "/XaSoFolio": pdf.copy_foreign(folio.as_form_xobject())})
    page.obj.Resources = resources
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q /XaSoFolio Do Q EMC\n"))


def join(front, modules: list[dict], out: Path, folios=None) -> int:
    """Append each module PDF to the front matter PDF, each module page stamped with its folio
    (the pages of `folios`, in order); write `out`; return its page count."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, OutlineItem

    pdf = pikepdf.open(front)
    tree = pdf.Root.StructTreeRoot
    document = _elements(tree.K)[0]  # WeasyPrint: one /Document element holding everything
    if not isinstance(document.get("/K"), Array):
        document.K = Array(_elements(document.get("/K")))
    parents = _number_tree(tree.ParentTree)
    next_key = int(tree.get("/ParentTreeNextKey", max(parents, default=-1) + 1))
    front_pages = len(pdf.pages)
    starts, bookmarks = {}, []
    for module in modules:
        src = pikepdf.open(module["pdf"])
        first, offset = len(pdf.pages), next_key
        # qpdf copies each foreign object once: the structure tree copied below refers to these pages.
        pdf.pages.extend(src.pages)
        for page in pdf.pages[first:]:
            _shift(page.obj, "/StructParents", offset)
            for annot in page.obj.get("/Annots", ()):
                _shift(annot, "/StructParent", offset)
        src_tree = pdf.copy_foreign(src.Root.StructTreeRoot)
        for element in _elements(src_tree.K):
            element.S = Name.Part
            element.P = document
            document.K.append(element)
        src_parents = _number_tree(src_tree.ParentTree)
        parents.update({key + offset: value for key, value in src_parents.items()})
        next_key = offset + int(src_tree.get("/ParentTreeNextKey", max(src_parents, default=-1) + 1))
        starts[module["id"]] = pdf.pages[first].obj
        bookmarks.append(_bookmark(module, src, pdf, first, OutlineItem, Array, Name))
    tree.ParentTree = Dictionary(Nums=Array([item for key in sorted(parents) for item in (key, parents[key])]))
    tree.ParentTreeNextKey = next_key
    titles = {module["id"]: module["title"] for module in modules}
    for page in pdf.pages[:front_pages]:
        for annot in page.obj.get("/Annots", ()):
            uri = str(annot.get("/A", {}).get("/URI", ""))
            if uri.startswith(MODULE_LINK):
                module_id = uri[len(MODULE_LINK):]
                del annot["/A"]
                annot.Dest = Array([starts[module_id], Name.Fit])
                annot.Contents = pikepdf.String(titles[module_id])
    numbers = pikepdf.open(folios) if folios is not None else None  # open until saved: qpdf copies lazily
    for page, folio in zip(pdf.pages[front_pages:], numbers.pages if numbers else ()):
        stamp(pdf, page, folio)
    share_fonts(pdf)
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))
    with pdf.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(bookmarks)
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             compress_streams=True)
    if numbers is not None:
        numbers.close()
    return len(pdf.pages)


def _bookmark(module, src, pdf, first, OutlineItem, Array, Name):
    """The module's bookmark (to its first page), holding the module's own heading bookmarks."""
    index = {page.objgen: number for number, page in enumerate(src.pages)}

    def moved(item):
        dest = item.destination
        if isinstance(dest, Array) and len(dest) and dest[0].objgen in index:
            dest = Array([pdf.pages[first + index[dest[0].objgen]].obj, *list(dest)[1:]])
        else:
            dest = Array([pdf.pages[first].obj, Name.Fit])
        copy = OutlineItem(str(item.title), dest)
        copy.children.extend(moved(child) for child in item.children)
        return copy

    items = list(src.open_outline().root)
    if len(items) == 1:  # the module's h1: the module bookmark itself stands for it
        items = list(items[0].children)
    top = OutlineItem(module["title"], Array([pdf.pages[first].obj, Name.Fit]))
    top.children.extend(moved(item) for item in items)
    return top


def _elements(kids) -> list:
    if kids is None:
        return []
    import pikepdf

    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _number_tree(node) -> dict:
    """A PDF number tree (flat /Nums or /Kids) as {key: value}."""
    found = {}
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            found[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", ()):
        found.update(_number_tree(kid))
    return found


def _shift(obj, key: str, offset: int):
    if key in obj:
        obj[key] = int(obj[key]) + offset


def share_fonts(pdf):
    """Give every module's subset of one of our fonts the same embedded font file: the union of
    their glyphs. WeasyPrint subsets with the original glyph ids kept (CIDToGIDMap /Identity) and
    each font dictionary keeps its own widths and ToUnicode, so pages render and extract exactly
    as before; the course PDF stops carrying ~20 copies of each font (about 300 KB)."""
    import pikepdf
    from fontTools.ttLib import TTFont

    groups: dict = {}
    seen = set()
    for page in pdf.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            for cid_font in font.get("/DescendantFonts", ()):
                if cid_font.objgen not in seen and cid_font.get("/Subtype") == "/CIDFontType2" \
                        and "/FontFile2" in cid_font.get("/FontDescriptor", {}):
                    seen.add(cid_font.objgen)
                    groups.setdefault(str(cid_font.BaseFont).split("+", 1)[-1], []).append(cid_font)
    originals = {TTFont(path, lazy=True)["name"].getDebugName(6): path for path in _pdf.font_files()}
    for fonts in groups.values():
        embedded = TTFont(io.BytesIO(fonts[0].FontDescriptor.FontFile2.read_bytes()), lazy=True)
        original = originals.get(embedded["name"].getDebugName(6))
        if original is None or len(fonts) < 2:
            continue
        glyphs = sorted(set().union(*(_glyph_ids(font.get("/W", ())) for font in fonts)))
        data = _union_subset(original, glyphs)
        shared = pikepdf.Stream(pdf, data)
        shared.Length1 = len(data)
        for font in fonts:
            font.FontDescriptor.FontFile2 = shared
            if "/CIDSet" in font.FontDescriptor:
                del font.FontDescriptor["/CIDSet"]


def _glyph_ids(widths) -> set[int]:
    """The glyph ids a CIDFont's /W array lists (CIDs are glyph ids: CIDToGIDMap /Identity)."""
    import pikepdf

    ids, items, i = set(), list(widths), 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            ids.update(range(first, first + len(items[i + 1])))
            i += 2
        else:
            ids.update(range(first, int(items[i + 1]) + 1))
            i += 3
    return ids


def _union_subset(original: Path, glyphs: list[int]) -> bytes:
    """The font reduced to `glyphs`, ids kept, as WeasyPrint subsets (cached: same glyphs, same file)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    key = hashlib.sha256(original.read_bytes() + json.dumps(glyphs).encode() + _SOURCE.read_bytes()).hexdigest()
    cached = _pdf.CACHE_DIR / f"font-{key}.ttf"
    if cached.exists():
        return cached.read_bytes()
    options = subset.Options(retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True, hinting=False,
                             desubroutinize=True, notdef_outline=True, layout_closure=False)
    font = TTFont(original, recalcTimestamp=False)  # keeps the file's own date: same bytes every run
    # The tables WeasyPrint drops; removed before subsetting, so GSUB/GPOS are never parsed (most of the time)
    for tag in ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG "):
        if tag in font:
            del font[tag]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=glyphs)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    _pdf.store_bytes(buffer.getvalue(), cached)
    return buffer.getvalue()
