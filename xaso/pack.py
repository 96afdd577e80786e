"""The class materials of a module made from its key points (issue #21), per language:

- the **summary card**: one A4 page (title, outcomes, the key points in large type) to print and
  hand out at the end of the session;
- the **slides**: a 16:9 PDF to project: a title slide, the outcomes, one slide per lesson section
  (its heading and what it covers: its sub-headings, else the first column of its table, else its
  first sentences), one slide per exercise (its goal, time and what to hand in), then the key
  points (three a slide, so they stay large). The edition is in every footer.

Cost: one WeasyPrint document per module and language holds its card and its slides, split in two
with pikepdf (each part keeps its share of the tags). Measured (CPU, 19 modules of one language):
19 such documents 4.8 s; one document of all 235 pages 4.1 s, plus seconds more to split it into 38
files (and WeasyPrint's PDF writer grows faster than the page count) — so one per module, which also
re-renders only the module that changed. Rendered in the build's process pool next to the module
PDFs and cached like them (xaso.pdf_jobs). Plain functions; no MkDocs."""

from __future__ import annotations

import hashlib
import html
import io
import re
import shutil
import time
from pathlib import Path

from . import pdf as _pdf
from .course import SOURCE_LANGUAGE, Course
from .handouts import guide_name
from .render import esc, learner_words, module_label, module_link, module_title

_SOURCE = Path(__file__)
# The lesson's sections shown on slides, in page order (every module page has them: see
# docs/modules/*/index.md). "What to localise" is for the province, not for the class.
LESSON_SECTIONS = ("why", "concepts", "steps", "mistakes")
KEY_POINTS_PER_SLIDE = 3
OUTLINE_ITEMS = 8        # a slide shows at most this many sub-headings (or table rows) …
ITEM_CHARS = 110         # … each this long at most
# The type size of a section slide's list, by how much it holds (pack.css: ul.one / .two / .three):
# (most items, most characters, class); the last one takes the rest.
DENSITY = ((4, 240, "one"), (OUTLINE_ITEMS, 400, "two"), (OUTLINE_ITEMS, 10_000, "three"))
# Smaller type for an exercise slide whose goal and evidence, or a card whose key points, are this long
DENSE_EXERCISE = 300
DENSE_CARD = 720
SUMMARY_CHARS = 380      # a section with no sub-heading nor table: its first sentences, this long at most

_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_H3 = re.compile(r"<h3[^>]*>(.*?)</h3>", re.S)
_FIRST_CELL = re.compile(r"<tr>\s*<td[^>]*>(.*?)</td>", re.S)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_EXERCISE = re.compile(r'data-exercise="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def card_name(module_id: str, lang: str) -> str:
    return f"xa-so-{module_id}-{lang}-card.pdf"


def slides_name(module_id: str, lang: str) -> str:
    return f"xa-so-{module_id}-{lang}-slides.pdf"


def instructor_files(course: Course, module: dict, lang: str) -> list[tuple[str, str]]:
    """(file name, button words) of a module's PDFs for the instructor."""
    w, mid = learner_words(course, lang), module["id"]
    return [(guide_name(mid, lang), w.get("guide_download", "Instructor guide (PDF)")),
            (card_name(mid, lang), w.get("card_download", "Summary card (PDF)")),
            (slides_name(mid, lang), w.get("slides_download", "Slides (PDF)"))]


def instructor_buttons(course: Course, module: dict, lang: str) -> str:
    """The buttons at the top of a module page's instructor section (sizes filled in after rendering;
    the no-PDF zip drops the whole paragraph, xaso.offline.NOT_IN_THE_NO_PDF_ZIP)."""
    return '<p class="xa-download">' + " ".join(
        f'<a class="md-button" href="{name}" download data-pdf="{name}" type="application/pdf">'
        f'{esc(words)} <span class="xa-pdf-size" data-pdf-size="{name}"></span></a>'
        for name, words in instructor_files(course, module, lang)) + "</p>"


def pack_list(course: Course, lang: str) -> str:
    """The schedule page's list of every module's instructor PDFs (directive {{ instructor_pack }}).
    One raw HTML block: the no-PDF zip drops it whole (xaso.offline.NOT_IN_THE_NO_PDF_ZIP)."""
    w = learner_words(course, lang)
    rows = []
    for module in course.modules:
        folder = module_link(module, False).rsplit("/", 1)[0] + "/"
        links = " · ".join(f'<a href="{folder}{name}" download type="application/pdf">{esc(words.split(" (")[0])}</a>'
                           for name, words in instructor_files(course, module, lang))
        rows.append(f'<li><strong>{esc(module_title(module, lang))}</strong>: {links}</li>')
    return (f'<div class="xa-pack-list" data-search-exclude><p><strong>{esc(w.get("pack_heading", ""))}</strong> '
            f'{esc(w.get("pack_intro", ""))}</p><ul>{"".join(rows)}</ul></div>')


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _PERMALINK.sub("", fragment))).split())


