"""Translation status: which translated files are missing, and which were made from an older source.

Each translation records the source version it was made from: the git blob hash of the source file
(`git hash-object <source>`), as `translated_from:` in the front matter of a page (`x.en.md`) or
as a top-level key of a data file (`x.en.yml`). When the source changes, its hash changes, and the
old version is still in git (`git show <hash>`), so the report can say what changed.

Plain functions, no MkDocs: used by hooks/translations.py (build) and xaso/commands/translations.py (command line).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .course import CURRICULUM, EXERCISES, LOCAL, SOURCE_LANGUAGE, STAMP, page_files, translation_path
from .data import ROOT, DataError, decode, read_bytes, read_text, rel

# a translation's language before its extension: .en.md, .hmn.yml, .zh-Hant.md (xaso/languages.py CODE)
LANGUAGE_SUFFIX = re.compile(r"\.(?:[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?|[a-z]{2}_[A-Z]{2})\.(?:md|yml)$")
# A province's values may stay in Vietnamese until translated (a hotline is the same in every language).
OPTIONAL = {LOCAL / "province.yml"}
STAMP_LINE = re.compile(rf"^{STAMP}:.*$", re.M)
MARKER = re.compile(r"#{1,3} |- id: |[A-Za-z0-9_\"-]+:")


@dataclass
class Status:
    source: Path
    translation: Path
    lang: str
    state: str          # "missing", "unstamped", "outdated" or "current"
    summary: str = ""   # for "outdated": what changed in the source

    @property
    def name(self) -> str:
        return rel(self.translation)


def blob_hash(path: Path) -> str:
    """The same hash as `git hash-object <path>`."""
    return _blob(read_bytes(path))


def _blob(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def sources() -> list[Path]:
    """Every source-language file that has (or needs) a translation."""
    pages = [p for p in page_files() if not LANGUAGE_SUFFIX.search(p.name)]
    data = sorted(CURRICULUM.glob("*.yml")) + sorted(EXERCISES.glob("*/*.yml"))
    if LOCAL.is_dir():
        data += sorted(LOCAL.glob("*.yml")) + sorted(LOCAL.glob("exercises/*/*.yml"))
    return pages + [p for p in data if not LANGUAGE_SUFFIX.search(p.name)]


def read_stamp(path: Path) -> str | None:
    text = read_text(path)   # a file that is not UTF-8: DataError naming it, with the fix
    if path.suffix == ".md":
        if not text.startswith("---\n"):
            return None
        text = text[4:text.find("\n---", 4)]
    match = re.search(rf"^{STAMP}:\s*['\"]?([0-9a-f]{{40}})", text, re.M)
    return match[1] if match else None


def write_stamp(path: Path, stamp: str):
    """Record `stamp` in a translation, keeping everything else as it is."""
    text = read_text(path)
    line = f"{STAMP}: {stamp}"
    if path.suffix == ".md":
        if text.startswith("---\n"):
            end = text.find("\n---", 4)
            head = text[4:end]
            head = STAMP_LINE.sub(line, head) if STAMP_LINE.search(head) else head + "\n" + line
            text = "---\n" + head.strip("\n") + text[end:]
        else:
            text = f"---\n{line}\n---\n\n" + text
    elif STAMP_LINE.search(text):
        text = STAMP_LINE.sub(line, text, count=1)
    else:  # after the leading comments, so the yaml-language-server line stays first
        lines = text.split("\n")
        at = next((i for i, l in enumerate(lines) if not l.startswith("#")), len(lines))
        lines.insert(at, line)
        text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")


def _old_source(stamp: str) -> str | None:
    result = subprocess.run(["git", "cat-file", "blob", stamp], cwd=ROOT, capture_output=True)
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def diff_summary(source: Path, stamp: str) -> str:
    """'+3 −1 lines near: <heading or key>, …', or why there is no diff."""
    old = _old_source(stamp)
    if old is None:
        return "the source changed (its old version is not in this git clone)"
    new_lines = read_text(source).split("\n")
    old_lines = old.replace("\r\n", "\n").split("\n")
    added = removed = 0
    sections = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        added, removed = added + j2 - j1, removed + i2 - i1
        # the nearest heading (pages) or top-level key / id (data) above the change
        where = next((line for line in reversed(new_lines[:j1 + 1]) if MARKER.match(line)), "")
        name = re.sub(r"\s*\{[^}]*\}\s*$", "", where).strip("#:- \"")
        name = name if len(name) <= 50 else name[:49] + "…"
        if name and name not in sections:
            sections.append(name)
    text = f"+{added} −{removed} lines"
    return text + (f" near: {', '.join(sections[:4])}" if sections else "")


def status(languages: list[str]) -> list[Status]:
    """The state of every translation; a source or translation that is not UTF-8 text (or cannot be
    read) is a DataError listing every such file, with the fix."""
    result, problems = [], []
    for source in sources():
        try:
            raw = read_bytes(source)
            decode(raw, source)
        except DataError as err:
            problems.extend(err.problems)
            continue
        current = _blob(raw)
        for lang in languages:
            if lang == SOURCE_LANGUAGE:
                continue
            path = translation_path(source, lang)
            if not path.exists():
                if source not in OPTIONAL:
                    result.append(Status(source, path, lang, "missing"))
                continue
            try:
                stamp = read_stamp(path)
            except DataError as err:
                problems.extend(err.problems)
                continue
            if stamp is None:
                result.append(Status(source, path, lang, "unstamped"))
            elif stamp != current:
                result.append(Status(source, path, lang, "outdated", diff_summary(source, stamp)))
            else:
                result.append(Status(source, path, lang, "current"))
    if problems:
        raise DataError(problems)
    return result
