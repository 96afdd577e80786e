"""Scored quizzes as data: exercises/<module>/quiz.yml (Vietnamese, the source: questions, options,
which are correct, the outcome and section each tests) and quiz.<lang>.yml (the same questions and
options, texts only). Loaded, validated and merged here; rendered by xaso.render_quiz.

Every problem is a `file:line: problem — fix` line, all of them in one run.
"""

from __future__ import annotations

from pathlib import Path

from .data import Problem, YamlDoc, load_checked, rel

SOURCE_LANGUAGE = "vi"
STAMP = "translated_from"


def check_source(doc: YamlDoc, module: dict | None, seen_ids: dict, problems: list[Problem]):
    """What a schema cannot say: a right answer in every question, option keys once, outcomes that
    exist, question ids unique in the course."""
    outcomes = len(module["outcomes"]) if module else None
    for qi, question in enumerate(doc.data["questions"]):
        qid = question["id"]
        if qid in seen_ids:
            problems.append(doc.problem(("questions", qi, "id"), f"question id '{qid}' is also used in {seen_ids[qid]}",
                                        "give each question its own id (e.g. <module>-q-<words>)"))
        seen_ids.setdefault(qid, doc.name)
        keys: dict[str, int] = {}
        for oi, option in enumerate(question["options"]):
            if option["key"] in keys:
                problems.append(doc.problem(("questions", qi, "options", oi, "key"),
                                            f"option key '{option['key']}' twice in question {qid}",
                                            "give each option of a question its own letter a–e"))
            keys[option["key"]] = oi
        if not any(option.get("correct") for option in question["options"]):
            problems.append(doc.problem(("questions", qi, "options"), f"question {qid} has no correct option",
                                        "add `correct: true` to the right option(s)"))
        if outcomes is not None and question["outcome"] > outcomes:
            problems.append(doc.problem(("questions", qi, "outcome"),
                                        f"outcome {question['outcome']} does not exist: module {module['id']} has {outcomes}",
                                        f"use 1–{outcomes} (the order of the outcomes in modules.yml)"))


def check_translation(src: YamlDoc, tdoc: YamlDoc, problems: list[Problem]):
    """Same questions in the same order, same options (keys, order) in each."""
    sq, tq = src.data["questions"], tdoc.data["questions"]
    if len(sq) != len(tq):
        problems.append(tdoc.problem(("questions",), f"{len(tq)} questions, but {src.name} has {len(sq)}",
                                     "translate every question, no more and no fewer, in the same order"))
    for qi, (a, b) in enumerate(zip(sq, tq)):
        if a["id"] != b["id"]:
            problems.append(tdoc.problem(("questions", qi, "id"), f"question {qi + 1} is '{b['id']}', but in {src.name} it is '{a['id']}'",
                                         "keep the questions in the source's order, with the source's ids"))
            continue
        akeys, bkeys = [o["key"] for o in a["options"]], [o["key"] for o in b["options"]]
        if akeys != bkeys:
            problems.append(tdoc.problem(("questions", qi, "options"),
                                         f"question {b['id']} has options {', '.join(bkeys)}, but {src.name} has {', '.join(akeys)}",
                                         "translate every option, with the source's keys in the source's order"))


def merged(source: dict, translation: dict | None) -> dict:
    """The quiz in one language: the source's structure with the translation's texts."""
    if translation is None:
        return source
    texts = {q["id"]: q for q in translation["questions"]}
    questions = []
    for question in source["questions"]:
        t = texts.get(question["id"], question)
        options = {o["key"]: o for o in t["options"]}
        opts = []
        for option in question["options"]:
            text = options.get(option["key"], {})
            opts.append({**{k: v for k, v in option.items() if k != "why"}, "text": text.get("text", option["text"]),
                         **({"why": text["why"]} if "why" in text else {})})
        questions.append({**question, "question": t["question"], "explanation": t["explanation"], "options": opts})
    return {**source, "questions": questions}


def load_quizzes(sources: list[Path], modules: dict, languages: list[str], partial: frozenset,
                 problems: list[Problem]) -> tuple[dict, dict]:
    """(module id -> {lang: quiz}, module id -> {lang: file}) for every exercises/<module>/quiz.yml."""
    quizzes, files, seen_ids = {}, {}, {}
    for source in sources:
        src = load_checked(source, "quiz.schema.json", problems)
        if src is None:
            continue
        module_id = src.data["module"]
        if module_id not in modules:
            problems.append(src.problem(("module",), f"unknown module '{module_id}'", "use a module id from curriculum/modules.yml"))
        elif source.parent.name != module_id:
            problems.append(src.problem(("module",), f"file is in folder '{source.parent.name}' but says module '{module_id}'",
                                        f"move it to exercises/{module_id}/ or fix `module`"))
        check_source(src, modules.get(module_id), seen_ids, problems)
        per_lang, where = {SOURCE_LANGUAGE: src.data}, {SOURCE_LANGUAGE: src.name}
        for lang in [lang for lang in languages if lang != SOURCE_LANGUAGE]:
            path = source.with_name(f"quiz.{lang}.yml")
            if not path.exists():
                if lang not in partial:
                    problems.append(Problem(rel(path), None, f"missing {lang} translation of {src.name}",
                                            f"copy {source.name} to {path.name}, keep ids and keys, translate the texts "
                                            "and drop correct/outcome/section/kind"))
                per_lang[lang], where[lang] = src.data, src.name
                continue
            tdoc = load_checked(path, "quiz.translation.schema.json", problems)
            if tdoc is None:
                continue
            if tdoc.data["module"] != module_id:
                problems.append(tdoc.problem(("module",), f"says module '{tdoc.data['module']}', the source says '{module_id}'",
                                             f"write module: {module_id}"))
            check_translation(src, tdoc, problems)
            per_lang[lang], where[lang] = merged(src.data, tdoc.data), tdoc.name
        quizzes[module_id], files[module_id] = per_lang, where
    return quizzes, files
