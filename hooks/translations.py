"""MkDocs hook: translations that keep up with their source.

Fails the build when a configured language lacks a translated page or data file, and warns (without
failing --strict) when a translation was made from an older version of its source (_translations.py).
A language listed in mkdocs.yml `extra.translation_fallback` may be partial: its missing pages are
built from the Vietnamese page, with a notice in the reader's language and `lang="vi"` on the text.
"""

from __future__ import annotations

import logging

from xaso import translations as _translations
from xaso.course import DOCS, LOCAL_DOCS, SOURCE_LANGUAGE
from xaso.data import DataError, Problem, rel
from _mkdocs import MODULE_PAGE, course, fail, language, stash

log = logging.getLogger("mkdocs.xaso.translations")
# Outdated translations are worth a warning, not a failed build: MkDocs --strict counts warnings of
# the "mkdocs" loggers, so they go to a logger of their own.
outdated_log = logging.getLogger("xaso.translations")
if not outdated_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    outdated_log.addHandler(_handler)
    outdated_log.propagate = False


def _is_module_page(path) -> bool:
    root = LOCAL_DOCS if path.is_relative_to(LOCAL_DOCS) else DOCS
    return path.is_relative_to(root) and MODULE_PAGE.match(path.relative_to(root).as_posix()) is not None


def on_pre_build(config):
    """Once per build run (static-i18n runs the events once per language)."""
    state = stash("translations")
    if state:
        return
    state["checked"] = True
    data = course()
    problems = []
    try:
        statuses = _translations.status(data.languages)
    except DataError as err:   # a file that is not UTF-8 (e.g. saved as Windows-1258): its name and the fix
        fail(err.problems)
    for status in statuses:
        if status.state == "missing" and _is_module_page(status.source):
            continue   # hooks/curriculum.py reports a module without a page, with its own fix
        if status.state == "missing" and status.lang not in data.partial:
            problems.append(Problem(status.name, None, f"missing {status.lang} translation of {rel(status.source)}",
                                    f"translate it into {status.name}, or list '{status.lang}' in mkdocs.yml "
                                    "extra.translation_fallback to show the Vietnamese page meanwhile"))
        elif status.state == "missing":
            log.info(f"{status.name}: not translated yet; the Vietnamese version is shown")
        elif status.state == "outdated":
            outdated_log.warning(f"{status.name}: made from an older {rel(status.source)} ({status.summary}) — "
                                 f"update it, then run: make translations ARGS=\"--stamp {status.name}\"")
        elif status.state == "unstamped":
            outdated_log.warning(f"{status.name}: does not record which version of {rel(status.source)} it "
                                 f"translates — check it, then run: make translations ARGS=\"--stamp {status.name}\"")
    if problems:
        fail(problems)


def on_page_content(html, page, config, files):
    """A page shown in Vietnamese in another language's site says so, in that language."""
    lang = language(config)
    page_lang = getattr(page.file, "locale", lang)
    if lang == SOURCE_LANGUAGE or page_lang == lang:
        return html
    notice = course().ui[lang]["fallback_notice"]
    return (f'<div class="admonition warning xa-fallback"><p>{notice}</p></div>'
            f'<div lang="{page_lang}">{html}</div>')
