"""Data -> Markdown/HTML fragments. Pure functions: no MkDocs, no files.

Every text that comes from YAML is escaped (`esc`), so a `<script>` typed into a data file shows
as text and never runs.
"""

from __future__ import annotations

import datetime
import html
import json
import re

from .course import SOURCE_LANGUAGE, Course
from .plans import PARTS, clock_text, clock_times, schedule_entries

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def md_esc(text) -> str:
    """Escape YAML text that goes into Markdown: HTML is shown as text; Markdown emphasis stays."""
    return esc(text).replace("[", "&#91;").replace("]", "&#93;")


def date_text(value, lang: str) -> str:
    date = datetime.date.fromisoformat(str(value))
    if lang == "vi":
        return f"{date.day:02d}/{date.month:02d}/{date.year}"
    if lang == "en":
        return f"{date.day} {MONTHS_EN[date.month - 1]} {date.year}"
    return date.isoformat()


def module_label(module: dict) -> str:
    return module["id"].upper()


def module_title(module: dict, lang: str) -> str:
    return f"{module_label(module)}. {module['text'][lang]['title']}"


def module_link(module: dict, from_module_page: bool) -> str:
    """A Markdown link target to a module page; MkDocs resolves it per language."""
    prefix = "../" if from_module_page else "modules/"
    return f"{prefix}{module['slug']}/index.md"


def pdf_name(module_id: str, lang: str) -> str:
    return f"xa-so-{module_id}-{lang}.pdf"


def course_pdf_name(edition: str, lang: str) -> str:
    return f"xa-so-{edition}-{lang}.pdf"


def badges(course: Course, module: dict, lang: str) -> str:
    ui = course.ui[lang]
    roles = ", ".join(esc(course.roles[r][lang]["name"]) for r in module["roles"])
    areas = ", ".join(f"{a} {esc(ui['digcomp_areas'][a])}" for a in module["digcomp"])
    hours = f"{module['hours']:g}"
    return (f'<p class="xa-badges">'
            f'<span class="xa-badge xa-badge--{module["kind"]}">{esc(ui[module["kind"]])}</span> '
            f'<span class="xa-badge">{hours} {esc(ui["hours"])}</span> '
            f'<span class="xa-badge">{esc(ui["roles"])}: {roles}</span> '
            f'<span class="xa-badge">{esc(ui["digcomp"])}: {areas}</span></p>')


def module_header(course: Course, module: dict, lang: str) -> str:
    """What the hook puts above the author's prose (page anatomy, design.md)."""
    ui = course.ui[lang]
    text = module["text"][lang]
    parts = [f"# {md_esc(module_title(module, lang))} {{ #top }}", "",
             f'<p class="xa-promise">{esc(text["promise"])}</p>', "", badges(course, module, lang), ""]
    if module["status"] == "draft":
        parts += ['!!! warning "' + esc(ui["draft"].split(":")[0]) + '"', "",
                  "    " + esc(ui["draft"].split(":", 1)[-1].strip()), ""]
    parts += [f'<div class="xa-outcomes" markdown>', "", f"**{esc(ui['outcomes'])}:**", ""]
    parts += [f"- {md_esc(o)}" for o in text["outcomes"]]
    parts += ["", "</div>", ""]
    if module.get("prerequisites"):
        links = ", ".join(f"[{md_esc(module_title(course.module(p), lang))}]({module_link(course.module(p), True)})"
                          for p in module["prerequisites"])
        parts += [f'<p class="xa-prereq" markdown>{esc(ui["prerequisites"])}: {links}</p>', ""]
    parts += [download_button(course, module, lang), ""]
    return "\n".join(parts)


