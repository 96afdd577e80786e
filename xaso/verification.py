"""Editor marks: a fact not yet confirmed by a public source is written as
`<!-- verify: what to check, and where -->` right after the sentence (in a page or inside a YAML
text). Learners never see it: the build removes every mark from pages, data texts and PDFs. Editors
see them all with `python -m xaso verification` (`make verification`), with file and line, plus the
legal register entries flagged `verify: true`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .course import CURRICULUM, DOCS, EXERCISES, LOCAL, page_files
from .data import DataError, read_text, rel
from .marks import MARK, LEARNER_VISIBLE_NOTES, strip, strip_all  # noqa: F401

@dataclass(frozen=True)
class Mark:
    file: str
    line: int
    note: str

    def __str__(self):
        return f"{self.file}:{self.line}: {self.note}"


def _source_files() -> list[Path]:
    data = [p for root in (CURRICULUM, EXERCISES, LOCAL) if root.exists() for p in sorted(root.rglob("*.yml"))]
    return sorted(set(page_files()) | set(data))


def marks() -> list[Mark]:
    """Every editor mark in the sources, in file order; a file that cannot be read as UTF-8 text
    is a DataError listing every such file, with the fix."""
    found, problems = [], []
    for path in _source_files():
        try:
            text = read_text(path)
        except DataError as err:
            problems.extend(err.problems)
            continue
        for match in MARK.finditer(text):
            note = " ".join(match["note"].split())
            found.append(Mark(rel(path), text.count("\n", 0, match.start()) + 1, note))
    if problems:
        raise DataError(problems)
    return found


def flagged_legal(legal: dict) -> list[str]:
    return [entry_id for entry_id, entry in legal.items() if entry.get("verify")]


def report(legal: dict) -> str:
    found = marks()
    by_file: dict[str, int] = {}
    for mark in found:
        by_file[mark.file] = by_file.get(mark.file, 0) + 1
    lines = [f"{len(found)} editor marks (<!-- verify: … -->) in {len(by_file)} files; "
             f"{len(flagged_legal(legal))} legal register entries flagged verify: true.", ""]
    lines += [str(mark) for mark in found]
    if flagged_legal(legal):
        lines += ["", "curriculum/legal.yml, verify: true: " + ", ".join(flagged_legal(legal))]
    return "\n".join(lines) + "\n"
