"""The course as data: curriculum/ + exercises/ (+ local/ of a province fork), loaded and checked.

`load_course(languages)` reads every data file once, validates it against its schema, checks the
references between files and returns a `Course`. All problems are collected and raised together.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from .data import ROOT, DataError, Problem, YamlDoc, load_checked, load_yaml, read_text, rel, validate
from .plans import check_paths, check_schedule
from .marks import strip_all
from .quiz import load_quizzes

CURRICULUM = ROOT / "curriculum"
EXERCISES = ROOT / "exercises"
LOCAL = ROOT / "local"
DOCS = ROOT / "docs"
LOCAL_DOCS = LOCAL / "docs"
SOURCE_LANGUAGE = "vi"
STAMP = "translated_from"   # key of a translation's record of its source version (see _translations.py)


@dataclass
class Course:
    languages: list[str]
    course: dict                      # language -> course.yml merged with its translation
    modules: list[dict]               # structure + "text": {lang: {title, promise, outcomes}}
    roles: dict                       # id -> {lang: {name, description}}
    legal: dict                       # id -> entry + "text": {lang: {...}}
    glossary: dict                    # id -> {lang: {term, definition, abbr}}
    province: dict                    # language -> {name: value}
    ui: dict                          # language -> words the hooks print
    exercises: dict = field(default_factory=dict)   # id -> {lang: exercise dict}
    selfchecks: dict = field(default_factory=dict)  # module id -> {lang: selfcheck dict}
    quizzes: dict = field(default_factory=dict)     # module id -> {lang: quiz dict} (xaso.quiz)
    quiz_files: dict = field(default_factory=dict)  # module id -> {lang: file}
    exercise_files: dict = field(default_factory=dict)  # id -> {lang: path}
    paths: list = field(default_factory=list)       # [{role, modules, notes, text: {lang: {why, notes}}}]
    schedule: dict = field(default_factory=dict)    # schedule.yml + "text": {lang: {title, intro, activities}}
    partial: frozenset = frozenset()  # languages allowed to fall back to Vietnamese

    @property
    def edition(self) -> str:
        return self.course[SOURCE_LANGUAGE]["edition"]

    def module(self, module_id: str) -> dict | None:
        return next((m for m in self.modules if m["id"] == module_id), None)

    def module_by_slug(self, slug: str) -> dict | None:
        return next((m for m in self.modules if m["slug"] == slug), None)


# The words a partial language's curriculum/ui.<lang>.yml must have (the others fall back to Vietnamese).
PARTIAL_UI_REQUIRED = ("fallback_notice",)


def translation_path(path: Path, lang: str) -> Path:
    """curriculum/modules.yml -> curriculum/modules.en.yml"""
    return path if lang == SOURCE_LANGUAGE else path.with_name(f"{path.stem}.{lang}{path.suffix}")


def _load(path: Path, schema: str, problems: list[Problem], optional: bool = False) -> YamlDoc | None:
    if not path.exists():
        if optional:
            return None
        problems.append(Problem(rel(path), None, "file is missing",
                                f"create it (schema: curriculum/schema/{schema})"))
        return None
    return load_checked(path, schema, problems)


def _check_ids(doc: YamlDoc, items: list[dict], problems: list[Problem]) -> dict:
    by_id = {}
    for index, item in enumerate(items):
        if item["id"] in by_id:
            problems.append(doc.problem((index, "id"), f"duplicate id '{item['id']}'",
                                        "give each entry its own id"))
        by_id[item["id"]] = item
    return by_id


def _translations(doc: YamlDoc, ids: list[str], lang: str, schema: str, problems: list[Problem],
                  partial: bool = False) -> dict:
    """Load `<name>.<lang>.yml` (id -> texts) and check it covers exactly the source ids.

    A partial language (mkdocs.yml `extra.translation_fallback`) may lack the file or some ids:
    those texts stay Vietnamese."""
    path = translation_path(doc.path, lang)
    if not path.exists() and not partial:
        problems.append(Problem(rel(path), None, f"missing {lang} translation of {doc.name}",
                                f"translate it (schema: curriculum/schema/{schema}), or list '{lang}' in "
                                "mkdocs.yml extra.translation_fallback to show the Vietnamese texts meanwhile"))
        return {}
    tdoc = _load(path, schema, problems, optional=partial)
    if tdoc is None:
        return {}
    data = {k: v for k, v in (tdoc.data or {}).items() if k != STAMP}
    for missing in [i for i in ids if i not in data and not partial]:
        problems.append(Problem(tdoc.name, None, f"no {lang} translation for '{missing}'",
                                f"add '{missing}:' with its translated texts (see {doc.name})"))
    for extra in [i for i in data if i not in ids]:
        problems.append(tdoc.problem((extra,), f"'{extra}' is not an id in {doc.name}",
                                     "remove it or fix the id"))
    return data


def _check_date(doc: YamlDoc, path: tuple, value, problems: list[Problem]):
    try:
        date = datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.append(doc.problem(path, f"'{value}' is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-24"))
        return
    if date > datetime.date.today():
        problems.append(doc.problem(path, f"last_verified {value} is in the future",
                                    "write the date you actually checked the facts"))


def local_doc_files() -> dict[str, Path]:
    """A province's pages and images: path as it would be under docs/ -> file in local/docs/."""
    if not LOCAL_DOCS.is_dir():
        return {}
    return {p.relative_to(LOCAL_DOCS).as_posix(): p for p in sorted(LOCAL_DOCS.rglob("*")) if p.is_file()}


