"""What changed in each edition: curriculum/changelog.yml (+ changelog.<lang>.yml), loaded and rendered.

Plain functions, no MkDocs. `load_changelog(course)` checks the file against its schema, that the
editions are newest first, that the newest is the course's edition and that named modules exist.
"""

from __future__ import annotations

from .course import CURRICULUM, SOURCE_LANGUAGE, STAMP, Course, _check_date, _load, translation_path
from .data import DataError, Problem
from .render import date_text, esc, md_esc, module_label

CHANGELOG = CURRICULUM / "changelog.yml"


def _key(edition: str) -> tuple:
    year, number = edition.split(".")
    return int(year), int(number)


def load_changelog(course: Course) -> dict:
    """language -> list of {edition, date, summary, changes: [{text, modules}]}, newest first."""
    problems: list[Problem] = []
    doc = _load(CHANGELOG, "changelog.schema.json", problems)
    if doc is None:
        raise DataError(problems)
    entries = doc.data
    module_ids = {m["id"] for m in course.modules}
    for index, entry in enumerate(entries):
        _check_date(doc, (index, "date"), entry["date"], problems)
        if index and _key(entry["edition"]) >= _key(entries[index - 1]["edition"]):
            problems.append(doc.problem((index, "edition"), f"edition {entry['edition']} is listed after "
                                        f"{entries[index - 1]['edition']}", "list editions newest first, each once"))
        for c, change in enumerate(entry["changes"]):
            for module_id in change.get("modules", []):
                if module_id not in module_ids:
                    problems.append(doc.problem((index, "changes", c, "modules"), f"unknown module '{module_id}'",
                                                "use a module id from curriculum/modules.yml"))
    if entries and entries[0]["edition"] != course.edition:
        problems.append(doc.problem((0, "edition"), f"the newest entry is {entries[0]['edition']}, but the course "
                                    f"edition is {course.edition}",
                                    f"add an entry for {course.edition} at the top (what changed in it)"))
    result = {SOURCE_LANGUAGE: entries}
    for lang in course.languages:
        if lang == SOURCE_LANGUAGE:
            continue
        tdoc = _load(translation_path(CHANGELOG, lang), "changelog.translation.schema.json", problems,
                     optional=lang in course.partial)
        texts = {k: v for k, v in (tdoc.data if tdoc else {}).items() if k != STAMP}
        translated = []
        for entry in entries:
            text = texts.get(entry["edition"])
            if text is None:
                if tdoc is not None and lang not in course.partial:
                    problems.append(Problem(tdoc.name, None, f"no {lang} text for edition {entry['edition']}",
                                            f"add \"{entry['edition']}\": with summary and changes (see changelog.yml)"))
                translated.append(entry)
                continue
            if len(text["changes"]) != len(entry["changes"]):
                problems.append(tdoc.problem((entry["edition"], "changes"),
                                             f"{len(text['changes'])} changes, but the source has {len(entry['changes'])}",
                                             "translate every change, in the same order"))
            translated.append({**entry, "summary": text["summary"],
                               "changes": [{**change, "text": words} for change, words
                                           in zip(entry["changes"], text["changes"])]})
        for extra in [e for e in texts if e not in {entry["edition"] for entry in entries}]:
            problems.append(tdoc.problem((extra,), f"edition '{extra}' is not in changelog.yml", "remove it or fix it"))
        result[lang] = translated
    if problems:
        raise DataError(problems)
    return result


def changed_now(changelog: dict, course: Course, module_id: str, lang: str) -> list[str]:
    """The texts of the current edition's changes that name this module."""
    entry = changelog[lang][0]
    return [change["text"] for change in entry["changes"] if module_id in change.get("modules", [])]


def changelog_page(changelog: dict, course: Course, lang: str, depth: str) -> str:
    """Markdown for the changelog page: one section per edition, newest first."""
    ui = course.ui[lang]
    parts = []
    for entry in changelog[lang]:
        anchor = "edition-" + entry["edition"].replace(".", "-")
        parts += [f"## {esc(ui['edition'])} {esc(entry['edition'])} {{ #{anchor} }}", "",
                  f"*{esc(ui['released'])}: {date_text(entry['date'], lang)}.* {md_esc(entry['summary'])}", ""]
        for change in entry["changes"]:
            modules = [course.module(m) for m in change.get("modules", [])]
            links = ", ".join(f"[{module_label(m)}]({depth}modules/{m['slug']}/index.md)" for m in modules)
            parts.append(f"- {md_esc(change['text'])}" + (f" ({links})" if links else ""))
        parts.append("")
    return "\n".join(parts)


def changed_notice(texts: list[str], course: Course, lang: str) -> str:
    """HTML note for a module page the current edition's changelog names."""
    ui = course.ui[lang]
    title = esc(ui["changed_in_edition"].format(edition=course.edition))
    items = "".join(f"<li>{esc(text)}</li>" for text in texts)
    return (f'<div class="admonition info xa-changed"><p class="admonition-title">{title}</p>'
            f"<ul>{items}</ul></div>")
