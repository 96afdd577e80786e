"""Built page HTML -> print HTML -> PDF with WeasyPrint. Plain functions; no MkDocs.

A PDF is rendered in a worker process from a print document of our own (cover, optional table of
contents, the module's article HTML). Its cache key is a hash of everything that goes into it.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import os
import html
import re
import time
import unicodedata
from importlib.metadata import version
from pathlib import Path

from . import languages as _languages
from .data import ROOT, today

PDF_DIR = ROOT / "overrides" / "pdf"
NODE_MODULES = ROOT / "node_modules"
CACHE_DIR = Path(os.environ.get("XASO_PDF_CACHE") or ROOT / ".cache" / "pdf")

# The fonts a PDF embeds (WeasyPrint subsets them): whole TTF files from the npm package
# @expo-google-fonts/noto-sans (pinned by package-lock.json), never system fonts. Whole files, not
# the web's unicode-range subsets: WeasyPrint 70 merges same-named subset files into one PDF font
# and Vietnamese letters then come out as wrong glyphs.
FONT_FACES = [
    ("Noto Sans", 400, "normal", "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
    ("Noto Sans", 700, "normal", "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf"),
    ("Noto Sans", 400, "italic", "@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf"),
    ("Noto Sans", 700, "italic", "@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf"),
    ("Noto Sans Mono", 400, "normal", "@expo-google-fonts/noto-sans-mono/400Regular/NotoSansMono_400Regular.ttf"),
]


def wanted(command: str) -> bool:
    """Whether this run makes PDFs: XASO_PDF=1/0 decides; otherwise `mkdocs build` does and
    `mkdocs serve` does not (live reload stays fast)."""
    setting = os.environ.get("XASO_PDF")
    return setting != "0" if setting is not None else command != "serve"


def languages_wanted(langs: list[str]) -> list[str]:
    """The languages whose PDFs this run makes: all, or those XASO_PDF names (XASO_PDF=km, or
    XASO_PDF=vi,km), e.g. for a translator checking their language's PDFs without waiting for all."""
    chosen = [code.strip() for code in os.environ.get("XASO_PDF", "").split(",") if code.strip() not in ("", "0", "1")]
    return [lang for lang in langs if lang in chosen] if chosen else list(langs)


def module_wanted(module_id: str) -> bool:
    """XASO_PDF_MODULES=c2,e7 makes only those modules' PDFs (and a course PDF of them): an author or
    a translator checking one module's PDF."""
    chosen = [m.strip() for m in os.environ.get("XASO_PDF_MODULES", "").split(",") if m.strip()]
    return not chosen or module_id in chosen


def created_timestamp() -> str:
    """The PDFs' creation date: the build date (SOURCE_DATE_EPOCH when set), as WeasyPrint reads it
    from dcterms.created; WeasyPrint itself ignores SOURCE_DATE_EPOCH."""
    return datetime.datetime.combine(today(), datetime.time(), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def font_files() -> list[Path]:
    return [NODE_MODULES / pattern for _family, _weight, _style, pattern in FONT_FACES]


def font_css() -> str:
    rules = []
    for (family, weight, style, _pattern), path in zip(FONT_FACES, font_files()):
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing — run `make build` (npm ci) to install the pinned fonts")
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
                     f'src: url("{path.as_uri()}") format("truetype"); }}')
    return "\n".join(rules)


def script_css(lang: str) -> str:
    """For a PDF in a language not written in Latin letters (km; xaso/languages.py): its script's
    font, next in line after Noto Sans for the letters Noto Sans lacks. Empty for Latin."""
    extra = _languages.pdf_font_faces(lang)
    if not extra:
        return ""
    rules = []
    for family, weight, style, pattern in extra:
        path = NODE_MODULES / pattern
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing — run `make build` (npm ci) to install the pinned fonts")
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
                     f'src: url("{path.as_uri()}") format("woff2"); }}')
    stack = ", ".join(f'"{family}"' for family in ["Noto Sans", *dict.fromkeys(f for f, *_rest in extra)])
    # the font files' contents are part of the cache key (font_digest covers Noto Sans only)
    rules.append(f"/* fonts {_file_digest(tuple(NODE_MODULES / p for *_rest, p in extra))} */")
    rules.append(f"html {{ font-family: {stack}, sans-serif; }}")
    rules.append("@page { " + " ".join(f"@{box} {{ font-family: {stack}; }}"
                                        for box in ("top-center", "bottom-left", "bottom-right")) + " }")
    return "".join(f"\n{rule}" for rule in rules)


@functools.lru_cache(maxsize=8)
def _file_digest(paths: tuple) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def font_digest() -> str:
    digest = hashlib.sha256()
    for path in font_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_CHECKBOX = re.compile(r'<input type="checkbox"[^>]*>')
_NOT_IN_PRINT = re.compile(r'<p class="xa-download">.*?</p>|<button[^>]*>.*?</button>|'
                           r'<p class="xa-exercise-status"[^>]*>.*?</p>', re.S)