def _shorten(text: str, limit: int) -> str:
    """`text` cut to its whole sentences within `limit` characters (never inside a quotation), else
    to whole words with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    ends = [m.end() for m in re.finditer(r'[.?!]["”»]?(?= )', cut)]
    for end in reversed(ends):
        if end > limit // 3 and cut[:end].count('"') % 2 == 0 and cut[:end].count("“") == cut[:end].count("”"):
            return cut[:end]
    return cut[:cut.rfind(" ")] + " …"


def lesson_sections(article_html: str) -> list[dict]:
    """The lesson sections of a built module page: [{id, heading, items, summary}] in page order."""
    found = list(_H2.finditer(article_html))
    sections = []
    for n, match in enumerate(found):
        if match[1] not in LESSON_SECTIONS:
            continue
        body = article_html[match.end():found[n + 1].start() if n + 1 < len(found) else len(article_html)]
        items = [_shorten(_text(h), ITEM_CHARS) for h in _H3.findall(body)] or \
            [_shorten(_text(c), ITEM_CHARS) for c in _FIRST_CELL.findall(body)]
        summary = "" if items else _shorten(_text(next(iter(_PARAGRAPH.findall(body)), "")), SUMMARY_CHARS)
        sections.append({"id": match[1], "heading": _text(match[2]), "items": items[:OUTLINE_ITEMS], "summary": summary})
    return sections


def page_exercises(course: Course, article_html: str, lang: str) -> list[dict]:
    """The module's exercises in the order the page shows them."""
    ids = list(dict.fromkeys(_EXERCISE.findall(article_html)))
    return [course.exercises[i].get(lang, course.exercises[i][SOURCE_LANGUAGE]) for i in ids if i in course.exercises]


def _points(module: dict, lang: str) -> list[str]:
    return module["text"][lang].get("key_points") or module["text"][SOURCE_LANGUAGE].get("key_points") or []


def _density(items: list[str]) -> str:
    chars = sum(len(item) for item in items)
    return next(name for most, most_chars, name in DENSITY if len(items) <= most and chars <= most_chars)


def _slide(kind: str, foot: str, inner: str, first_id: str = "") -> str:
    anchor = f' id="{first_id}"' if first_id else ""
    return f'<section class="slide slide-{kind}"{anchor} data-foot="{esc(foot)}">{inner}</section>'