def download_button(course: Course, module: dict, lang: str) -> str:
    """The PDF button, and a "save for offline" button that assets/js/offline.js shows where a
    service worker can keep the page (http/https; never on file://)."""
    ui = course.ui[lang]
    name = pdf_name(module["id"], lang)
    return (f'<p class="xa-download"><a class="md-button md-button--primary" href="{name}" download '
            f'data-pdf="{name}" type="application/pdf">{esc(ui["download_pdf"])} '
            f'<span class="xa-pdf-size" data-pdf-size="{name}"></span></a> '
            f'<button type="button" class="md-button xa-offline-save" hidden data-search-exclude '
            f'data-pdf="{name}" data-saved-page="{esc(ui["offline_saved_page"])}" '
            f'data-saved-pdf="{esc(ui["offline_saved_pdf"])}" data-failed="{esc(ui["offline_failed"])}">'
            f'{esc(ui["offline_save_pdf"])}</button> '
            f'<span class="xa-offline-status" role="status" data-search-exclude></span></p>')


def zip_name(edition: str, with_pdf: bool) -> str:
    return f"xa-so-{edition}.zip" if with_pdf else f"xa-so-{edition}-no-pdf.zip"


def number_text(value, lang: str = "en") -> str:
    """A number for people: 3.5 in English, 3,5 in Vietnamese (decimal comma)."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "vi" else text


def size_text(size: int, lang: str) -> str:
    """A file size for people: "850 KB", "12.3 MB" (decimal comma in Vietnamese)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{number_text(round(size / 1024 / 1024, 1), lang)} MB"


def with_pdf_size(page_html: str, name: str, size: int, lang: str) -> str:
    """Fill in the size of PDF `name` in the download button that download_button() (or the
    schedule page) left empty."""
    return page_html.replace(f'<span class="xa-pdf-size" data-pdf-size="{name}"></span>',
                             f'<span class="xa-pdf-size" data-pdf-size="{name}">{size_text(size, lang)}</span>')


def edition_download(course: Course, lang: str, to_root: str) -> str:
    """The home page's link to the offline zip(s); hooks/offline.py fills in the sizes after
    zipping and drops the lighter zip's line when it does not exist."""
    ui = course.ui[lang]
    items = []
    for with_pdf in (True, False):
        name = zip_name(course.edition, with_pdf)
        label = ui["download_with_pdf"] if with_pdf else ui["download_without_pdf"]
        items.append(f'<li data-zip="{name}"><a href="{to_root}download/{name}" download>{name}</a> '
                     f'<span class="xa-zip-label">{esc(label)}</span> '
                     f'<span class="xa-zip-size" data-zip-size="{name}"></span></li>')
    return (f'<div class="xa-edition-download" data-search-exclude>'
            f'<p><strong>{esc(ui["download_edition"])}</strong> {esc(ui["download_edition_help"])}</p>'
            f'<ul>{"".join(items)}</ul></div>' + save_course(course, lang, to_root))


def manifest_name(lang: str) -> str:
    """What "save the whole course" stores for `lang` (xaso.offline.course_manifest), in the site."""
    return f"download/offline-{lang}.json"


def save_course(course: Course, lang: str, to_root: str) -> str:
    """The "save the whole course to read offline" block: assets/js/save-course.js stores every file
    of the language's manifest in the browser; on file:// (the unzipped course) or without a
    service worker it only says why nothing needs to / can be saved."""
    w = {k[len("save_course_"):]: v for k, v in learner_words(course, lang).items() if k.startswith("save_course_")}
    return (f'<div class="xa-save-course" data-search-exclude data-manifest="{esc(to_root + manifest_name(lang))}" '
            f'data-words="{esc(json.dumps(w, ensure_ascii=False))}">'
            f'<p><strong>{esc(w.get("title", ""))}</strong> {esc(w.get("help", ""))}</p>'
            f'<p class="xa-save-course-controls" hidden>'
            f'<label><input type="checkbox" class="xa-save-course-pdf"> <span class="xa-save-course-pdf-label"></span></label><br>'
            f'<button type="button" class="md-button md-button--primary xa-save-course-button">{esc(w.get("button", ""))}</button> '
            f'<span class="xa-save-course-size"></span></p>'
            f'<progress class="xa-save-course-progress" max="100" value="0" aria-label="{esc(w.get("progress", ""))}" hidden></progress>'
            f'<p class="xa-save-course-status" role="status"></p></div>')


