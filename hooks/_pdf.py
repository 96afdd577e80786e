"""Built page HTML -> print HTML -> PDF with WeasyPrint. Plain functions; no MkDocs.

A PDF is rendered in a worker process from a print document of our own (cover, optional table of
contents, the module's article HTML). Its cache key is a hash of everything that goes into it.
"""

from __future__ import annotations

import hashlib
import os
import html
import posixpath
import re
import time
import unicodedata
from pathlib import Path

from _data import ROOT

PDF_DIR = ROOT / "overrides" / "pdf"
NODE_MODULES = ROOT / "node_modules"
CACHE_DIR = Path(os.environ.get("XASO_PDF_CACHE") or ROOT / ".cache" / "pdf")
# Part of every cache key: change it when render() changes how the same document becomes a PDF.
RENDERING = "2: no base URL, relative links"

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


def print_article(article_html: str) -> str:
    """The page's article as paper wants it: empty boxes to tick by pen, answers shown, no buttons."""
    text = unicodedata.normalize("NFC", _PERMALINK.sub("", article_html))
    text = _NOT_IN_PRINT.sub("", text)
    text = _CHECKBOX.sub('<span class="pen-box" role="img" aria-label="☐"></span>', text)
    text = _DETAILS.sub("<details open", text)
    return text


_LINK = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')
_IMAGE = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][\w+.-]*:")


def _relative(url: str) -> bool:
    return bool(url) and not url.startswith(("#", "/")) and not _SCHEME.match(url)


def rebase_links(article_html: str, from_dir: str, to_dir: str) -> str:
    """Relative links written for a page in site folder `from_dir`, rewritten for a document in
    `to_dir` (e.g. a module's links inside the course PDF at the language's root)."""
    def rebase(match):
        path, hash_, fragment = match[2].partition("#")
        if not _relative(match[2]) or from_dir == to_dir or not path:
            return match[0]
        target = posixpath.normpath(posixpath.join(from_dir, path))
        return match[1] + posixpath.relpath(target, to_dir or ".") + hash_ + fragment + match[3]
    return _LINK.sub(rebase, article_html)


def embed_images(article_html: str, page_dir: Path) -> str:
    """Images addressed by file URI: WeasyPrint reads them (their bytes go into the PDF) while
    the document itself is rendered without a base URL (see render())."""
    return _IMAGE.sub(lambda m: m[1] + (page_dir / m[2]).resolve().as_uri() + m[3] if _relative(m[2]) else m[0],
                      article_html)


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


def cache_key(doc_html: str, site_path: str) -> str:
    """`site_path` is the PDF's path inside the site (not the absolute folder), so a build into
    another folder reuses the cache."""
    import weasyprint

    digest = hashlib.sha256()
    for part in (doc_html, site_path, RENDERING, weasyprint.__version__, font_digest()):
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
    # No base URL: links stay relative to the PDF's own place in the site (which is the page's),
    # so they work wherever the site is opened and the bytes do not depend on the build folder.
    HTML(string=job["html"], base_url=None).write_pdf(
        out, font_config=fonts, pdf_variant="pdf/ua-1", pdf_tags=True, optimize_images=True)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    shutil.copyfile(out, tmp)
    tmp.replace(cached)
    return {"out": str(out), "seconds": time.monotonic() - start, "cached": False}
