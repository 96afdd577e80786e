"""Sorting words the way readers of a language expect, with ICU's collation rules (PyICU, from the
pinned `pyicu-wheels`): Vietnamese puts "Ảo giác AI" with A, Ă after A, Â after Ă, Đ after D and
reads tone marks after the letters; each other language sorts by its own rules. Plain code-point or
DUCET sorts do not give Vietnamese order."""

from __future__ import annotations

import functools

import icu


@functools.lru_cache(maxsize=None)
def _collator(lang: str):
    return icu.Collator.createInstance(icu.Locale(lang))


@functools.lru_cache(maxsize=None)
def _index(lang: str):
    return icu.AlphabeticIndex(icu.Locale(lang)).buildImmutableIndex()


def sort_key(lang: str):
    """A key function: sorted(words, key=sort_key("vi"))."""
    return _collator(lang).getSortKey


def letter(word: str, lang: str) -> tuple[int, str]:
    """(bucket number, heading letter) of `word` in the language's alphabetical index: "Ảo giác" ->
    A, "Ăn" -> Ă, "Đăng" -> Đ; words starting with a digit or a sign go under "#"."""
    index = _index(lang)
    number = index.getBucketIndex(word)
    label, kind = index.getBucket(number)
    return number, label if kind == 0 else "#"