def module_footer(course: Course, module: dict, lang: str, cited: list[str]) -> str:
    """References (legal register ids cited by data or in the text) and the last-verified line."""
    ui = course.ui[lang]
    ids = list(dict.fromkeys(list(module.get("legal", [])) + cited))
    parts = []
    points = module["text"][lang].get("key_points") or module["text"][SOURCE_LANGUAGE].get("key_points")
    if points:
        w = learner_words(course, lang)
        parts += [f"## {esc(w.get('key_points', 'Key points'))} {{ #key-points }}", "", '<div class="xa-key-points" markdown>', ""]
        parts += [f"{n}. {md_esc(point)}" for n, point in enumerate(points, start=1)]
        parts += ["", "</div>", ""]
    parts += [f"## {esc(ui['references'])} {{ #references }}", ""]
    for legal_id in ids:
        entry = course.legal[legal_id]
        text = entry["text"][lang]
        parts.append(f"- [{md_esc(entry['number'])}](../../legal.md#{legal_id}): {md_esc(text['title'])}")
    parts += ["", f'<p class="xa-verified">{esc(ui["last_verified"])}: '
              f'<time datetime="{module["last_verified"]}">{date_text(module["last_verified"], lang)}</time> · '
              f'{esc(ui["edition"])} {esc(course.edition)}</p>', "", lms_links(course, module, lang), ""]
    return "\n".join(parts)


def learner_words(course: Course, lang: str) -> dict:
    """The learner-tool words of `lang` (curriculum/ui.<lang>.yml `learner:`), Vietnamese where missing."""
    return {**course.ui[SOURCE_LANGUAGE].get("learner", {}), **course.ui[lang].get("learner", {})}


def lms_links(course: Course, module: dict, lang: str) -> str:
    """The module's packages for a province's LMS (xaso.lms), sizes filled in once they are made."""
    w = learner_words(course, lang)
    root = "../" * (2 + (lang != SOURCE_LANGUAGE)) + "download/lms/"
    edition, mid = course.edition, module["id"]
    files = [("SCORM 1.2", f"xa-so-{edition}-{mid}-{lang}-scorm12.zip"), ("Moodle XML", f"xa-so-{edition}-{mid}-{lang}.moodle.xml"),
             ("GIFT", f"xa-so-{edition}-{mid}-{lang}.gift.txt")]
    links = " · ".join(f'<a href="{root}{name}" download>{label}</a> <span class="xa-lms-size" data-file="{name}"></span>'
                       for label, name in files)
    return (f'<p class="xa-lms" markdown><strong>{esc(w.get("lms_label", "LMS"))}:</strong> {links} · '
            f'[{md_esc(w.get("lms_guide", "Moodle"))}](../../lms.md)</p>')


_LMS_SIZE = re.compile(r'<a href="[^"]*/(?P<file>[^"/]+)" download>[^<]*</a> <span class="xa-lms-size" data-file="(?P=file)"></span>( · )?')


def with_lms_sizes(page_html: str, sizes: dict, lang: str) -> str:
    """Each package's size after its link; a link to a file that was not made (no quiz) goes."""
    def fill(m):
        if m["file"] not in sizes:
            return ""
        return m.group(0).replace('"></span>', f'">({size_text(sizes[m["file"]], lang)})</span>')
    return _LMS_SIZE.sub(fill, page_html)


