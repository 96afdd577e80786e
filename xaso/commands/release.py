"""Start a new edition: `python -m xaso release 2026.2` (`make release EDITION=2026.2`).

- raises `edition` in curriculum/course.yml (a fork with local/course.yml: there);
- adds the new edition's changelog entry on top of curriculum/changelog.yml and of each language's
  changelog.<lang>.yml, as a skeleton to fill in (summary and changes);
- re-stamps the translations it touched (course.<lang>.yml, changelog.<lang>.yml), since it wrote
  their new texts itself.
Then write the changelog entry in every language, build, and `make publish`."""

from __future__ import annotations

import datetime
import re

from ..course import CURRICULUM, SOURCE_LANGUAGE, _overlay, translation_path
from ..data import read_text, read_texts, rel
from ..settings import languages, mkdocs_yml
from ..translations import blob_hash, write_stamp

SKELETON = {
    SOURCE_LANGUAGE: ('- edition: "{edition}"\n  date: {date}\n  summary: "Viết một câu tóm tắt ấn bản {edition}."\n'
                      '  changes:\n    - text: "Mô tả một thay đổi (thêm modules: [c2] nếu nó sửa một học phần)."\n'),
    "other": '"{edition}":\n  summary: "Write a one-sentence summary of edition {edition}."\n  changes:\n    - "Describe one change."\n',
}


def arguments(parser):
    parser.add_argument("edition", help='the new edition, YEAR.N, e.g. 2026.2')


def main(args) -> int:
    edition = args.edition
    if not re.fullmatch(r"[0-9]{4}\.[0-9]+", edition):
        print(f"{edition}: an edition is YEAR.N, e.g. 2026.2")
        return 2
    course = _overlay(CURRICULUM / "course.yml")
    text = read_text(course)
    current = re.search(r'^edition:\s*"?([0-9.]+)"?', text, re.M)
    if current is None:
        print(f"{rel(course)}: no `edition:` line — add edition: \"{edition}\"")
        return 2
    if tuple(map(int, edition.split("."))) <= tuple(map(int, current[1].split("."))):
        print(f"{rel(course)}: the edition is {current[1]}; give a later one than that")
        return 2
    langs = languages(mkdocs_yml())
    today = datetime.date.today().isoformat()
    changelog = _overlay(CURRICULUM / "changelog.yml")
    changelogs = [(lang, translation_path(changelog, lang)) for lang in langs if translation_path(changelog, lang).exists()]
    touched = [(path, changelog) for lang, path in changelogs if lang != SOURCE_LANGUAGE]
    touched += [(translation_path(course, lang), course) for lang in langs
                if lang != SOURCE_LANGUAGE and translation_path(course, lang).exists()]
    texts = read_texts([p for _, p in changelogs] + [t for t, _ in touched])   # every file read before any is written
    course.write_text(text[:current.start()] + f'edition: "{edition}"' + text[current.end():], encoding="utf-8")
    print(f"edition {current[1]} -> {edition} in {rel(course)}")
    for lang, path in changelogs:
        text = texts[path]
        entry = SKELETON.get(lang if lang == SOURCE_LANGUAGE else "other").format(edition=edition, date=today)
        first = re.search(r'^- edition:' if lang == SOURCE_LANGUAGE else r'^"', text, re.M)
        at = first.start() if first else len(text)
        path.write_text(text[:at] + entry + text[at:], encoding="utf-8")
        print(f"added   the {edition} entry to {rel(path)} — fill it in")
    for translation, source in touched:
        write_stamp(translation, blob_hash(source))
        print(f"stamped {rel(translation)} ← {rel(source)}")
    print("Next: write the changelog entry in every language, build, then `make publish`.")
    return 0
