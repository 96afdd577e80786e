"""MkDocs hook: load and check curriculum/ + exercises/, then put the data into the pages.

Thin adapter: the work is in _course.py (load + validate) and _render.py (data -> fragments).
mkdocs-static-i18n runs every event once per language; the data is loaded once per process.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import _render as render
from _course import DOCS, LOCAL_DOCS, SOURCE_LANGUAGE, page_files
import yaml

from _data import DataError, Problem, read_text, rel
from mkdocs.plugins import event_priority

from _mkdocs import MODULE_PAGE, build_ended, build_started, course, fail, language, languages, load
from _slug import slugify

log = logging.getLogger("mkdocs.xaso.curriculum")

DIRECTIVE = re.compile(r"\{\{\s*(?P<name>[a-z_]+)(?:\.(?P<key>[a-z_]+))?(?:\s+(?P<arg>[A-Za-z0-9_-]+))?\s*\}\}")
SCHEME_LINK = re.compile(r"\]\((?P<scheme>term|legal|module):(?P<id>[^)\s]*)\)")
FENCE = re.compile(r"^\s*(```|~~~)")

_state = {"problems": [], "used_exercises": set()}


def on_config(config):
    langs = languages(config)
    unknown = [lang for lang in langs if not Path(DOCS.parent / "curriculum" / f"ui.{lang}.yml").exists()
               and lang != SOURCE_LANGUAGE]
    if unknown:
        fail([Problem("mkdocs.yml", None, f"language '{code}' has no curriculum/ui.{code}.yml",
                      f"copy curriculum/ui.yml to ui.{code}.yml and translate it, or fix the language code")
              for code in unknown])
    load(config)
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify
    config.nav = _expand_module_nav(config.nav)
    return config


def _expand_module_nav(nav):
    """The nav entry `modules/` becomes the module pages in course order (from modules.yml)."""
    if isinstance(nav, list):
        return [_expand_module_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {k: (_module_pages() if v == "modules/" else _expand_module_nav(v)) for k, v in nav.items()}
    return nav


def _module_pages():
    return [f"modules/{m['slug']}/index.md" for m in course().modules]


def on_pre_build(config):
    build_started()
    _state["problems"] = []
    _state["used_exercises"] = set()


def _front_matter_problems() -> list[Problem]:
    """Pages must be UTF-8 and their front matter valid YAML (MkDocs would skip it silently)."""
    problems = []
    for path in page_files():
        try:
            text = read_text(path)
        except DataError as err:
            problems.extend(err.problems)
            continue
        if not text.startswith("---\n"):
            continue
        end = text.find("\n---", 4)
        try:
            meta = yaml.safe_load(text[4:end if end > 0 else None])
            if meta is not None and not isinstance(meta, dict):
                raise yaml.YAMLError("front matter must be 'key: value' lines")
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 2 if mark else 2
            problems.append(Problem(rel(path), line, f"front matter is not valid YAML ({getattr(err, 'problem', err)})",
                                    "fix the lines between the two '---' at the top of the page, or remove them"))
    return problems


def on_files(files, config):
    """Every module has a page in every language, and every page under modules/ has a module."""
    problems = _front_matter_problems()
    slugs = {m["slug"]: m for m in course().modules}
    page_langs = {}
    for path in page_files():
        root = LOCAL_DOCS if path.is_relative_to(LOCAL_DOCS) else DOCS
        match = MODULE_PAGE.match(path.relative_to(root).as_posix())
        slug = path.parent.name
        if not match:
            continue
        lang = path.name.split(".")[1] if path.name.count(".") == 2 else SOURCE_LANGUAGE
        page_langs.setdefault(slug, set()).add(lang)
        if slug not in slugs:
            problems.append(Problem(rel(path), None, f"page has no module: '{slug}' is not a slug in curriculum/modules.yml",
                                    "add the module to curriculum/modules.yml, or fix the folder name"))
    for slug, module in slugs.items():
        for lang in course().languages:
            if lang not in page_langs.get(slug, set()) and lang not in course().partial:
                name = "index.md" if lang == SOURCE_LANGUAGE else f"index.{lang}.md"
                problems.append(Problem("curriculum/modules.yml", None,
                                        f"module {module['id']} has no {lang} page docs/modules/{slug}/{name}"
                                        " (or local/docs/modules/…)",
                                        "create the page (make new-module scaffolds it) or fix the slug"))
    if problems:
        fail(problems)
    return files


def _markdown_line_offset(page) -> int:
    source = read_text(Path(page.file.abs_src_path))
    return source.count("\n") - page.markdown.count("\n")


def on_page_markdown(markdown, page, config, files):
    lang = language(config)
    data = course()
    src = rel(page.file.abs_src_path)
    offset = _markdown_line_offset(page)
    problems = []
    if not markdown.strip():
        problems.append(Problem(src, None, "the page is empty", "write the page, or remove it and its nav entry"))
    match = MODULE_PAGE.match(page.file.src_uri)
    module = data.module_by_slug(match["slug"]) if match else None
    cited = []

    def line_of(pos):
        return markdown.count("\n", 0, pos) + 1 + offset

    def directive(m):
        name, key, arg = m["name"], m["key"], m["arg"]
        where = line_of(m.start())
        if name == "province":
            values = data.province[lang]
            if key in values:
                return render.esc(values[key])
            problems.append(Problem(src, where, f"unknown placeholder '{{{{ province.{key} }}}}'",
                                    "use one of: " + ", ".join(f"province.{k}" for k in values)))
        elif name == "course" and key in ("edition", "title", "subtitle"):
            return render.esc(data.course[lang][key])
        elif name == "exercise" and arg:
            exercise = data.exercises.get(arg)
            if exercise is None:
                problems.append(Problem(src, where, f"unknown exercise id '{arg}'",
                                        "use the id of a file in exercises/<module>/ (without .yml)"))
            elif module is None or exercise[SOURCE_LANGUAGE]["module"] != module["id"]:
                problems.append(Problem(src, where, f"exercise '{arg}' belongs to module {exercise[SOURCE_LANGUAGE]['module']}",
                                        "embed it on that module's page"))
            else:
                _state["used_exercises"].add(arg)
                text = with_province(exercise.get(lang, exercise[SOURCE_LANGUAGE]), data.exercise_files[arg].get(lang, data.exercise_files[arg][SOURCE_LANGUAGE]))
                return render.exercise_html(data, text, lang)
        elif name == "selfcheck" and module is not None:
            check = data.selfchecks.get(module["id"])
            if check:
                where_file = f"exercises/{module['id']}/selfcheck{'' if lang == SOURCE_LANGUAGE else '.' + lang}.yml"
                return render.selfcheck_html(data, with_province(check.get(lang, check[SOURCE_LANGUAGE]), where_file), lang)
            problems.append(Problem(src, where, f"module {module['id']} has no self-check",
                                    f"create exercises/{module['id']}/selfcheck.yml (and its translations)"))
        elif name == "module_list":
            return render.module_list(data, lang)
        elif name == "completion_rule":
            return render.completion_rule(data, lang)
        elif name == "legal_register":
            return render.legal_register(data, lang)
        elif name == "glossary":
            return render.glossary_page(data, lang)
        elif name == "progress":
            return render.progress_page(data, lang)
        elif name == "paths":
            return render.paths_page(data, lang)
        elif name == "schedule":
            return render.schedule_page(data, lang)
        elif name == "download":
            to_root = "../" * (page.file.src_uri.count("/") + (lang != SOURCE_LANGUAGE))
            return render.edition_download(data, lang, to_root)
        else:
            problems.append(Problem(src, where, f"unknown directive '{m.group(0)}'",
                                    "see the README's list of placeholders and directives"))
        return m.group(0)

    def with_province(value, file):
        """Province placeholders work inside exercise and self-check texts too."""
        if isinstance(value, dict):
            return {k: with_province(v, file) for k, v in value.items()}
        if isinstance(value, list):
            return [with_province(v, file) for v in value]
        if not isinstance(value, str):
            return value

        def replace(m):
            values = data.province[lang]
            if m["name"] == "province" and m["key"] in values:
                return values[m["key"]]
            problems.append(Problem(file, None, f"unknown placeholder '{m.group(0)}'",
                                    "only {{ province.<name> }} works here: " + ", ".join(values)))
            return m.group(0)

        return DIRECTIVE.sub(replace, value)

    def scheme_link(m):
        scheme, ref = m["scheme"], m["id"]
        where = line_of(m.start())
        depth = "../../" if module else "../" * page.file.src_uri.count("/")
        if scheme == "term":
            if ref in data.glossary:
                return f"]({depth}glossary.md#{ref} \"{render.esc(data.glossary[ref][lang]['definition'])}\")"
            problems.append(Problem(src, where, f"unknown glossary term '{ref}'",
                                    "use an id from curriculum/glossary.yml, or add the term there"))
        elif scheme == "legal":
            if ref in data.legal:
                cited.append(ref)
                return f"]({depth}legal.md#{ref})"
            problems.append(Problem(src, where, f"unknown legal id '{ref}'",
                                    "use an id from curriculum/legal.yml, or add the document there"))
        elif scheme == "module":
            target = data.module(ref)
            if target:
                return f"]({depth}modules/{target['slug']}/index.md)"
            problems.append(Problem(src, where, f"unknown module id '{ref}'", "use an id from curriculum/modules.yml"))
        return m.group(0)

    out, in_fence, pos = [], False, 0
    for raw in markdown.split("\n"):
        line = raw
        if FENCE.match(raw):
            in_fence = not in_fence
        elif not in_fence:
            line = DIRECTIVE.sub(lambda m: directive(_Shifted(m, pos)), line)
            line = SCHEME_LINK.sub(lambda m: scheme_link(_Shifted(m, pos)), line)
        out.append(line)
        pos += len(raw) + 1
    text = "\n".join(out)

    if module is not None:
        text = render.module_header(data, module, lang) + "\n" + text + "\n\n" + render.module_footer(data, module, lang, cited)
    _state["problems"].extend(problems)
    return text


class _Shifted:
    """A regex match whose start() counts from the start of the page, not of the line."""

    def __init__(self, match, offset):
        self._match, self._offset = match, offset

    def __getitem__(self, key):
        return self._match[key]

    def group(self, *args):
        return self._match.group(*args)

    def start(self):
        return self._match.start() + self._offset


def on_env(env, config, files):
    """All pages are read: stop now, before anything is written, if any page had a problem."""
    problems = list(_state["problems"])
    for ex_id in course().exercises:
        if ex_id not in _state["used_exercises"]:
            problems.append(Problem(course().exercise_files[ex_id][SOURCE_LANGUAGE], None,
                                    f"exercise '{ex_id}' is not used by any page",
                                    f"add {{{{ exercise {ex_id} }}}} to its module page, or delete the file"))
    if problems:
        fail(problems)
    return env


@event_priority(-300)  # after static-i18n's on_post_build (-100), which builds the other languages
def on_post_build(config):
    build_ended()


def on_build_error(error):
    build_ended(failed=True)