def exercise_html(course: Course, exercise: dict, lang: str) -> str:
    """One exercise: a heading (in the page TOC) and a tickable task list whose boxes are labelled."""
    ui = course.ui[lang]
    ex_id = exercise["id"]
    steps = []
    for number, step in enumerate(exercise["steps"], start=1):
        box_id = f"{ex_id}-step-{number}"
        extra = ""
        if step.get("hint"):
            extra += f'<span class="xa-step-hint"><strong>{esc(ui["hint"])}:</strong> {esc(step["hint"])}</span>'
        if step.get("expect"):
            extra += f'<span class="xa-step-expect"><strong>{esc(ui["expect"])}:</strong> {esc(step["expect"])}</span>'
        steps.append(
            f'<li class="task-list-item"><label class="task-list-control" for="{box_id}">'
            f'<input type="checkbox" id="{box_id}" data-step="{esc(step.get("id", f"s{number}"))}">'
            f'<span class="task-list-indicator"></span>'
            f'<span class="xa-step-text">{number}. {esc(step["do"])}</span></label>{extra}</li>')
    needs = "".join(f"<li>{esc(n)}</li>" for n in exercise["you_need"])
    return "\n".join([
        f"### {md_esc(ui['exercise'])}: {md_esc(exercise['title'])} {{ #{ex_id} .xa-exercise-title }}",
        "",
        f'<div class="xa-exercise" data-exercise="{esc(ex_id)}" '
        f'data-steps="{len(exercise["steps"])}">'
        f'<p class="xa-exercise-meta"><strong>{esc(ui["goal"])}:</strong> {esc(exercise["goal"])} '
        f'<span class="xa-minutes">({exercise["minutes"]} {esc(ui["minutes"])})</span></p>'
        f'<p class="xa-label">{esc(ui["you_need"])}:</p><ul class="xa-needs">{needs}</ul>'
        f'<ul class="task-list xa-steps">{"".join(steps)}</ul>'
        f'<p class="xa-safety"><strong>{esc(ui["safety"])}:</strong> {esc(exercise["safety"])}</p>'
        f'<p class="xa-evidence"><strong>{esc(ui["evidence"])}:</strong> {esc(exercise["evidence"])}</p>'
        f'<p class="xa-exercise-status" aria-live="polite"><span class="xa-count">0</span>/{len(exercise["steps"])} '
        f'{esc(ui["steps_done"])} <button type="button" class="md-button xa-reset">{esc(ui["reset"])}</button></p>'
        f'</div>',
        ""])


def selfcheck_html(course: Course, selfcheck: dict, lang: str) -> str:
    """Questions with answers in <details>: readable with JavaScript off."""
    ui = course.ui[lang]
    items = []
    for number, q in enumerate(selfcheck["questions"], start=1):
        items.append(
            f'<div class="xa-question"><p class="xa-q"><strong>{number}.</strong> {esc(q["question"])}</p>'
            f'<details class="success"><summary>{esc(ui["show_answer"])}</summary>'
            f'<p><strong>{esc(ui["answer"])}:</strong> {esc(q["answer"])}</p>'
            f'<p><strong>{esc(ui["why"])}:</strong> {esc(q["why"])}</p></details></div>')
    return '<div class="xa-selfcheck">' + "".join(items) + "</div>\n"


def module_list(course: Course, lang: str) -> str:
    """The home page's table of modules, from curriculum/modules.yml."""
    ui = course.ui[lang]
    rows = [f"| {esc(ui['module'])} | {esc(ui['kind'])} | {esc(ui['hours'])} |", "|---|---|---:|"]
    for module in course.modules:
        title = md_esc(module_title(module, lang))
        rows.append(f"| [{title}]({module_link(module, False)}) | {esc(ui[module['kind']])} | {module['hours']:g} |")
    total = sum(m["hours"] for m in course.modules)
    rows.append(f"| **{esc(ui['total_hours'])}** | | **{total:g}** |")
    return "\n".join(rows) + "\n"


def completion_rule(course: Course, lang: str) -> str:
    rule = course.course[lang]["completion"]
    return esc(course.ui[lang]["completion_rule"].format(**rule))


def legal_register(course: Course, lang: str) -> str:
    ui = course.ui[lang]
    parts = []
    for legal_id, entry in course.legal.items():
        text = entry["text"][lang]
        parts.append(f"## {md_esc(entry['number'])} {{ #{legal_id} }}")
        parts.append("")
        parts.append(md_esc(text["title"]))
        parts.append("")
        facts = []
        if entry.get("issued"):
            facts.append(f"{esc(ui['legal_issued'])}: {date_text(entry['issued'], lang)}")
        if text.get("in_force") or entry.get("in_force"):
            value = str(text.get("in_force") or entry["in_force"])
            try:
                value = date_text(value, lang)
            except ValueError:
                value = esc(value)
            facts.append(f"{esc(ui['legal_in_force'])}: {value}")
        for key in ("replaces", "replaced_by", "amended_by"):
            if entry.get(key):
                refs = ", ".join(f"[{md_esc(course.legal[r]['number'])}](#{r})" for r in entry[key])
                facts.append(f"{esc(ui['legal_' + key])}: {refs}")
        facts.append(f"{esc(ui['last_verified'])}: {date_text(entry['last_verified'], lang)}")
        parts += [f"- {f}" for f in facts]
        if text.get("note"):
            parts += ["", f"*{md_esc(text['note'])}*"]
        parts.append("")
    return "\n".join(parts)


