"""Mark Vietnamese words quoted inside a page in another language with lang="vi" (pure functions).

Screen readers pick their voice from `lang`: an English page that quotes "Bình dân học vụ số" or
"Nghị định 30/2020/NĐ-CP" must say those words are Vietnamese. Vietnamese is recognised by its
letters (ă â đ ê ô ơ ư and the tone marks); a run of such words, with the plain words between
them ("Lò Thị Mai", "Bảo mật Windows") and capitalised words right after them (names), becomes
one <span lang="vi">. Text inside an element that already has a lang, and code, is left alone.
"""

from __future__ import annotations

import re

VIETNAMESE_LETTERS = ("àáâãèéêìíòóôõùúýăđĩũơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯ"
                      + "".join(chr(c) for c in range(0x1EA0, 0x1EFA)))
_VI = f"[{VIETNAMESE_LETTERS}]"
_VI_WORD = rf"[\w/.-]*{_VI}[\w/-]*"
_PLAIN_WORD = r"[\w/-]+"
# a Vietnamese word; then more, possibly one plain word between two; then trailing capitalised words
VIETNAMESE_RUN = re.compile(
    rf"{_VI_WORD}(?:\s+(?:{_PLAIN_WORD}\s+)?{_VI_WORD})*(?:\s+[A-ZĐ]\w*(?![\w/-]))*")
HAS_VIETNAMESE = re.compile(_VI)
TAG = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
TAG_NAME = re.compile(r"</?([a-zA-Z][\w-]*)")
SKIP = {"script", "style", "code", "pre", "textarea", "svg", "title", "kbd", "samp"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def mark_vietnamese(html: str) -> str:
    """`html` (a page or a fragment in a language other than Vietnamese) with every Vietnamese
    run that is not already inside a lang-marked element wrapped in <span lang="vi">."""
    out = []
    skipping, depth = None, 0  # the element we are inside and must not touch, and its nesting
    for part in TAG.split(html):
        if not part:
            continue
        if part.startswith("<"):
            match = TAG_NAME.match(part)
            name = match.group(1).lower() if match else ""
            closing = part.startswith("</")
            opens = not closing and name not in VOID and not part.endswith("/>") and not part.startswith("<!")
            if skipping:
                if name == skipping and opens:
                    depth += 1
                elif name == skipping and closing:
                    depth -= 1
                    if depth == 0:
                        skipping = None
            elif opens and (name in SKIP or re.search(r"\slang=", part)):
                skipping, depth = name, 1
            out.append(part)
        elif skipping or not HAS_VIETNAMESE.search(part):
            out.append(part)
        else:
            out.append(VIETNAMESE_RUN.sub(lambda m: f'<span lang="vi">{m.group(0)}</span>', part))
    return "".join(out)


def body_of(html: str) -> tuple[str, str]:
    """(everything up to and including <body ...>, the rest)."""
    match = re.search(r"<body[^>]*>", html)
    return (html[:match.end()], html[match.end():]) if match else ("", html)