def slides_html(course: Course, module: dict, lang: str, article_html: str) -> tuple[str, int]:
    """A module's slides (HTML sections, one a page) and how many there are."""
    ui, w, text = course.ui[lang], learner_words(course, lang), module["text"][lang]
    label, title = module_label(module), module_title(module, lang)
    points = _points(module, lang)
    bodies = [("title", f'<p class="course">{esc(course.course[lang]["title"])}</p><h1>{esc(title)}</h1>'
                        f'<p class="promise">{esc(text["promise"])}</p>'
                        f'<p class="facts">{esc(ui[module["kind"]])} · {module["hours"]:g} {esc(ui["hours"])}</p>')]
    bodies.append(("outcomes", f'<h2>{esc(ui["outcomes"])}</h2><ul>'
                               + "".join(f"<li>{esc(o)}</li>" for o in text["outcomes"]) + "</ul>"))
    for section in lesson_sections(article_html):
        items = section["items"]
        listing = (f'<ul class="{_density(items)}">' + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"
                   if items else f'<p class="summary">{esc(section["summary"])}</p>')
        bodies.append(("section", f'<h2>{esc(section["heading"])}</h2>{listing}'))
    for ex in page_exercises(course, article_html, lang):
        bodies.append(("exercise" + (" dense" if len(ex["goal"]) + len(ex["evidence"]) > DENSE_EXERCISE else ""),
                       f'<p class="kicker">{esc(ui["exercise"])} · {ex["minutes"]} {esc(ui["minutes"])}</p>'
                                   f'<h2>{esc(ex["title"])}</h2><p class="goal"><strong>{esc(ui["goal"])}:</strong> {esc(ex["goal"])}</p>'
                                   f'<p class="evidence"><strong>{esc(ui["evidence"])}:</strong> {esc(ex["evidence"])}</p>'))
    for start in range(0, len(points), KEY_POINTS_PER_SLIDE):
        bodies.append(("points", f'<h2>{esc(w.get("key_points", "Key points"))}</h2><ol start="{start + 1}" style="counter-reset: list-item {start}">'
                                 + "".join(f"<li>{esc(p)}</li>" for p in points[start:start + KEY_POINTS_PER_SLIDE]) + "</ol>"))
    total = len(bodies)
    slides = [_slide(kind, f"{label} · {n} / {total}", inner, f"slides-{module['id']}" if n == 1 else "")
              for n, (kind, inner) in enumerate(bodies, start=1)]
    return f'<article class="slides" lang="{lang}">{"".join(slides)}</article>', total


def card_html(course: Course, module: dict, lang: str) -> str:
    """A module's one-page summary card."""
    ui, w, text = course.ui[lang], learner_words(course, lang), module["text"][lang]
    points = "".join(f"<li>{esc(p)}</li>" for p in _points(module, lang))
    outcomes = "".join(f"<li>{esc(o)}</li>" for o in text["outcomes"])
    dense = " dense" if sum(len(p) for p in _points(module, lang)) > DENSE_CARD else ""
    return (f'<article class="card{dense}" id="card-{module["id"]}" data-foot="{esc(module_label(module))}">'
            f'<p class="course">{esc(course.course[lang]["title"])}</p><h1>{esc(module_title(module, lang))}</h1>'
            f'<p class="promise">{esc(text["promise"])}</p>'
            f'<h2>{esc(w.get("key_points", "Key points"))}</h2><ol class="points">{points}</ol>'
            f'<h2 class="small">{esc(ui["outcomes"])}</h2><ul class="outcomes">{outcomes}</ul></article>')


def document(course: Course, module: dict, lang: str, article_html: str) -> str:
    """A module's card and slides as one print document (A4 page, then 16:9 pages)."""
    ui = course.ui[lang]
    edition = f'Xã Số · {ui["edition"]} {course.edition}'
    body = card_html(course, module, lang) + slides_html(course, module, lang, article_html)[0]
    css = (_pdf.PDF_DIR / "pack.css").read_text(encoding="utf-8").replace("__EDITION__", _pdf._css_str(edition))
    return _pdf.html_document(lang=lang, title=module_title(module, lang), created=_pdf.created_timestamp(),
                              style=css + _pdf.script_css(lang), body=body)


def job(course: Course, site_dir: str, lang: str, page: dict) -> dict:
    """The pack job of a module page ({module, html, dest}): its card and its slides."""
    module, folder = page["module"], page["dest"].parent
    doc = document(course, module, lang, page["html"])
    words = learner_words(course, lang)
    parts = [{"anchor": f"{kind}-{module['id']}", "out": str(folder / name),
              "title": f'{words.get(heading, kind)} · {module_title(module, lang)}'}
             for kind, name, heading in (("card", card_name(module["id"], lang), "card_title"),
                                         ("slides", slides_name(module["id"], lang), "slides_title"))]
    site_path = (folder / card_name(module["id"], lang)).relative_to(site_dir).as_posix()
    key = hashlib.sha256((_pdf.cache_key(doc, site_path) + hashlib.sha256(_SOURCE.read_bytes()).hexdigest()).encode()).hexdigest()
    return {"name": f"pack-{module['id']}-{lang}", "html": doc, "base_url": page["dest"].as_uri(), "key": key, "parts": parts}


