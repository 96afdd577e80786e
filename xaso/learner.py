"""What a learner (and an instructor) uses in the browser: the scored quiz on a module page, the
"My progress" page and the class roll-up. Plain HTML that reads and prints without JavaScript;
docs/assets/js/progress.js and progress-page.js score, keep and move the learner's data.

Learner data lives only on the device, under one localStorage key named after the course (never the
edition or the folder), with stable ids: exercise id + step id, module id + question id.
"""

from __future__ import annotations

import json

from .course import SOURCE_LANGUAGE, Course
from .render import esc, learner_words, md_esc, module_label, module_link, module_title

STORAGE_KEY = "xa-so:learner"   # the one localStorage key (docs/assets/js/progress.js)
DEFAULT_RULE = {"done_when": "quiz"}
# the words progress.js needs on a module page
QUIZ_WORDS = ("quiz_answer_all", "quiz_score", "quiz_passed", "quiz_failed", "quiz_best", "quiz_right", "quiz_wrong",
              "quiz_correct_was", "quiz_review", "dropped_steps")


words = learner_words


def rule(course: Course, lang: str = SOURCE_LANGUAGE) -> dict:
    data = course.course[lang]
    return {**DEFAULT_RULE, **data["completion"], "pass_percent": data.get("quiz", {}).get("pass_percent", 80)}


def _json(value) -> str:
    """JSON safe inside <script type="application/json">."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def quiz_html(course: Course, quiz: dict, lang: str) -> str:
    """The quiz as a form (radio buttons, or checkboxes when several options are right). The key,
    explanations and sections are in a JSON block the script reads: without JavaScript the page
    (and its PDF) shows the questions only, as a printable form."""
    w = words(course, lang)
    module_id = quiz["module"]
    passing = rule(course)["pass_percent"]
    questions, key = [], {}
    for number, q in enumerate(quiz["questions"], start=1):
        right = [o["key"] for o in q["options"] if o.get("correct")]
        kind = "checkbox" if len(right) > 1 else "radio"
        name = f"{module_id}-{q['id']}"
        options = "".join(
            f'<li><label><input type="{kind}" name="{esc(name)}" value="{esc(o["key"])}"> '
            f'<span class="xa-quiz-letter">{esc(o["key"].upper())}.</span> {esc(o["text"])}</label></li>'
            for o in q["options"])
        multi = f' <span class="xa-quiz-multi">({esc(w["quiz_choose_all"])})</span>' if kind == "checkbox" else ""
        questions.append(
            f'<fieldset class="xa-quiz-q" data-q="{esc(q["id"])}">'
            f'<legend><span class="xa-quiz-n">{number}.</span> {esc(q["question"])}{multi}</legend>'
            f'<ul class="xa-quiz-options">{options}</ul><div class="xa-quiz-feedback" hidden></div></fieldset>')
        key[q["id"]] = {"c": right, "e": q["explanation"], "s": q["section"],
                        "w": {o["key"]: o["why"] for o in q["options"] if o.get("why")}}
    intro = w["quiz_intro"].format(count=len(quiz["questions"]), percent=passing)
    return "\n".join([
        f"### {md_esc(w['quiz_title'])} {{ #quiz .xa-quiz-title }}",
        "",
        f'<div class="xa-quiz" data-module="{esc(module_id)}" data-pass="{passing}" data-edition="{esc(course.edition)}">'
        f'<p class="xa-quiz-intro">{esc(intro)}</p>'
        f'<p class="xa-quiz-best" aria-live="polite" hidden></p>'
        # Not in the search index: its wrong options would show up as answers, and it is a test.
        f'<form class="xa-quiz-form" novalidate data-search-exclude>{"".join(questions)}'
        f'<p class="xa-quiz-actions" hidden><button type="submit" class="md-button md-button--primary">{esc(w["quiz_submit"])}</button> '
        f'<button type="button" class="md-button xa-quiz-retry" hidden>{esc(w["quiz_retry"])}</button></p>'
        f'<p class="xa-quiz-result" aria-live="polite"></p></form>'
        f'<script type="application/json" class="xa-quiz-key">{_json(key)}</script>'
        f'<script type="application/json" class="xa-quiz-words">{_json({k: w[k] for k in QUIZ_WORDS})}</script></div>',
        ""])


def course_data(course: Course, lang: str) -> dict:
    """What the progress page and the roll-up need to know about the course, for the script."""
    modules = []
    for module in course.modules:
        exercises = {ex_id: [s.get("id", f"s{i}") for i, s in enumerate(ex[SOURCE_LANGUAGE]["steps"], start=1)]
                     for ex_id, ex in course.exercises.items() if ex[SOURCE_LANGUAGE]["module"] == module["id"]}
        quiz = course.quizzes.get(module["id"])
        modules.append({"id": module["id"], "kind": module["kind"], "label": module_label(module),
                        "title": module_title(module, lang),
                        "url": module_link(module, False).replace(".md", ".html"),
                        "exercises": exercises, "questions": len(quiz[SOURCE_LANGUAGE]["questions"]) if quiz else 0})
    roles = {role_id: texts.get(lang, texts[SOURCE_LANGUAGE])["name"] for role_id, texts in course.roles.items()}
    paths = {p["role"]: p["modules"] for p in course.paths}
    return {"edition": course.edition, "rule": rule(course, lang), "modules": modules, "roles": roles,
            "paths": paths, "words": words(course, lang), "lang": lang, "course": course.course[lang]["title"]}


def progress_page(course: Course, lang: str) -> str:
    """"My progress": a table the script fills from this device's data, with the completion rule,
    the next module on the learner's path, export/import (file, code, QR) and a printable record."""
    w = words(course, lang)
    ui = course.ui[lang]
    data = course_data(course, lang)
    rows = "".join(
        f'<tr data-module="{esc(m["id"])}"><td><a href="{esc(m["url"])}">{esc(m["title"])}</a></td>'
        f'<td>{esc(ui[m["kind"]])}</td><td class="xa-p-quiz">–</td><td class="xa-p-ticks">–</td>'
        f'<td class="xa-p-state">{esc(ui["progress_not_started"])}</td></tr>'
        for m in data["modules"])
    role_options = "".join(f'<option value="{esc(r)}">{esc(name)}</option>' for r, name in data["roles"].items())
    return (
        f'<div class="xa-progress" data-storage-key="{STORAGE_KEY}" '
        f'data-label-complete="{esc(ui["progress_complete"])}" data-label-in-progress="{esc(ui["progress_in_progress"])}" '
        f'data-label-not-started="{esc(ui["progress_not_started"])}">'
        f'<p class="xa-progress-summary" aria-live="polite">{esc(w["progress_needs_js"])}</p>'
        f'<p class="xa-progress-next" hidden></p>'
        f'<p class="xa-progress-role" hidden><label>{esc(w["your_role"])} <select class="xa-role">'
        f'<option value="">{esc(w["choose_role"])}</option>{role_options}</select></label></p>'
        f'<div class="md-typeset__scrollwrap"><table class="xa-progress-table"><thead><tr><th>{esc(ui["module"])}</th><th>{esc(ui["kind"])}</th>'
        f'<th>{esc(w["col_quiz"])}</th><th>{esc(w["col_practice"])}</th><th>{esc(ui["status"])}</th></tr></thead>'
        f'<tbody>{rows}</tbody></table></div>'
        f'<div class="xa-transfer" hidden><h2 id="move">{esc(w["move_title"])}</h2><p>{esc(w["move_intro"])}</p>'
        f'<p><button type="button" class="md-button xa-export-file">{esc(w["export_file"])}</button> '
        f'<button type="button" class="md-button xa-export-code">{esc(w["export_code"])}</button></p>'
        f'<div class="xa-code-out" hidden><p><label for="xa-code-text">{esc(w["code_label"])}</label></p>'
        f'<textarea id="xa-code-text" class="xa-code-text" rows="4" readonly></textarea>'
        f'<div class="xa-qr" role="img" aria-label="{esc(w["qr_alt"])}"></div></div>'
        f'<h3 id="import">{esc(w["import_title"])}</h3>'
        f'<p><label for="xa-import-file">{esc(w["import_file"])}</label> <input type="file" id="xa-import-file" class="xa-import-file" accept=".json,application/json"></p>'
        f'<p><label for="xa-import-code">{esc(w["import_code"])}</label></p>'
        f'<textarea id="xa-import-code" class="xa-import-code" rows="3"></textarea>'
        f'<p><button type="button" class="md-button xa-import-go">{esc(w["import_go"])}</button></p>'
        f'<p class="xa-import-result" aria-live="polite"></p></div>'
        f'<div class="xa-record" hidden><h2 id="record">{esc(w["record_title"])}</h2>'
        f'<p><label for="xa-record-name">{esc(w["record_name"])}</label> <input type="text" id="xa-record-name" class="xa-record-name" autocomplete="name"></p>'
        f'<div class="xa-record-sheet"></div>'
        f'<p><button type="button" class="md-button xa-record-print">{esc(w["record_print"])}</button></p></div>'
        f'<script type="application/json" class="xa-course-data">{_json(data)}</script></div>\n')


