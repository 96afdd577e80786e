"""Fill a page's Markdown: directives (`{{ exercise c2-x }}`, `{{ selfcheck }}` …), province
placeholders and scheme links (`term:`, `legal:`, `module:`), plus the module header and footer.

Both kinds are dispatched from a table (DIRECTIVES, SCHEMES: name -> handler), so adding one is one
entry. A handler returns the replacement text, or None: after reporting what is wrong (an unknown exercise
id …), or, silently, when it does not apply (then the page gets "unknown directive"). Problems are collected as `file:line: problem — fix`, never raised one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import yaml

from . import diagrams, learner, pack, render
from .course import SOURCE_LANGUAGE, Course
from .data import DataError, Problem, read_text, rel
from .marks import strip as strip_marks
from .paths import ROOT

DIRECTIVE = re.compile(r"\{\{\s*(?P<name>[a-z_]+)(?:\.(?P<key>[a-z_]+))?(?:\s+(?P<arg>[A-Za-z0-9_-]+))?\s*\}\}")
SCHEME_LINK = re.compile(r"\]\((?P<scheme>term|legal|module):(?P<id>[^)\s]*)\)")
FENCE = re.compile(r"^\s*(```|~~~)")
MODULE_PAGE = re.compile(r"^modules/(?P<slug>[^/]+)/index(?:\.[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,4})*)?\.md$")


@dataclass
class Page:
    """One page being filled: what the handlers may read, and what they report back."""
    data: Course
    lang: str
    src: str             # the source file, for messages (e.g. docs/modules/c2-…/index.md)
    src_uri: str         # the page's path in the site's docs (e.g. modules/c2-…/index.md)
    line_offset: int = 0  # lines of front matter before the Markdown MkDocs hands over
    module: dict | None = None
    problems: list[Problem] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    used_exercises: set[str] = field(default_factory=set)
    used_quiz: bool = False
    assets: dict[str, str] = field(default_factory=dict)   # files to write beside the built page (diagrams)

    def problem(self, line, message, fix):
        self.problems.append(Problem(self.src, line, message, fix))

    @property
    def to_root(self) -> str:
        """From this page to the docs root (module pages are two folders down)."""
        return "../../" if self.module else "../" * self.src_uri.count("/")


def module_of(data: Course, src_uri: str) -> dict | None:
    match = MODULE_PAGE.match(src_uri)
    return data.module_by_slug(match["slug"]) if match else None


# ---- directives: {{ name[.key] [arg] }} -----------------------------------------------------------

def _province(page: Page, key, arg, line):
    values = page.data.province[page.lang]
    if key in values:
        return render.esc(values[key])
    page.problem(line, f"unknown placeholder '{{{{ province.{key} }}}}'",
                 "use one of: " + ", ".join(f"province.{k}" for k in values))
    return None


def _course(page: Page, key, arg, line):
    return render.esc(page.data.course[page.lang][key]) if key in ("edition", "title", "subtitle") else None


def _exercise(page: Page, key, arg, line):
    if not arg:
        return None
    data = page.data
    exercise = data.exercises.get(arg)
    if exercise is None:
        page.problem(line, f"unknown exercise id '{arg}'", "use the id of a file in exercises/<module>/ (without .yml)")
    elif page.module is None or exercise[SOURCE_LANGUAGE]["module"] != page.module["id"]:
        page.problem(line, f"exercise '{arg}' belongs to module {exercise[SOURCE_LANGUAGE]['module']}",
                     "embed it on that module's page")
    else:
        page.used_exercises.add(arg)
        files = data.exercise_files[arg]
        text = with_province(page, exercise.get(page.lang, exercise[SOURCE_LANGUAGE]),
                             files.get(page.lang, files[SOURCE_LANGUAGE]))
        return render.exercise_html(data, text, page.lang)
    return None


def _selfcheck(page: Page, key, arg, line):
    if page.module is None:
        return None
    module_id = page.module["id"]
    check = page.data.selfchecks.get(module_id)
    if check:
        where = f"exercises/{module_id}/selfcheck{'' if page.lang == SOURCE_LANGUAGE else '.' + page.lang}.yml"
        return render.selfcheck_html(page.data, with_province(page, check.get(page.lang, check[SOURCE_LANGUAGE]), where),
                                     page.lang)
    page.problem(line, f"module {module_id} has no self-check",
                 f"create exercises/{module_id}/selfcheck.yml (and its translations)")
    return None


def _quiz(page: Page, key, arg, line):
    if page.module is None:
        return None
    module_id = page.module["id"]
    quiz = page.data.quizzes.get(module_id)
    if quiz is None:
        page.problem(line, f"module {module_id} has no quiz",
                     f"write exercises/{module_id}/quiz.yml (and its translations; see curriculum/schema/quiz.schema.json)")
        return None
    page.used_quiz = True
    where = page.data.quiz_files[module_id].get(page.lang, page.data.quiz_files[module_id][SOURCE_LANGUAGE])
    return learner.quiz_html(page.data, with_province(page, quiz.get(page.lang, quiz[SOURCE_LANGUAGE]), where), page.lang)


def _diagram(page: Page, key, arg, line):
    if not arg:
        return None
    folder = (ROOT / page.src).parent
    path = diagrams.source_path(folder, arg, page.lang, SOURCE_LANGUAGE)
    if not path.exists() and (page.lang in page.data.partial or page.lang == SOURCE_LANGUAGE):
        path = diagrams.source_path(folder, arg, SOURCE_LANGUAGE, SOURCE_LANGUAGE)
    if not path.exists():
        page.problem(line, f"no diagram '{arg}': {rel(path)} is missing",
                     f"write it in Graphviz DOT (see {rel(diagrams.source_path(folder, arg, SOURCE_LANGUAGE))})")
        return None
    picture, problems = diagrams.render(path)
    page.problems.extend(problems)
    if picture is None:
        return None
    page.assets[f"{arg}.svg"] = picture["svg"]
    return diagrams.figure_html(arg, picture)


def _generated(function: Callable[[Course, str], str]):
    """A directive that is a whole generated list: module_list, glossary, paths …"""
    return lambda page, key, arg, line: function(page.data, page.lang)


def _download(page: Page, key, arg, line):
    to_root = "../" * (page.src_uri.count("/") + (page.lang != SOURCE_LANGUAGE))
    return render.edition_download(page.data, page.lang, to_root)


DIRECTIVES: dict[str, Callable] = {
    "province": _province,
    "course": _course,
    "exercise": _exercise,
    "selfcheck": _selfcheck,
    "module_list": _generated(render.module_list),
    "completion_rule": _generated(render.completion_rule),
    "legal_register": _generated(render.legal_register),
    "glossary": _generated(render.glossary_page),
    "quiz": _quiz,
    "diagram": _diagram,
    "progress": _generated(learner.progress_page),
    "rollup": _generated(learner.rollup_page),
    "paths": _generated(render.paths_page),
    "schedule": _generated(render.schedule_page),
    "instructor_pack": _generated(pack.pack_list),
    "download": _download,
}


def with_province(page: Page, value, file: str):
    """Province placeholders work inside exercise and self-check texts too."""
    if isinstance(value, dict):
        return {k: with_province(page, v, file) for k, v in value.items()}
    if isinstance(value, list):
        return [with_province(page, v, file) for v in value]
    if not isinstance(value, str):
        return value
    values = page.data.province[page.lang]

    def replace(m):
        if m["name"] == "province" and m["key"] in values:
            return values[m["key"]]
        page.problems.append(Problem(file, None, f"unknown placeholder '{m.group(0)}'",
                                     "only {{ province.<name> }} works here: " + ", ".join(values)))
        return m.group(0)

    return DIRECTIVE.sub(replace, value)


# ---- scheme links: [text](scheme:id) --------------------------------------------------------------

def _term(page: Page, ref, line):
    if ref in page.data.glossary:
        return f"]({page.to_root}glossary.md#{ref} \"{render.esc(page.data.glossary[ref][page.lang]['definition'])}\")"
    page.problem(line, f"unknown glossary term '{ref}'", "use an id from curriculum/glossary.yml, or add the term there")
    return None


def _legal(page: Page, ref, line):
    if ref in page.data.legal:
        page.cited.append(ref)
        return f"]({page.to_root}legal.md#{ref})"
    page.problem(line, f"unknown legal id '{ref}'", "use an id from curriculum/legal.yml, or add the document there")
    return None


def _module(page: Page, ref, line):
    target = page.data.module(ref)
    if target:
        return f"]({page.to_root}modules/{target['slug']}/index.md)"
    page.problem(line, f"unknown module id '{ref}'", "use an id from curriculum/modules.yml")
    return None


SCHEMES: dict[str, Callable] = {"term": _term, "legal": _legal, "module": _module}


INSTRUCTOR_HEADING = re.compile(r"^##[^\n]*\{\s*#instructor\s*\}[^\n]*$", re.M)


def guide_button(page: Page) -> str:
    """The instructor's PDFs (xaso.handouts, xaso.pack): guide, summary card, slides, at the top of
    the page's instructor section."""
    return pack.instructor_buttons(page.data, page.module, page.lang)