def page_files() -> list[Path]:
    """Every Markdown page the site is built from: docs/ minus what local/docs/ replaces, plus local/docs/."""
    local = local_doc_files()
    upstream = [p for p in sorted(DOCS.rglob("*.md")) if p.relative_to(DOCS).as_posix() not in local]
    return upstream + [p for uri, p in local.items() if uri.endswith(".md")]


def module_source(module_id: str) -> tuple[str, int | None]:
    """(file, line) where a module is declared: a fork's local/modules.yml, else curriculum/modules.yml,
    so a message about a fork's own module names the file the fork edits."""
    for path in (LOCAL / "modules.yml", CURRICULUM / "modules.yml"):
        if path.exists():
            try:
                lines = read_text(path).split("\n")
            except DataError:
                continue   # reported by the loader with its fix
            for number, line in enumerate(lines, start=1):
                if re.match(rf"^-\s+id:\s*['\"]?{re.escape(module_id)}['\"]?\s*$", line):
                    return rel(path), number
    return "curriculum/modules.yml", None


def _overlay(base: Path) -> Path:
    """A province's file in local/ replaces the upstream one of the same name, if present."""
    local = LOCAL / base.relative_to(CURRICULUM) if base.is_relative_to(CURRICULUM) else None
    return local if local is not None and local.exists() else base


