"""What each printed module is for (issue #21).

- The module PDF offered on the page is the **learner handout**: the lesson, the exercises with
  boxes to tick by pen, the self-check and quiz questions WITHOUT their answers, no instructor
  section. A trainer hands it out as it is; a learner who prints it does not get the answers.
- The **instructor guide** (one per module and language, linked from the page's instructor section):
  the instructor section (timed lesson plan, preparation, demonstration, questions), what to check in
  each exercise (expected results, evidence), every self-check answer with its reason, and every quiz
  question with its right answer, its explanation and why the tempting options are wrong.
Plain functions over the built article HTML and the course data."""

from __future__ import annotations

import re

from . import kits
from .course import SOURCE_LANGUAGE, Course
from .render import esc, learner_words

_INSTRUCTOR = re.compile(r'<h2 id="instructor".*?(?=<h2 id="(?:key-points|references)"|$)', re.S)
_SELFCHECK_ANSWER = re.compile(r'<details class="success">.*?</details>', re.S)


def guide_name(module_id: str, lang: str) -> str:
    return f"xa-so-{module_id}-{lang}-instructor.pdf"


def learner_article(article_html: str) -> str:
    """The page's article without the instructor section and the self-check answers."""
    return _SELFCHECK_ANSWER.sub("", _INSTRUCTOR.sub("", article_html))


def instructor_section(article_html: str) -> str:
    match = _INSTRUCTOR.search(article_html)
    return match.group(0) if match else ""


def instructor_body(course: Course, module: dict, lang: str, article_html: str) -> str:
    """The instructor guide's body (the cover and contents come from the PDF template)."""
    ui, w = course.ui[lang], learner_words(course, lang)
    parts = [instructor_section(article_html)]
    exercises = [ex.get(lang, ex[SOURCE_LANGUAGE]) for ex in course.exercises.values()
                 if ex[SOURCE_LANGUAGE]["module"] == module["id"]]
    if exercises:
        parts.append(f'<h2 id="guide-exercises">{esc(w.get("guide_exercises", "Exercises: what to check"))}</h2>')
        for ex in exercises:
            steps = "".join(
                f'<li>{esc(step["do"])}' + (f'<br><strong>{esc(ui["expect"])}:</strong> {esc(step["expect"])}' if step.get("expect") else "")
                + "</li>" for step in ex["steps"])
            parts.append(f'<h3>{esc(ex["title"])} <small>({ex["minutes"]} {esc(ui["minutes"])})</small></h3>'
                         f'<p><strong>{esc(ui["goal"])}:</strong> {esc(ex["goal"])}</p><ol>{steps}</ol>'
                         f'<p><strong>{esc(ui["evidence"])}:</strong> {esc(ex["evidence"])}</p>'
                         f'<p><strong>{esc(ui["safety"])}:</strong> {esc(ex["safety"])}</p>')
    parts.append(kits.guide_html(course, kits.texts_for(course), module["id"], lang))   # files, .p12 password, answer keys
    check = course.selfchecks.get(module["id"])
    if check:
        questions = check.get(lang, check[SOURCE_LANGUAGE])["questions"]
        parts.append(f'<h2 id="guide-self-check">{esc(w.get("guide_selfcheck", "Self-check: answers"))}</h2><ol>')
        parts += [f'<li><p>{esc(q["question"])}</p><p><strong>{esc(ui["answer"])}:</strong> {esc(q["answer"])}</p>'
                  f'<p><strong>{esc(ui["why"])}:</strong> {esc(q["why"])}</p></li>' for q in questions]
        parts.append("</ol>")
    quiz = course.quizzes.get(module["id"])
    if quiz:
        data = quiz.get(lang, quiz[SOURCE_LANGUAGE])
        parts.append(f'<h2 id="guide-quiz">{esc(w.get("guide_quiz", "Quiz: answer key"))}</h2><ol class="xa-key">')
        for q in data["questions"]:
            options = "".join(
                f'<li class="{"xa-key-right" if o.get("correct") else "xa-key-wrong"}">'
                f'<strong>{esc(o["key"].upper())}.</strong> {esc(o["text"])}'
                + (" ✔" if o.get("correct") else "")
                + (f'<br><em>{esc(o["why"])}</em>' if o.get("why") else "") + "</li>" for o in q["options"])
            right = ", ".join(o["key"].upper() for o in q["options"] if o.get("correct"))
            parts.append(f'<li><p>{esc(q["question"])}</p><ul class="xa-key-options">{options}</ul>'
                         f'<p><strong>{esc(w.get("guide_right", "Right answer"))}: {esc(right)}.</strong> {esc(q["explanation"])}</p></li>')
        parts.append("</ol>")
    return "".join(parts)