def render(job: dict) -> dict:
    """Worker: lay the module's document out, split it into the card and the slides (or copy them
    from the cache). Runs in its own process."""
    start = time.monotonic()
    cached = [_pdf.CACHE_DIR / f"pack-{job['key']}-{Path(part['out']).name}" for part in job["parts"]]
    if all(path.exists() for path in cached):
        for part, path in zip(job["parts"], cached):
            Path(part["out"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, part["out"])
        return {"out": job["parts"][-1]["out"], "seconds": time.monotonic() - start, "cached": True}
    document = _pdf.layout(job["html"], job["base_url"])
    starts = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, number)
    buffer = io.BytesIO()
    _pdf.write(document, buffer)
    firsts = [starts[part["anchor"]] for part in job["parts"]] + [len(document.pages)]
    split(buffer, [(part, firsts[n], firsts[n + 1]) for n, part in enumerate(job["parts"])])
    for part, path in zip(job["parts"], cached):
        _pdf.store(Path(part["out"]), path)
    return {"out": job["parts"][-1]["out"], "seconds": time.monotonic() - start, "cached": False,
            "pages": {part["out"]: firsts[n + 1] - firsts[n] for n, part in enumerate(job["parts"])}}


def split(source, parts: list[tuple[dict, int, int]]):
    """Write pages [first, end) of the tagged PDF `source` to each part's `out`, with the structure
    elements (and marked-content map) of those pages, the language, the title and the metadata."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    src = pikepdf.open(source)
    tree = src.Root.StructTreeRoot
    nums = tree.ParentTree.get("/Nums", Array())
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    document = tree.K[0] if isinstance(tree.K, Array) else tree.K
    tops = list(document.K) if isinstance(document.K, Array) else [document.K]
    page_of = {page.objgen: number for number, page in enumerate(src.pages)}
    spans = [(e, _pages_of(e, page_of)) for e in tops if isinstance(e, Dictionary)]
    for part, first, end in parts:
        out = pikepdf.new()
        out.pages.extend(src.pages[first:end])
        mine = [e for e, pages in spans if pages and min(pages) >= first and max(pages) < end]
        saved = [e.get("/P") for e in mine]
        for element in mine:   # copied without its parent: the copy must not pull in the other pages
            del element["/P"]
        root_doc = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
        for element in mine:
            copy = out.copy_foreign(element)
            copy.P = root_doc
            root_doc.K.append(copy)
        for element, parent in zip(mine, saved):
            element.P = parent
        keys = [int(page.obj.StructParents) for page in src.pages[first:end] if "/StructParents" in page.obj]
        new_nums = Array()
        for key in sorted(keys):
            value = parents[key]
            new_nums.extend([key, out.copy_foreign(value) if value.is_indirect
                             else Array([out.copy_foreign(e) if e.is_indirect else e for e in value])])
        root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=root_doc, ParentTree=Dictionary(Nums=new_nums),
                                            ParentTreeNextKey=max(keys, default=-1) + 1))
        if "/RoleMap" in tree:
            root.RoleMap = out.copy_foreign(tree.RoleMap)
        root_doc.P = root
        out.Root.StructTreeRoot = root
        out.Root.MarkInfo = Dictionary(Marked=True)
        out.Root.Lang = src.Root.Lang
        out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        with out.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(src.docinfo)
            meta["dc:title"] = part["title"]
            meta["pdfuaid:part"] = "1"
        out.docinfo.Title = part["title"]
        Path(part["out"]).parent.mkdir(parents=True, exist_ok=True)
        out.save(part["out"], deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    src.close()


def _pages_of(element, page_of: dict, depth: int = 0) -> set[int]:
    """The page numbers an element's content is on (its /Pg and its kids')."""
    import pikepdf

    found = set()
    page = element.get("/Pg")
    if page is not None and page.objgen in page_of:
        found.add(page_of[page.objgen])
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and depth < 50:
            found |= _pages_of(kid, page_of, depth + 1)
    return found
