"""Translation status, per language: `python -m xaso translations` (or `make translations`).

Lists, for every language in mkdocs.yml, the translated pages and data files that are missing,
and those whose source changed since they were translated, with a summary of the change.

After translating or updating a file, record the source version it was made from:
    python -m xaso translations --stamp docs/fork.en.md exercises/c1/c1-paper-to-digital.en.yml
    python -m xaso translations --stamp          (every outdated or unstamped translation)
(`make translations ARGS="--stamp docs/fork.en.md"`.)
"""

import argparse
import subprocess
import sys
from pathlib import Path

from ..data import rel
from ..paths import ROOT
from ..settings import languages, mkdocs_yml, partial_languages
from ..translations import blob_hash, read_stamp, status, write_stamp


def in_git(blob: str) -> bool:
    return subprocess.run(["git", "cat-file", "-e", blob], cwd=ROOT, capture_output=True).returncode == 0


def report(langs: list[str], partial: list[str]) -> int:
    found = status(langs)
    problems = 0
    for lang in [lang for lang in langs if any(s.lang == lang for s in found)]:
        mine = [s for s in found if s.lang == lang]
        counts = {state: sum(s.state == state for s in mine) for state in ("current", "outdated", "unstamped", "missing")}
        note = " (partial: missing files fall back to Vietnamese)" if lang in partial else ""
        print(f"{lang}: {counts['current']} current, {counts['outdated']} outdated, "
              f"{counts['unstamped']} without a source version, {counts['missing']} missing{note}")
        for s in mine:
            if s.state == "missing":
                print(f"  missing    {s.name}  (translate {rel(s.source)})")
            elif s.state == "unstamped":
                print(f"  no stamp   {s.name}  (after checking it, run: make translations ARGS=\"--stamp {s.name}\")")
            elif s.state == "outdated":
                current = blob_hash(s.source)
                old = read_stamp(s.translation)
                how = f"git diff {old[:10]} {current[:10]}" if in_git(current) else f"git diff {old[:10]} -- {rel(s.source)}"
                print(f"  outdated   {s.name}  {rel(s.source)} changed: {s.summary}  [{how}]")
        problems += counts["missing"] if lang not in partial else 0
    if not problems:
        print("No translation is missing." if found else "Only one language is configured.")
    return 0


def stamp(paths: list[str], langs: list[str]) -> int:
    """Stamp the given translations; without files, only those that are outdated or unstamped
    (a current translation keeps its stamp), saying what was done."""
    targets = {s.translation.resolve(): s for s in status(langs) if s.state != "missing"}
    chosen = [Path(p).resolve() for p in paths] if paths else [p for p, s in targets.items() if s.state != "current"]
    if not paths and not chosen:
        print("Nothing to stamp: every translation records its current source.")
        return 0
    for path in chosen:
        if path not in targets:
            print(f"{rel(path)}: not a translation of a known source file — give a path like docs/x.en.md",
                  file=sys.stderr)
            return 2
        write_stamp(path, blob_hash(targets[path].source))
        print(f"stamped {rel(path)} ← {rel(targets[path].source)}")
    return 0


def arguments(parser: argparse.ArgumentParser):
    parser.add_argument("--stamp", nargs="*", metavar="FILE",
                        help="record the current source version in these translations (without files: every outdated or unstamped one)")


def main(args) -> int:
    config = mkdocs_yml()
    langs = languages(config)
    if args.stamp is not None:
        return stamp(args.stamp, langs)
    return report(langs, partial_languages(config))