def load_course(languages: list[str], partial=()) -> Course:
    """`partial`: languages that may build with missing translations (shown in Vietnamese)."""
    problems: list[Problem] = []
    others = [lang for lang in languages if lang != SOURCE_LANGUAGE]
    partial = frozenset(partial)

    course_doc = _load(_overlay(CURRICULUM / "course.yml"), "course.schema.json", problems)
    course = {}
    if course_doc:
        course[SOURCE_LANGUAGE] = dict(course_doc.data)
        for lang in others:
            tdoc = _load(translation_path(course_doc.path, lang), "course.translation.schema.json", problems,
                         optional=lang in partial)
            texts = {k: v for k, v in (tdoc.data if tdoc else {}).items() if k != STAMP}
            course[lang] = {**course_doc.data, **texts}

    roles = {}
    roles_doc = _load(CURRICULUM / "roles.yml", "roles.schema.json", problems)
    if roles_doc:
        by_id = _check_ids(roles_doc, roles_doc.data, problems)
        texts = {lang: _translations(roles_doc, list(by_id), lang, "roles.translation.schema.json", problems,
                                  lang in partial)
                 for lang in others}
        for role_id, role in by_id.items():
            roles[role_id] = {SOURCE_LANGUAGE: role, **{lang: texts[lang].get(role_id, role) for lang in others}}

    legal = {}
    legal_doc = _load(CURRICULUM / "legal.yml", "legal.schema.json", problems)
    if legal_doc:
        by_id = _check_ids(legal_doc, legal_doc.data, problems)
        texts = {lang: _translations(legal_doc, list(by_id), lang, "legal.translation.schema.json", problems,
                                  lang in partial)
                 for lang in others}
        for index, entry in enumerate(legal_doc.data):
            _check_date(legal_doc, (index, "last_verified"), entry["last_verified"], problems)
            for key in ("replaces", "replaced_by", "amended_by"):
                for ref in entry.get(key, []):
                    if ref not in by_id:
                        problems.append(legal_doc.problem((index, key), f"unknown legal id '{ref}'",
                                                          "add it to curriculum/legal.yml or fix the id"))
        for legal_id, entry in by_id.items():
            legal[legal_id] = {**entry, "text": {SOURCE_LANGUAGE: entry,
                                                 **{lang: {**entry, **texts[lang].get(legal_id, {})} for lang in others}}}

    glossary = {}
    glossary_doc = _load(CURRICULUM / "glossary.yml", "glossary.schema.json", problems)
    if glossary_doc:
        by_id = _check_ids(glossary_doc, glossary_doc.data, problems)
        texts = {lang: _translations(glossary_doc, list(by_id), lang, "glossary.translation.schema.json", problems,
                                  lang in partial)
                 for lang in others}
        for term_id, term in by_id.items():
            glossary[term_id] = {SOURCE_LANGUAGE: term, **{lang: texts[lang].get(term_id, term) for lang in others}}

    province = {}
    for lang in languages:
        values = {}
        # The province's own values beat the generic defaults even before they are translated
        # (a hotline or a URL is the same in every language).
        defaults = translation_path(CURRICULUM / "province.defaults.yml", lang)
        if lang in partial and not defaults.exists():
            defaults = CURRICULUM / "province.defaults.yml"
        for path in dict.fromkeys((defaults, LOCAL / "province.yml", translation_path(LOCAL / "province.yml", lang))):
            if path.exists() or path.parent == CURRICULUM:
                doc = _load(path, "province.schema.json", problems)
                values.update({k: v for k, v in ((doc.data or {}) if doc else {}).items() if k != STAMP})
        province[lang] = values

    ui = {}
    for lang in languages:
        # A partial language's ui.<lang>.yml may hold only some words (at least the notice that a page
        # is not translated yet); the others are the Vietnamese ones.
        path = translation_path(CURRICULUM / "ui.yml", lang)
        if lang in partial and lang != SOURCE_LANGUAGE and path.exists():
            doc = load_checked(path, "ui.schema.json", problems, required=PARTIAL_UI_REQUIRED)
        else:
            doc = _load(path, "ui.schema.json", problems)
        ui[lang] = doc.data if doc else {}
    for lang in partial:
        if lang in ui and lang != SOURCE_LANGUAGE:
            ui[lang] = {**ui.get(SOURCE_LANGUAGE, {}), **ui[lang]}

    modules = []
    modules_doc = _load(CURRICULUM / "modules.yml", "modules.schema.json", problems)
    if modules_doc:
        # A province's own modules (local/modules.yml, texts in local/modules.<lang>.yml) follow upstream's.
        docs = [modules_doc]
        if (LOCAL / "modules.yml").exists():
            local_doc = _load(LOCAL / "modules.yml", "modules.schema.json", problems)
            docs += [local_doc] if local_doc and local_doc.data else []
        entries = [(doc, index, module) for doc in docs for index, module in enumerate(doc.data)]
        modules = [module for _, _, module in entries]
        by_id = {}
        for doc, index, module in entries:   # each problem names the file the module is in (a fork's: local/)
            if module["id"] in by_id:
                problems.append(doc.problem((index, "id"), f"duplicate id '{module['id']}'",
                                            "give each module its own id" + (" (upstream's are in curriculum/modules.yml: "
                                            "rename the province's module)" if doc is not modules_doc else "")))
            by_id[module["id"]] = module
        slugs = {}
        texts = {lang: {} for lang in others}
        for doc in docs:
            ids = [m["id"] for m in doc.data]
            for lang in others:
                texts[lang].update(_translations(doc, ids, lang, "modules.translation.schema.json", problems,
                                                 lang in partial))
        for modules_doc, index, module in entries:
            where = (index,)
            if module["slug"] in slugs:
                problems.append(modules_doc.problem(where + ("slug",), f"duplicate slug '{module['slug']}'",
                                                    "give each module its own slug"))
            slugs[module["slug"]] = module
            if not module["slug"].startswith(module["id"] + "-"):
                problems.append(modules_doc.problem(where + ("slug",), f"slug '{module['slug']}' must start with '{module['id']}-'",
                                                    f"rename it, e.g. {module['id']}-{module['slug']}"))
            for role in module["roles"]:
                if role not in roles:
                    problems.append(modules_doc.problem(where + ("roles",), f"unknown role '{role}' in module {module['id']}",
                                                        "use one of: " + ", ".join(roles)))
            for ref in module.get("legal", []):
                if ref not in legal:
                    problems.append(modules_doc.problem(where + ("legal",), f"unknown legal id '{ref}' in module {module['id']}",
                                                        "add it to curriculum/legal.yml or fix the id"))
            for pre in module.get("prerequisites", []):
                if pre not in by_id:
                    problems.append(modules_doc.problem(where + ("prerequisites",), f"unknown prerequisite '{pre}' in module {module['id']}",
                                                        "use a module id from this file"))
            _check_date(modules_doc, where + ("last_verified",), module["last_verified"], problems)
            module["text"] = {SOURCE_LANGUAGE: {k: module[k] for k in ("title", "promise", "outcomes", "key_points") if k in module}}
            for lang in others:
                module["text"][lang] = texts[lang].get(module["id"], module["text"][SOURCE_LANGUAGE])
        problems.extend(_prerequisite_cycles(entries))

    paths, schedule = [], {}
    if modules_doc and course_doc and roles_doc and not problems:
        paths, schedule = _load_plans(course_doc, {m["id"]: m for m in modules}, roles, others, partial, problems)

    if problems:
        raise DataError(problems)
    # Editor marks (<!-- verify: … -->) never reach learners (xaso.verification).
    course, modules, legal, glossary = strip_all(course), strip_all(modules), strip_all(legal), strip_all(glossary)
    course_obj = Course(languages, course, modules, roles, legal, glossary, province, ui,
                        paths=paths, schedule=schedule, partial=partial)
    _load_exercises(course_obj, problems)
    if problems:
        raise DataError(problems)
    course_obj.exercises = strip_all(course_obj.exercises)
    course_obj.selfchecks = strip_all(course_obj.selfchecks)
    course_obj.quizzes = strip_all(course_obj.quizzes)
    return course_obj