def rollup_page(course: Course, lang: str) -> str:
    """The class roll-up for instructors: learners' files or codes in, a table out (sort, print,
    CSV). Everything happens in the instructor's browser."""
    w = words(course, lang)
    data = course_data(course, lang)
    return (
        f'<div class="xa-rollup">'
        f'<p class="xa-rollup-needs-js">{esc(w["progress_needs_js"])}</p>'
        f'<div class="xa-rollup-tools" hidden>'
        f'<p><label for="xa-rollup-files">{esc(w["rollup_files"])}</label> '
        f'<input type="file" id="xa-rollup-files" class="xa-rollup-files" accept=".json,application/json" multiple></p>'
        f'<p><label for="xa-rollup-codes">{esc(w["rollup_codes"])}</label></p>'
        f'<textarea id="xa-rollup-codes" class="xa-rollup-codes" rows="5"></textarea>'
        f'<p><button type="button" class="md-button xa-rollup-add">{esc(w["rollup_add"])}</button> '
        f'<button type="button" class="md-button xa-rollup-camera" hidden>{esc(w["rollup_camera"])}</button></p>'
        f'<video class="xa-rollup-video" hidden playsinline muted></video>'
        f'<p class="xa-rollup-status" aria-live="polite"></p>'
        f'<div class="md-typeset__scrollwrap"><table class="xa-rollup-table"><thead><tr>'
        f'<th><button type="button" data-sort="name">{esc(w["rollup_learner"])}</button></th>'
        f'<th><button type="button" data-sort="role">{esc(w["rollup_role"])}</button></th>'
        f'<th><button type="button" data-sort="passed">{esc(w["rollup_passed"])}</button></th>'
        f'<th>{esc(w["rollup_scores"])}</th>'
        f'<th><button type="button" data-sort="complete">{esc(w["rollup_complete"])}</button></th></tr></thead><tbody></tbody></table></div>'
        f'<p><button type="button" class="md-button xa-rollup-csv">{esc(w["rollup_csv"])}</button> '
        f'<button type="button" class="md-button xa-rollup-print">{esc(w["rollup_print"])}</button> '
        f'<button type="button" class="md-button xa-rollup-clear">{esc(w["rollup_clear"])}</button></p></div>'
        f'<script type="application/json" class="xa-course-data">{_json(data)}</script></div>\n')
