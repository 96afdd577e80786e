"""Diagrams written as text (Graphviz DOT) next to the page, rendered to SVG at build time and put
into the page inline: no diagram JavaScript reaches a phone, the PDF gets the same picture, and a
text alternative (required) is both the SVG's accessible name and the caption a reader can read.

    docs/modules/<slug>/<name>.dot        Vietnamese
    docs/modules/<slug>/<name>.en.dot     English (and so on per language)

A diagram file starts with comment lines the build reads:

    // alt: What the picture shows, in one or two sentences (the text alternative).

On the page: `{{ diagram <name> }}`. SVGs are cached by a hash of their source.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

from .data import Problem, read_text, rel
from .paths import ROOT

CACHE = Path(os.environ.get("XASO_DIAGRAM_CACHE") or ROOT / ".cache" / "diagrams")
ALT = re.compile(r"^\s*//\s*alt:\s*(?P<alt>.+)$", re.M)
# Every diagram looks the same: the site's font, calm colours, readable on a phone.
DEFAULTS = ('graph [fontname="Noto Sans", fontsize=12, bgcolor="transparent", pad=0.1, nodesep=0.3, ranksep=0.35];'
            'node [fontname="Noto Sans", fontsize=12, shape=box, style="rounded,filled", fillcolor="#e8f3ee", '
            'color="#0b5d3b", margin="0.15,0.06"];'
            'edge [fontname="Noto Sans", fontsize=11, color="#33443c"];')


def source_path(page_dir: Path, name: str, lang: str, source_language: str = "vi") -> Path:
    return page_dir / (f"{name}.dot" if lang == source_language else f"{name}.{lang}.dot")


def _with_defaults(dot: str) -> str:
    """Insert the house style right after the graph's opening brace."""
    return re.sub(r"\{", "{" + DEFAULTS, dot, count=1)


def render(path: Path) -> tuple[dict | None, list[Problem]]:
    """({svg, alt, width, height}, problems) for one diagram file: the picture as a small SVG file
    of its own (the page shows it with <img loading="lazy">, so it costs nothing until the reader
    scrolls to it), its text alternative and its size in CSS pixels."""
    try:
        text = read_text(path)
    except Exception as err:  # DataError: not UTF-8 …
        return None, list(getattr(err, "problems", [Problem(rel(path), None, str(err), "save it as UTF-8")]))
    alt = " ".join(m["alt"].strip() for m in ALT.finditer(text))
    if not alt:
        return None, [Problem(rel(path), 1, "the diagram has no text alternative",
                              "start the file with a line `// alt: what the picture shows` (for screen readers and the caption)")]
    dot = shutil.which("dot")
    if dot is None:
        return None, [Problem(rel(path), None, "Graphviz (`dot`) is not installed", "run `make build` (it installs Debian's graphviz)")]
    source = _with_defaults(text)
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]
    cached = CACHE / f"{key}.svg"
    if cached.exists():
        svg = cached.read_text(encoding="utf-8")
    else:
        done = subprocess.run([dot, "-Tsvg"], input=source.encode("utf-8"), capture_output=True)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            line = next((int(m[1]) for m in (re.search(r"line (\d+)", x) for x in message) if m), None)
            return None, [Problem(rel(path), line, "Graphviz cannot read the diagram: " + (message[0] if message else "error"),
                                  "check the DOT syntax on that line (quotes, ; and ->)")]
        svg = compact(done.stdout.decode("utf-8"))
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(svg, encoding="utf-8")
    size = re.search(r'<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"', svg)
    return {"svg": svg, "alt": alt, "width": int(size[1]), "height": int(size[2])}, []


def compact(svg: str) -> str:
    """Graphviz's SVG, smaller: no prolog, comments, tooltips, ids or classes; numbers rounded;
    the font named once; the size in CSS pixels (1 pt = 4/3 px)."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->|<title>.*?</title>", "", svg, flags=re.S)
    svg = re.sub(r'\s(id|class)="[^"]*"', "", svg)
    svg = re.sub(r'\sfont-family="[^"]*"', "", svg)
    svg = re.sub(r"(\d+\.\d+)", lambda m: f"{float(m[1]):.1f}".rstrip("0").rstrip("."), svg)

    def px(m):
        return f' {m[1]}="{round(float(m[2]) * 4 / 3)}"'

    svg = re.sub(r'\s(width|height)="([\d.]+)pt"', px, svg, count=2)
    svg = svg.replace("<svg", '<svg font-family="Noto Sans, sans-serif"', 1)
    return re.sub(r">\s+<", "><", svg).strip() + "\n"


def figure_html(name: str, picture: dict) -> str:
    """The page's figure: a lazy image of the SVG file beside the page, its text alternative as
    alt text, and the same words as the visible caption (hidden from screen readers, which read the alt)."""
    alt = html.escape(picture["alt"])
    return (f'<figure class="xa-diagram"><img src="{html.escape(name)}.svg" alt="{alt}" width="{picture["width"]}" '
            f'height="{picture["height"]}" loading="lazy" decoding="async">'
            f'<figcaption aria-hidden="true">{alt}</figcaption></figure>')