def _load_plans(course_doc: YamlDoc, modules: dict, roles: dict, others: list[str], partial: frozenset,
                problems: list[Problem]):
    """Learning paths and the 5-day class; a province may replace either in local/. A partial language
    may lack their translations (its pages then show the Vietnamese texts)."""
    paths, schedule = [], {}
    paths_doc = _load(_overlay(CURRICULUM / "paths.yml"), "paths.schema.json", problems)
    if paths_doc:
        texts = {lang: _load(translation_path(paths_doc.path, lang), "paths.translation.schema.json", problems,
                             optional=lang in partial) for lang in others}
        texts = {lang: doc for lang, doc in texts.items() if doc is not None}
        for doc in texts.values():
            doc.data = {k: v for k, v in (doc.data or {}).items() if k != STAMP}
        strict = {lang: doc for lang, doc in texts.items() if lang not in partial}
        problems.extend(check_paths(paths_doc, strict, modules, roles, course_doc.data["completion"], course_doc.name))
        for path in paths_doc.data:
            text = {SOURCE_LANGUAGE: {"why": path["why"], "notes": path["notes"]}}
            for lang in others:
                text[lang] = (texts[lang].data or {}).get(path["role"], text[SOURCE_LANGUAGE]) if lang in texts else text[SOURCE_LANGUAGE]
            paths.append({**path, "text": text})
    schedule_doc = _load(_overlay(CURRICULUM / "schedule.yml"), "schedule.schema.json", problems)
    if schedule_doc:
        texts = {lang: _load(translation_path(schedule_doc.path, lang), "schedule.translation.schema.json", problems,
                             optional=lang in partial) for lang in others}
        texts = {lang: doc for lang, doc in texts.items() if doc is not None}
        problems.extend(check_schedule(schedule_doc, {lang: doc for lang, doc in texts.items() if lang not in partial},
                                       modules, roles))
        data = schedule_doc.data
        source = {"title": data["title"], "intro": data["intro"],
                  "activities": {a["id"]: a["name"] for a in data["activities"]}}
        schedule = {**data, "text": {SOURCE_LANGUAGE: source,
                                     **{lang: texts[lang].data if lang in texts else source for lang in others}}}
    return paths, schedule


def _prerequisite_cycles(entries: list[tuple]) -> list[Problem]:
    """entries: (doc, index in doc, module) of every module, upstream's and a fork's."""
    where = {module["id"]: (doc, index) for doc, index, module in entries}
    graph = {m["id"]: m.get("prerequisites", []) for _, _, m in entries}
    problems, state = [], {}

    def visit(node, trail):
        if state.get(node) == "done" or node not in graph:
            return
        if state.get(node) == "active":
            cycle = trail[trail.index(node):] + [node]
            doc, index = where[node]
            problems.append(doc.problem((index, "prerequisites"), "prerequisite cycle: " + " → ".join(cycle),
                                        "remove one of these prerequisites"))
            return
        state[node] = "active"
        for pre in graph[node]:
            visit(pre, trail + [node])
        state[node] = "done"

    for module_id in graph:
        visit(module_id, [])
    return problems


