"""Scaffold a module: `python -m xaso new-module <module-id>` (or `make new-module ID=e20`).

- Module in curriculum/modules.yml (upstream): pages go to docs/modules/<slug>/, the exercise
  stub to exercises/<id>/.
- Module in local/modules.yml, or in neither file (a province's own module): the entry is added
  to local/modules.yml (+ local/modules.<lang>.yml) if missing, pages go to
  local/docs/modules/<slug>/ and the exercise stub to local/exercises/<id>/, so a fork never
  edits upstream files.

Writes a page for every language in mkdocs.yml with the page anatomy's section headings, and an
exercise stub the page embeds. Never overwrites a file. The translations it writes together with
their source are stamped as made from it (`translations --stamp`), so a new module builds without warnings.
"""

import datetime
import re
import sys
from pathlib import Path

import yaml

from ..course import CURRICULUM, DOCS, EXERCISES, LOCAL, LOCAL_DOCS, SOURCE_LANGUAGE, translation_path
from ..data import load_yaml, read_text
from ..paths import ROOT
from ..settings import languages as configured_languages
from ..translations import blob_hash, read_stamp, write_stamp

STUB = {  # texts of a new module's data entry and exercise; English for every language but Vietnamese
    "vi": {"title": "Học phần mới của tỉnh", "promise": "Một câu nói người học làm được gì sau học phần.",
           "outcomes": ["Kết quả học tập thứ nhất.", "Kết quả học tập thứ hai."],
           "exercise": "Bài tập thực hành", "goal": "Nói rõ người học làm gì.", "you_need": ["Máy tính"],
           "steps": ["Bước thứ nhất.", "Bước thứ hai."], "safety": "Chỉ dùng dữ liệu giả định.",
           "evidence": "Cho giảng viên xem kết quả."},
    "other": {"title": "The province's new module", "promise": "One sentence on what learners can do afterwards.",
              "outcomes": ["First learning outcome.", "Second learning outcome."],
              "exercise": "Practice exercise", "goal": "Say what the learner does.", "you_need": ["A computer"],
              "steps": ["First step.", "Second step."], "safety": "Use fictional data only.",
              "evidence": "Show the result to the instructor."},
}


def stub(lang: str) -> dict:
    return STUB["vi" if lang == SOURCE_LANGUAGE else "other"]


def find_module(module_id: str) -> tuple[dict | None, bool]:
    """(entry, is_upstream)"""
    for path, upstream in ((CURRICULUM / "modules.yml", True), (LOCAL / "modules.yml", False)):
        if path.exists():
            for module in load_yaml(path).data or []:
                if module.get("id") == module_id:
                    return module, upstream
    return None, False