def glossary_page(course: Course, lang: str) -> str:
    """Terms in the alphabetical order of the page's language (ICU collation, xaso.collation), under
    letter headings with an index of letters at the top; each term keeps a stable anchor (its id) in
    every language, and an abbreviation is shown once (not again when the term already holds it)."""
    from .collation import letter, sort_key
    ui = course.ui[lang]
    other = [code for code in course.languages if code != lang]
    key = sort_key(lang)
    entries = sorted(course.glossary.items(), key=lambda kv: key(kv[1][lang]["term"]))
    groups: dict[tuple[int, str], list] = {}
    for term_id, texts in entries:
        groups.setdefault(letter(texts[lang]["term"], lang), []).append((term_id, texts))
    index = " ".join(f'<a href="#letter-{number}">{esc(label)}</a>' for number, label in groups)
    parts = [f'<nav class="xa-letters" aria-label="{esc(ui.get("glossary_letters", "A–Z"))}"><p>{index}</p></nav>']
    for (number, label), members in groups.items():
        parts.append(f'<h2 class="xa-letter" id="letter-{number}">{esc(label)}</h2><dl class="xa-glossary">')
        for term_id, texts in members:
            text = texts[lang]
            shown_abbr = text.get("abbr") and not re.search(rf"(?<!\w){re.escape(text['abbr'])}(?!\w)", text["term"])
            abbr = f' <abbr>({esc(text["abbr"])})</abbr>' if shown_abbr else ""
            also = "".join(f' <span class="xa-other-lang" lang="{code}">· {esc(texts[code]["term"])}</span>'
                           for code in other)
            parts.append(f'<dt id="{term_id}">{esc(text["term"])}{abbr}{also}</dt><dd>{esc(text["definition"])}</dd>')
        parts.append("</dl>")
    return "\n".join(parts) + "\n"


def timetable_pdf_name(edition: str, lang: str) -> str:
    return f"xa-so-{edition}-timetable-{lang}.pdf"


def paths_page(course: Course, lang: str) -> str:
    """One section per role: its modules (compulsory, then electives with why), hours and total.
    Lists, not a wide table, so a path reads well on a phone."""
    ui = course.ui[lang]
    parts = [f"**{esc(ui['pick_role'])}:**", ""]
    parts += [f"- [{md_esc(course.roles[p['role']][lang]['name'])}](#{p['role']})" for p in course.paths]
    parts.append("")
    for path in course.paths:
        text = path["text"][lang]
        modules = [course.module(m) for m in path["modules"]]
        total = sum(m["hours"] for m in modules)
        parts += [f"## {md_esc(course.roles[path['role']][lang]['name'])} {{ #{path['role']} }}", "",
                  md_esc(text["why"]), "",
                  f'<div class="xa-path" data-role="{path["role"]}" data-modules="{len(modules)}" '
                  f'data-hours="{number_text(total)}" markdown>', ""]
        for kind in ("compulsory", "elective"):
            chosen = [m for m in modules if m["kind"] == kind]
            parts += [f"**{esc(ui[kind])}** ({len(chosen)})", ""]
            for module in chosen:
                line = (f"1. [{md_esc(module_title(module, lang))}]({module_link(module, False)}) "
                        f"— {number_text(module['hours'], lang)} {esc(ui['hours'])}")
                if kind == "elective" and module["id"] in text["notes"]:
                    line += f"  \n    {md_esc(text['notes'][module['id']])}"
                parts.append(line)
            parts.append("")
        parts += [f'<p class="xa-path-summary"><strong>{esc(ui["path_summary"].format(count=len(modules), hours=number_text(total, lang)))}'
                  f'</strong></p>', "", "</div>", ""]
    return "\n".join(parts)