def _load_exercises(course: Course, problems: list[Problem]):
    """exercises/<module>/<id>.yml (+ .<lang>.yml), exercises/<module>/selfcheck.yml and quiz.yml."""
    module_ids = {m["id"] for m in course.modules}
    roots = [EXERCISES] + ([LOCAL / "exercises"] if (LOCAL / "exercises").exists() else [])
    for stray in sorted(p for root in roots for p in root.glob("*.yml")):
        problems.append(Problem(rel(stray), None, "exercise file is not in a module folder",
                                f"move it to {rel(stray.parent)}/<module id>/{stray.name}"))
    sources = sorted(p for root in roots for p in root.glob("*/*.yml")
                     if not any(p.name.endswith(f".{lang}.yml") for lang in course.languages))
    quizzes = [p for p in sources if p.stem == "quiz"]
    sources = [p for p in sources if p.stem != "quiz"]
    course.quizzes, course.quiz_files = load_quizzes(quizzes, {m["id"]: m for m in course.modules}, course.languages,
                                                     course.partial, problems)
    for source in sources:
        is_selfcheck = source.stem == "selfcheck"
        schema = "selfcheck.schema.json" if is_selfcheck else "exercise.schema.json"
        per_lang = {}
        for lang in course.languages:
            path = translation_path(source, lang)
            if not path.exists() and lang in course.partial:
                continue
            if not path.exists():
                problems.append(Problem(rel(path), None, f"missing {lang} translation of {rel(source)}",
                                        f"copy {source.name} to {path.name} and translate it"))
                continue
            doc = _load(path, schema, problems)
            if doc is not None:
                per_lang[lang] = doc
        if SOURCE_LANGUAGE not in per_lang:
            continue
        src = per_lang[SOURCE_LANGUAGE]
        for lang in course.partial:   # not translated yet: the Vietnamese text stands in
            per_lang.setdefault(lang, src)
        module_id = src.data["module"]
        if module_id not in module_ids:
            problems.append(src.problem(("module",), f"unknown module '{module_id}'", "use a module id from curriculum/modules.yml"))
        if source.parent.name != module_id:
            problems.append(src.problem(("module",), f"file is in folder '{source.parent.name}' but says module '{module_id}'",
                                        f"move it to exercises/{module_id}/ or fix `module`"))
        if is_selfcheck:
            counts = {lang: len(doc.data["questions"]) for lang, doc in per_lang.items()}
            if len(set(counts.values())) > 1:
                problems.append(Problem(src.name, None, f"question counts differ between languages: {counts}",
                                        "translate every question, no more and no fewer"))
            course.selfchecks[module_id] = {lang: doc.data for lang, doc in per_lang.items()}
            continue
        ex_id = src.data["id"]
        if source.stem != ex_id:
            problems.append(src.problem(("id",), f"id '{ex_id}' does not match the file name '{source.stem}'",
                                        f"rename the file to {ex_id}.yml or fix the id"))
        if ex_id in course.exercises:
            problems.append(src.problem(("id",), f"duplicate exercise id '{ex_id}'", "give each exercise its own id"))
        step_ids = [step.get("id") for step in src.data["steps"]]
        for index, step_id in enumerate(step_ids):
            if step_id is None:
                problems.append(src.problem(("steps", index), f"step {index + 1} has no id",
                                            "add `id:` before `do:`, an id of its own such as "
                                            f"s{max([int(i[1:]) for i in step_ids if i and i[1:].isdigit()] or [0]) + 1} "
                                            "(learners' ticks are kept by it: never reuse the id of a removed step)"))
            elif step_ids.index(step_id) != index:
                problems.append(src.problem(("steps", index, "id"), f"step id '{step_id}' is used twice",
                                            "give each step its own id; learners' ticks are kept by it"))
        for lang, doc in per_lang.items():
            if doc is not src:   # translations follow the source's order; the ids come from the source
                for step, step_id in zip(doc.data["steps"], step_ids):
                    step.setdefault("id", step_id)
            if doc.data["id"] != ex_id:
                problems.append(doc.problem(("id",), f"id '{doc.data['id']}' differs from the source's '{ex_id}'",
                                            "use the same id in every language"))
            if len(doc.data["steps"]) != len(src.data["steps"]):
                problems.append(doc.problem(("steps",), f"{len(doc.data['steps'])} steps, but the source has {len(src.data['steps'])}",
                                            "translate every step, no more and no fewer"))
        course.exercises[ex_id] = {lang: doc.data for lang, doc in per_lang.items()}
        course.exercise_files[ex_id] = {lang: rel(doc.path) for lang, doc in per_lang.items()}
