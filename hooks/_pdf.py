"""Built page HTML -> print HTML -> PDF with WeasyPrint. Plain functions; no MkDocs.

A PDF is rendered in a worker process from a print document of our own (cover, optional table of
contents, the module's article HTML). Its cache key is a hash of everything that goes into it.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from pathlib import Path

from _data import ROOT

PDF_DIR = ROOT / "overrides" / "pdf"
NODE_MODULES = ROOT / "node_modules"
CACHE_DIR = ROOT / ".cache" / "pdf"

# The fonts a PDF embeds (subset by WeasyPrint): the project's own files, never system fonts.
FONT_FACES = [
    ("Noto Sans", 400, "normal", "@fontsource/noto-sans/files/noto-sans-{subset}-400-normal.woff2"),
    ("Noto Sans", 700, "normal", "@fontsource/noto-sans/files/noto-sans-{subset}-700-normal.woff2"),
    ("Noto Sans", 400, "italic", "@fontsource/noto-sans/files/noto-sans-{subset}-400-italic.woff2"),
    ("Noto Sans Mono", 400, "normal", "@fontsource/noto-sans-mono/files/noto-sans-mono-{subset}-400-normal.woff2"),
]
SUBSETS = {
    "vietnamese": "U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, U+01A0-01A1, U+01AF-01B0, "
                  "U+0300-0301, U+0303-0304, U+0308-0309, U+0323, U+0329, U+1EA0-1EF9, U+20AB",
    "latin-ext": "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+1D00-1DBF, "
                 "U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF",
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, "
             "U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
}


def font_css() -> str:
    rules = []
    for family, weight, style, pattern in FONT_FACES:
        for subset, unicode_range in SUBSETS.items():
            path = NODE_MODULES / pattern.format(subset=subset)
            if path.exists():
                rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
                             f'src: url("{path.as_uri()}") format("woff2"); unicode-range: {unicode_range}; }}')
    return "\n".join(rules)


def font_digest() -> str:
    digest = hashlib.sha256()
    for _family, _weight, _style, pattern in FONT_FACES:
        for subset in SUBSETS:
            path = NODE_MODULES / pattern.format(subset=subset)
            if path.exists():
                digest.update(path.read_bytes())
    return digest.hexdigest()


_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_CHECKBOX = re.compile(r'<input type="checkbox"[^>]*>')
_NOT_IN_PRINT = re.compile(r'<p class="xa-download">.*?</p>|<button[^>]*>.*?</button>|'
                           r'<p class="xa-exercise-status"[^>]*>.*?</p>', re.S)
_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")


def print_article(article_html: str) -> str:
    """The page's article as paper wants it: empty boxes to tick by pen, answers shown, no buttons."""
    text = _PERMALINK.sub("", article_html)
    text = _NOT_IN_PRINT.sub("", text)
    text = _CHECKBOX.sub('<span class="pen-box" role="img" aria-label="☐"></span>', text)
    text = _DETAILS.sub("<details open", text)
    return text


def document(*, lang: str, title: str, header: str, edition: str, cover: str, toc: str, body: str,
             created: str, page_of: str, css: str) -> str:
    """One print document. `page_of` is e.g. 'Trang {page} / {pages}' from curriculum/ui.yml."""
    before, _, after = page_of.partition("{page}")
    middle, _, end = after.partition("{pages}")
    footer = (f'"{_css_str(before)}" counter(page) "{_css_str(middle)}" counter(pages) "{_css_str(end)}"')
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
{css}
@page {{ @top-center {{ content: "{_css_str(header)}"; }}
        @bottom-left {{ content: "Xã Số {_css_str(edition)}"; }}
        @bottom-right {{ content: {footer}; }} }}
@page :first {{ @top-center {{ content: none; }} @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
</style>
</head>
<body>
{cover}
{toc}
{body}
</body>
</html>"""


def _css_str(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"')


def cache_key(doc_html: str, base_url: str) -> str:
    import weasyprint

    digest = hashlib.sha256()
    for part in (doc_html, base_url, weasyprint.__version__, font_digest()):
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
        return {"out": str(out), "seconds": time.monotonic() - start, "cached": True}
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    HTML(string=job["html"], base_url=job["base_url"]).write_pdf(
        out, font_config=fonts, pdf_variant="pdf/ua-1", pdf_tags=True, optimize_images=True)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    shutil.copyfile(out, tmp)
    tmp.replace(cached)
    return {"out": str(out), "seconds": time.monotonic() - start, "cached": False}
