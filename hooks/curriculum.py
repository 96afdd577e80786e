"""MkDocs hook: load and check curriculum/ + exercises/, then put the data into the pages.

Thin adapter: loading and checks are in xaso.course, filling a page (directives, scheme links,
module header and footer) in xaso.pages, data -> HTML fragments in xaso.render.
"""

from __future__ import annotations

from pathlib import Path

from _mkdocs import MODULE_PAGE, course, dirty, fail, language, language_entries, load, stash
from xaso import languages as _languages
from xaso import pages
from xaso.course import DOCS, LOCAL_DOCS, SOURCE_LANGUAGE, module_source, page_files
from xaso.data import DataError, Problem, read_text, rel
from xaso.slug import slugify


def on_config(config):
    mkdocs_yml = Path(config.config_file_path)
    problems = _languages.problems(
        language_entries(config), theme_has=lambda code: any((Path(d) / "partials" / "languages" / f"{code}.html").exists()
                                            for d in config.theme.dirs),
        ui_exists=lambda code: (DOCS.parent / "curriculum" / f"ui.{code}.yml").exists(),
        mkdocs_text=mkdocs_yml.read_text(encoding="utf-8", errors="replace") if mkdocs_yml.is_file() else "")
    if problems:
        fail(problems)
    load(config)
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify
    config.nav = _expand_module_nav(config.nav)
    return config


def _expand_module_nav(nav):
    """The nav entry `modules/` becomes the module pages in course order (from modules.yml)."""
    if isinstance(nav, list):
        return [_expand_module_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {k: ([f"modules/{m['slug']}/index.md" for m in course().modules] if v == "modules/"
                    else _expand_module_nav(v)) for k, v in nav.items()}
    return nav


def on_pre_build(config):
    state = stash(f"curriculum:{language(config)}")
    state["problems"], state["used_exercises"], state["used_quizzes"] = [], set(), set()


def on_files(files, config):
    """Every module has a page in every language, and every page under modules/ has a module."""
    problems = pages.front_matter_problems(page_files())
    slugs = {m["slug"]: m for m in course().modules}
    page_langs = {}
    for path in page_files():
        root = LOCAL_DOCS if path.is_relative_to(LOCAL_DOCS) else DOCS
        if not MODULE_PAGE.match(path.relative_to(root).as_posix()):
            continue
        slug = path.parent.name
        lang = path.name.split(".")[1] if path.name.count(".") == 2 else SOURCE_LANGUAGE
        page_langs.setdefault(slug, set()).add(lang)
        if slug not in slugs:
            problems.append(Problem(rel(path), None, f"page has no module: '{slug}' is not a slug in curriculum/modules.yml",
                                    "add the module to curriculum/modules.yml, or fix the folder name"))
    for slug, module in slugs.items():
        for lang in course().languages:
            if lang not in page_langs.get(slug, set()) and lang not in course().partial:
                name = "index.md" if lang == SOURCE_LANGUAGE else f"index.{lang}.md"
                file, line = module_source(module["id"])
                folder = "local/docs" if file.startswith("local/") else "docs"
                problems.append(Problem(file, line, f"module {module['id']} has no {lang} page {folder}/modules/{slug}/{name}",
                                        f"create the page (make new-module ID={module['id']} scaffolds it) or fix the slug"))
    if problems:
        fail(problems)
    return files


def on_page_markdown(markdown, page, config, files):
    data, lang = course(), language(config)
    try:
        source = read_text(Path(page.file.abs_src_path))
    except DataError as err:   # checked in on_files; a page edited while `mkdocs serve` runs
        fail(err.problems)
    filled = pages.Page(data=data, lang=lang, src=rel(page.file.abs_src_path), src_uri=page.file.src_uri,
                        # page.markdown is the page as read (other plugins may have changed `markdown`)
                        line_offset=source.count("\n") - page.markdown.count("\n"),
                        module=pages.module_of(data, page.file.src_uri))
    text = pages.fill(filled, markdown)
    state = stash(f"curriculum:{lang}")
    state["problems"].extend(filled.problems)
    state["used_exercises"] |= filled.used_exercises
    if filled.used_quiz:
        state["used_quizzes"].add(filled.module["id"])
    if filled.assets:
        state.setdefault("assets", {})[page.file.src_uri] = filled.assets
    return text


def on_post_page(output, page, config):
    """Files a page shows (its diagrams' SVG) go beside it, before its PDF is rendered."""
    assets = stash(f"curriculum:{language(config)}").get("assets", {}).get(page.file.src_uri, {})
    folder = Path(page.file.abs_dest_path).parent
    folder.mkdir(parents=True, exist_ok=True)   # MkDocs writes the page itself after this event
    for name, text in assets.items():
        (folder / name).write_text(text, encoding="utf-8")
    return output


def on_env(env, config, files):
    """All pages are read: stop now, before anything is written, if any page had a problem."""
    state = stash(f"curriculum:{language(config)}")
    problems = list(state["problems"])
    for ex_id in [] if dirty() else course().exercises:   # a dirty rebuild reads only the edited pages
        if ex_id not in state["used_exercises"]:
            problems.append(Problem(course().exercise_files[ex_id][SOURCE_LANGUAGE], None,
                                    f"exercise '{ex_id}' is not used by any page",
                                    f"add {{{{ exercise {ex_id} }}}} to its module page, or delete the file"))
    for module_id in [] if dirty() else course().quizzes:
        if module_id not in state["used_quizzes"]:
            problems.append(Problem(course().quiz_files[module_id][SOURCE_LANGUAGE], None,
                                    f"the quiz of module {module_id} is not on its page",
                                    "add {{ quiz }} to the module page's self-check section"))
    if problems:
        fail(problems)
    return env