# ---- the page -------------------------------------------------------------------------------------

def fill(page: Page, markdown: str) -> str:
    """The page's Markdown with every directive and scheme link replaced (outside code fences), and a
    module page's header and footer around it. Problems are left in page.problems."""
    if not markdown.strip():
        page.problem(None, "the page is empty", "write the page, or remove it and its nav entry")
    markdown = strip_marks(markdown)   # editor marks (<!-- verify: … -->) never reach learners

    def directive(m, line):
        handler, reported = DIRECTIVES.get(m["name"]), len(page.problems)
        result = handler(page, m["key"], m["arg"], line) if handler else None
        if result is not None:
            return result
        if len(page.problems) == reported:  # the handler did not say what is wrong: the name is
            page.problem(line, f"unknown directive '{m.group(0)}'", "see the README's list of placeholders and directives")
        return m.group(0)

    def scheme_link(m, line):
        result = SCHEMES[m["scheme"]](page, m["id"], line)
        return m.group(0) if result is None else result

    out, in_fence = [], False
    for number, raw in enumerate(markdown.split("\n"), start=1 + page.line_offset):
        line = raw
        if FENCE.match(raw):
            in_fence = not in_fence
        elif not in_fence:
            line = DIRECTIVE.sub(lambda m: directive(m, number), line)
            line = SCHEME_LINK.sub(lambda m: scheme_link(m, number), line)
        out.append(line)
    text = "\n".join(out)
    if page.module is not None:
        text = INSTRUCTOR_HEADING.sub(lambda m: m.group(0) + "\n\n" + guide_button(page) + "\n", text, count=1)
        text = (render.module_header(page.data, page.module, page.lang) + "\n" + text + "\n\n"
                + render.module_footer(page.data, page.module, page.lang, page.cited))
    return text


def front_matter_problems(paths) -> list[Problem]:
    """Pages must be UTF-8 and their front matter valid YAML (MkDocs would skip it silently)."""
    problems = []
    for path in paths:
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