def _append(path: Path, text: str, header: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    old = read_text(path) if path.exists() else header
    path.write_text(old.rstrip("\n") + "\n" + text, encoding="utf-8")


def add_local_entry(module_id: str, langs: list[str], slug: str | None = None, titles: dict | None = None) -> dict:
    """A province's module that is in no data file yet: add a draft entry to local/modules.yml."""
    titles = titles or {}
    text = {**stub(SOURCE_LANGUAGE), **({"title": titles[SOURCE_LANGUAGE]} if titles.get(SOURCE_LANGUAGE) else {})}
    entry = {"id": module_id, "slug": slug or f"{module_id}-hoc-phan-moi", "kind": "elective", "hours": 2,
             "roles": ["all"], "digcomp": [1], "status": "draft",
             "last_verified": datetime.date.today().isoformat(),
             "title": text["title"], "promise": text["promise"], "outcomes": text["outcomes"]}
    _append(LOCAL / "modules.yml", yaml.safe_dump([entry], allow_unicode=True, sort_keys=False),
            "# yaml-language-server: $schema=../curriculum/schema/modules.schema.json\n"
            "# The province's own modules, after upstream's (same fields as curriculum/modules.yml).\n")
    print(f"added   {module_id} to local/modules.yml (status: draft) — fill in its promise, outcomes, hours, roles; "
          "set status: ready when it is")
    for lang in langs:
        if lang != SOURCE_LANGUAGE:
            texts = {k: stub(lang)[k] for k in ("title", "promise", "outcomes")}
            if titles.get(lang):
                texts["title"] = titles[lang]
            path = translation_path(LOCAL / "modules.yml", lang)
            _append(path, yaml.safe_dump({module_id: texts}, allow_unicode=True, sort_keys=False),
                    "# yaml-language-server: $schema=../curriculum/schema/modules.translation.schema.json\n")
            print(f"added   {module_id} to {path.relative_to(ROOT)}")
    return entry


def ui_words(lang: str) -> dict:
    path = translation_path(CURRICULUM / "ui.yml", lang)
    if not path.exists():
        sys.exit(f"{path.relative_to(ROOT)} is missing — copy curriculum/ui.yml and translate it first")
    return load_yaml(path).data


def page_text(ui: dict, exercise_id: str) -> str:
    parts = []
    for section_id, heading in ui["sections"].items():
        parts += [f"## {heading} {{ #{section_id} }}", "", ui["draft_stub"], ""]
        if section_id == "exercises":
            parts += [f"{{{{ exercise {exercise_id} }}}}", ""]
    return "\n".join(parts)


def exercise_text(module_id: str, exercise_id: str, lang: str) -> str:
    text = stub(lang)
    data = {"id": exercise_id, "module": module_id, "title": text["exercise"], "goal": text["goal"], "minutes": 20,
            "you_need": text["you_need"], "steps": [({"id": f"s{n}", "do": step} if lang == SOURCE_LANGUAGE else {"do": step})
                      for n, step in enumerate(text["steps"], start=1)],
            "safety": text["safety"], "evidence": text["evidence"]}
    return ("# yaml-language-server: $schema=../../curriculum/schema/exercise.schema.json\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def write_new(path: Path, text: str) -> bool:
    """Write a new file (True), or keep the one there (False)."""
    if path.exists():
        print(f"kept    {path.relative_to(ROOT)}")
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"created {path.relative_to(ROOT)}")
    return True


def arguments(parser):
    parser.add_argument("module_id", metavar="ID", help="the module's id, e.g. e20")
    parser.add_argument("--slug", help="the page folder, lower-case words without accents joined by hyphens "
                        "(e.g. e20-du-lich-so); default <id>-hoc-phan-moi")
    parser.add_argument("--title-vi", help="the module's Vietnamese title")
    parser.add_argument("--title-en", help="the module's English title")


def main(args) -> int:
    module_id = args.module_id
    langs = configured_languages()
    if args.slug and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.slug):
        print(f"--slug {args.slug}: use lower-case letters without accents, digits and hyphens, e.g. {module_id}-du-lich-so")
        return 2
    module, upstream = find_module(module_id)
    ui = {lang: ui_words(lang) for lang in langs}   # every file read before any is written
    local_modules = LOCAL / "modules.yml"
    # Translations this command writes in full are stamped as made from the source it writes with them;
    # local/modules.<lang>.yml only when it was current before (so an older gap stays reported).
    stamp = []
    if module is None:
        for lang in [lang for lang in langs if lang != SOURCE_LANGUAGE]:
            path = translation_path(local_modules, lang)
            if not path.exists() or (local_modules.exists() and read_stamp(path) == blob_hash(local_modules)):
                stamp.append((path, local_modules))
        module = add_local_entry(module_id, langs, args.slug, {"vi": args.title_vi, "en": args.title_en})
    docs, exercises = (DOCS, EXERCISES) if upstream else (LOCAL_DOCS, LOCAL / "exercises")
    exercise_id = f"{module_id}-practice"
    page = docs / "modules" / module["slug"] / "index.md"
    exercise = exercises / module_id / f"{exercise_id}.yml"
    created = set()
    for lang in langs:
        if write_new(translation_path(page, lang), page_text(ui[lang], exercise_id)):
            created.add((page, lang))
        if write_new(translation_path(exercise, lang), exercise_text(module_id, exercise_id, lang)):
            created.add((exercise, lang))
    stamp += [(translation_path(source, lang), source) for source, lang in sorted(created)
              if lang != SOURCE_LANGUAGE and (source, SOURCE_LANGUAGE) in created]
    for translation, source in stamp:
        write_stamp(translation, blob_hash(source))
        print(f"stamped {translation.relative_to(ROOT)} ← {source.relative_to(ROOT)}")
    print("Next: write the pages and the exercise, then build (XASO_PDF=0 .venv/bin/mkdocs build --strict).")
    return 0