def schedule_table(course: Course, lang: str, links: bool = True) -> str:
    """The 5-day class as an HTML table (the page and the one-page timetable PDF share it)."""
    ui = course.ui[lang]
    schedule = course.schedule
    text = schedule["text"][lang]
    given = {}
    for _day, _part, entry in schedule_entries(schedule):
        if "module" in entry:
            given[entry["module"]] = given.get(entry["module"], 0) + entry["hours"]
    rows = []
    times = clock_times(schedule)

    def clock(day_number, part, index):
        if (day_number, part, index) not in times:
            return ""
        start, end, breaks = times[(day_number, part, index)]
        pauses = "".join(f' <small class="xa-break">({esc(ui.get("break_label", "Break"))} '
                         f'{clock_text(a)}–{clock_text(b)})</small>' for a, b in breaks)
        return f'<span class="xa-clock">{clock_text(start)}–{clock_text(end)}</span> ', pauses

    for day in schedule["days"]:
        sessions = [(part, entry) for part in PARTS for entry in day.get(part, [])]
        day_hours = sum(entry["hours"] for _part, entry in sessions)
        for index, (part, entry) in enumerate(sessions):
            cells = []
            if index == 0:
                cells.append(f'<th scope="rowgroup" rowspan="{len(sessions) + 1}">{esc(ui["day"])} {day["day"]}</th>')
            first_of_part = index == 0 or sessions[index - 1][0] != part
            if first_of_part:
                count = sum(1 for p, _e in sessions if p == part)
                cells.append(f'<td rowspan="{count}">{esc(ui[part])}</td>')
            position = sum(1 for p, _e in sessions[:index] if p == part)
            when, pauses = clock(day["day"], part, position) or ("", "")
            if "module" in entry:
                module = course.module(entry["module"])
                title = esc(module_title(module, lang))
                if links:
                    href = module_link(module, False).replace(".md", ".html")
                    title = f'<a href="{href}">{title}</a>'
                if given[module["id"]] < module["hours"]:
                    shortened = ui["shortened"].format(given=number_text(given[module["id"]], lang), full=number_text(module["hours"], lang))
                    title += f' <small class="xa-shortened">({esc(shortened)})</small>'
                cells.append(f'<td data-module="{module["id"]}">{when}{title}{pauses}</td>')
            else:
                cells.append(f'<td data-activity="{esc(entry["activity"])}">{when}{esc(text["activities"][entry["activity"]])}{pauses}</td>')
            cells.append(f'<td class="xa-hours">{number_text(entry["hours"], lang)}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        rows.append(f'<tr class="xa-day-total" data-day="{day["day"]}" data-day-hours="{number_text(day_hours)}">'
                    f'<td colspan="2">{esc(ui["day_total"])}</td><td class="xa-hours">{number_text(day_hours, lang)}</td></tr>')
    total = sum(entry["hours"] for _d, _p, entry in schedule_entries(schedule))
    return (f'<div class="xa-table-scroll"><table class="xa-schedule"><thead><tr><th scope="col">{esc(ui["day"])}</th><th scope="col">{esc(ui["session"])}</th>'
            f'<th scope="col">{esc(ui["activity"])}</th><th scope="col">{esc(ui["hours"].capitalize())}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody><tfoot><tr class="xa-class-total" data-hours="{number_text(total)}">'
            f'<th scope="row" colspan="3">{esc(ui["class_total"])}</th><td class="xa-hours">{number_text(total, lang)}</td></tr></tfoot></table></div>')


def schedule_page(course: Course, lang: str) -> str:
    ui = course.ui[lang]
    schedule = course.schedule
    text = schedule["text"][lang]
    audience = course.roles[schedule["audience"]][lang]["name"]
    name = timetable_pdf_name(course.edition, lang)
    return "\n".join([
        f'<p>{esc(text["intro"])}</p>',
        f'<p><strong>{esc(ui["audience"])}:</strong> {esc(audience)}</p>',
        f'<p class="xa-download"><a class="md-button md-button--primary" href="{name}" download data-pdf="{name}" '
        f'type="application/pdf">{esc(ui["timetable_pdf"])} <span class="xa-pdf-size" data-pdf-size="{name}"></span></a></p>',
        schedule_table(course, lang), ""])
