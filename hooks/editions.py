"""MkDocs hook: the edition in every page footer, the changelog page, "changed in this edition" notes.

Thin adapter over _changelog.py. The footer template (overrides/partials/copyright.html) reads
`extra.edition_label`; the changelog page holds the directive `{{ changelog }}`.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

from xaso import changelog as _changelog
from xaso.course import SOURCE_LANGUAGE
from xaso.data import DataError
from _mkdocs import MODULE_PAGE, course, fail, language, stash

BADGES = re.compile(r'(<p class="xa-badges">.*?</p>)', re.S)


def _changelog_entries():
    """The changelog, loaded and checked once per build run."""
    state = stash("editions")
    if "changelog" not in state:
        try:
            state["changelog"] = _changelog.load_changelog(course())
        except DataError as err:
            fail(err.problems)
    return state["changelog"]


def on_pre_build(config):
    """The footer's words (after static-i18n has set this build's language in its on_config)."""
    _changelog_entries()
    data, lang = course(), language(config)
    ui = data.ui[lang]
    config.extra["edition"] = data.edition
    config.extra["edition_label"] = f"{ui['edition']} {data.edition}"
    config.extra["changelog_label"] = ui["changelog"]
    # Page URLs of every language are relative to the site root (en pages live under en/).
    config.extra["changelog_url"] = ("" if lang == SOURCE_LANGUAGE else f"{lang}/") + "changelog.html"


@event_priority(10)  # before hooks/curriculum.py, which rejects directives it does not know
def on_page_markdown(markdown, page, config, files):
    if "{{ changelog }}" not in markdown:
        return markdown
    depth = "../" * page.file.src_uri.count("/")
    return markdown.replace("{{ changelog }}", _changelog.changelog_page(_changelog_entries(), course(),
                                                                        language(config), depth))


def on_page_content(html, page, config, files):
    match = MODULE_PAGE.match(page.file.src_uri)
    module = course().module_by_slug(match["slug"]) if match else None
    if module is None:
        return html
    lang = language(config)
    texts = _changelog.changed_now(_changelog_entries(), course(), module["id"], lang)
    if not texts:
        return html
    notice = _changelog.changed_notice(texts, course(), lang)
    return BADGES.sub(lambda m: m.group(1) + notice, html, count=1)
