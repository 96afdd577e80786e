"""Readable heading anchors for Vietnamese: "Chữ ký điện tử" -> "chu-ky-dien-tu" (đ -> d)."""

import re
import unicodedata


def fold(text: str) -> str:
    """Remove Vietnamese accents, đ -> d; used for anchors and accent-free search."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def slugify(value: str, separator: str = "-") -> str:
    value = fold(value).lower()
    value = re.sub(r"[^a-z0-9\s-]", "", value)
    return re.sub(r"[\s-]+", separator, value).strip(separator)