_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")
# Links to other pages of the site: WeasyPrint would resolve them to file:// paths of the build
# machine, dead in a downloaded PDF. On paper they are plain words; links that leave the course
# (http, mailto, tel) and in-page anchors stay links.
_SITE_LINK = re.compile(r'<a\b[^>]*\bhref="(?!https?:|mailto:|tel:|#)[^"]*"[^>]*>(.*?)</a>', re.S)


def print_article(article_html: str) -> str:
    """The page's article as paper wants it: empty boxes to tick by pen, answers shown, no buttons."""
    text = unicodedata.normalize("NFC", _PERMALINK.sub("", article_html))
    text = _NOT_IN_PRINT.sub("", text)
    text = _CHECKBOX.sub('<span class="pen-box" role="img" aria-label="☐"></span>', text)
    text = _DETAILS.sub("<details open", text)
    text = _SITE_LINK.sub(r'<span class="xa-site-link">\1</span>', text)
    return text


def document(*, lang: str, title: str, header: str, edition: str, cover: str, toc: str, body: str,
             created: str, page_of: str, css: str, label: str = "", pages_total: int | None = None) -> str:
    """One print document. `page_of` is e.g. 'Trang {page} / {pages}' from curriculum/ui.yml.

    `label` (e.g. "C2") starts the page footer ("C2 · Trang 3 / 12"), so a page torn from the
    printed course still says which module it belongs to. `pages_total` replaces the document's own
    page count in the footer (the course's front matter counts the pages of the whole course)."""
    before, _, after = page_of.partition("{page}")
    middle, _, end = after.partition("{pages}")
    before = f"{label} · {before}" if label else before
    pages = f'"{pages_total}"' if pages_total is not None else "counter(pages)"
    footer = (f'"{_css_str(before)}" counter(page) "{_css_str(middle)}" {pages} "{_css_str(end)}"')
    style = f"""{css}{script_css(lang)}
@page {{ @top-center {{ content: "{_css_str(header)}"; }}
        @bottom-left {{ content: "Xã Số {_css_str(edition)}"; }}
        @bottom-right {{ content: {footer}; }} }}
@page :first {{ @top-center {{ content: none; }} @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}"""
    return html_document(lang=lang, title=title, created=created, style=style, body=f"{cover}\n{toc}\n{body}")


def html_document(*, lang: str, title: str, created: str, style: str, body: str) -> str:
    """The HTML WeasyPrint renders, for every PDF of the project (handouts, guides, cards and slides,
    practice-kit files): its language, title and dates (WeasyPrint ignores SOURCE_DATE_EPOCH), the
    project's fonts, then `style`, which ends with `script_css(lang)` (the font of a language not
    written in Latin letters, e.g. Khmer) so that it wins over the stylesheet's font-family."""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<meta name="dcterms.created" content="{created}">
<meta name="dcterms.modified" content="{created}">
<meta name="generator" content="Xã Số">
<style>
{font_css()}
{style}
</style>
</head>
<body>
{body}
</body>
</html>"""


def _css_str(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"')


def cache_key(doc_html: str, site_path: str) -> str:
    """`site_path` is the PDF's path inside the site (not the absolute folder), so a build into
    another folder reuses the cache."""
    digest = hashlib.sha256()
    for part in (doc_html, site_path, version("weasyprint"), font_digest()):
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


def render(job: dict) -> dict:
    """Worker: render one PDF (or copy it from the cache). Runs in its own process."""
    import shutil

    start = time.monotonic()
    out = Path(job["out"])
    out.parent.mkdir(parents=True, exist_ok=True)
    cached = CACHE_DIR / f"{job['key']}.pdf"
    if cached.exists():
        shutil.copyfile(cached, out)
        return {"out": str(out), "seconds": time.monotonic() - start, "cached": True, "pages": page_count(out)}
    document = layout(job["html"], job["base_url"])
    write(document, out)
    store(out, cached)
    return {"out": str(out), "seconds": time.monotonic() - start, "cached": False, "pages": len(document.pages)}


def layout(doc_html: str, base_url: str):
    """WeasyPrint's laid-out document (its `.pages` tell the page count before anything is written)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    return HTML(string=doc_html, base_url=base_url).render(
        font_config=FontConfiguration(), pdf_variant="pdf/ua-1", pdf_tags=True, optimize_images=True)


def write(document, target):
    """Write a laid-out document as a tagged PDF (PDF/UA-1) to a path or a binary file."""
    document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True, optimize_images=True)


def store(pdf: Path, cached: Path):
    """Copy a finished PDF into the cache."""
    store_bytes(pdf.read_bytes(), cached)


def store_bytes(data: bytes, cached: Path):
    """Write a cache file atomically, so a parallel build never reads half a file."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(cached)


def page_count(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as opened:
        return len(opened.pages)
