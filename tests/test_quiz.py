"""Scored quizzes, progress that is never lost, the completion record and the class roll-up
(issues #17, #18): the quiz banks as data, and real clicks in headless Chromium on the built site,
from file:// and from a local web server."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import re
import shutil
import subprocess
import threading

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BIN, EPOCH, LANGS, ROOT, lang_prefix, module_page
from test_browser import browser, guarded_page, phone  # noqa: F401  (fixtures)

EXERCISES = ROOT / "exercises"
PASS = yaml.safe_load((ROOT / "curriculum" / "course.yml").read_text(encoding="utf-8"))["quiz"]["pass_percent"]
ALL_OR_NONE = re.compile(r"tất cả (các )?(phương án|đáp án|ý) trên|cả (ba|bốn) (phương án|ý)|không (có )?(phương án|ý) nào|"
                         r"all of the above|none of the above|both of the above", re.I)


def quiz(module_id: str, lang: str = "vi") -> dict:
    name = "quiz.yml" if lang == "vi" else f"quiz.{lang}.yml"
    return yaml.safe_load((EXERCISES / module_id / name).read_text(encoding="utf-8"))


# ---- the quiz banks (issue #18) ----------------------------------------------------------------

def test_every_module_has_a_quiz_bank_worth_passing(modules):
    for module in modules:
        source = quiz(module["id"])
        questions = source["questions"]
        assert len(questions) >= 10, module["id"]
        for lang in LANGS:
            assert len(quiz(module["id"], lang)["questions"]) == len(questions), (module["id"], lang)
        covered = {n: sum(q["outcome"] == n for q in questions) for n in range(1, len(module["outcomes"]) + 1)}
        assert min(covered.values()) >= 2, (module["id"], covered)
        assert sum(q["kind"] == "scenario" for q in questions) >= 0.6 * len(questions), module["id"]
        positions = [i for q in questions for i, o in enumerate(q["options"]) if o.get("correct")]
        top = max(positions.count(i) for i in set(positions))
        assert top <= 0.4 * len(positions), (module["id"], positions)
        longest = 0
        for q in questions:
            lengths = [len(o["text"]) for o in q["options"]]
            longest += any(o.get("correct") and len(o["text"]) == max(lengths) for o in q["options"])
        assert longest <= 0.4 * len(questions), (module["id"], longest)
        for lang in LANGS:
            for q in quiz(module["id"], lang)["questions"]:
                for option in q["options"]:
                    assert not ALL_OR_NONE.search(option["text"]), (module["id"], lang, q["id"], option["text"])


def test_the_quiz_on_the_page_shows_questions_and_keeps_answers_out_of_the_text(site, modules):
    """Without JavaScript the quiz reads as a printable form: the explanations are only in the
    JSON the script reads, never in the page's visible text (nor in its PDF)."""
    for lang in LANGS:
        for module in modules[:3]:
            html = module_page(site, module, lang).read_text(encoding="utf-8")
            soup = BeautifulSoup(html, "html.parser")
            root = soup.select_one(".xa-quiz")
            assert root is not None and root["data-module"] == module["id"]
            data = quiz(module["id"], lang)
            assert len(root.select("fieldset.xa-quiz-q")) == len(data["questions"])
            for script in root.select("script"):
                script.decompose()
            visible = root.get_text(" ")
            for q in data["questions"]:
                assert q["explanation"] not in visible
            assert soup.select_one("#quiz") is not None


# ---- in the browser ------------------------------------------------------------------------------

def answer(page, correct: bool):
    """Tick, for every question, its right options (or one wrong one), by clicking the labels."""
    key = json.loads(page.locator(".xa-quiz-key").text_content())
    for fieldset in page.locator(".xa-quiz-q").all():
        right = key[fieldset.get_attribute("data-q")]["c"]
        values = [i.get_attribute("value") for i in fieldset.locator("input").all()]
        picks = right if correct else [next(v for v in values if v not in right)]
        for value in picks:
            fieldset.locator(f"label:has(input[value='{value}'])").click()
    page.locator(".xa-quiz-form button[type=submit]").click()
    return int(page.locator(".xa-quiz-result").get_attribute("data-percent"))


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_quiz_scored_kept_after_reload_and_best_score_wins(site, modules, phone):
    module = modules[0]
    phone.goto(module_page(site, module, "vi").as_uri())
    assert answer(phone, correct=False) < PASS
    assert "Chưa đạt" in phone.locator(".xa-quiz-result").inner_text()
    phone.locator(".xa-quiz-retry").click()
    assert answer(phone, correct=True) == 100
    phone.reload()
    best = phone.locator(".xa-quiz-best")
    assert best.is_visible() and best.get_attribute("data-best") == "100"
    assert phone.locator(".xa-quiz-result").get_attribute("data-percent") == "100", "the last attempt is shown again"
    phone.locator(".xa-quiz-retry").click()
    assert answer(phone, correct=False) < PASS
    phone.reload()
    assert phone.locator(".xa-quiz-best").get_attribute("data-best") == "100", "a worse try replaced the best score"
    stored = json.loads(phone.evaluate("localStorage.getItem('xa-so:learner')"))
    assert stored["quiz"][module["id"]]["best"] == 100
    assert phone.external == []


@pytest.fixture
def web_phone(browser, server):  # noqa: F811
    """A phone-sized page that may load the local server only."""
    with guarded_page(browser, allowed=(server,), viewport={"width": 390, "height": 844}) as page:
        yield page


def test_quiz_works_from_a_web_server_in_english(site, modules, web_phone, server):
    phone = web_phone
    module = modules[1]
    phone.goto(server + lang_prefix("en") + f"modules/{module['slug']}/index.html")
    assert phone.evaluate("document.documentElement.lang") == "en"
    assert answer(phone, correct=True) == 100
    assert "You have passed" in phone.locator(".xa-quiz-result").inner_text()
    phone.reload()
    assert phone.locator(".xa-quiz-best").get_attribute("data-best") == "100"
    assert phone.external == [], phone.external


def test_progress_counts_against_the_rule_and_names_the_next_module(site, modules, phone, course):
    compulsory = [m for m in modules if m["kind"] == "compulsory"]
    elective = [m for m in modules if m["kind"] == "elective"]
    for module in compulsory[:3] + elective[:1]:
        phone.goto(module_page(site, module, "vi").as_uri())
        answer(phone, correct=True)
    phone.goto((site / "progress.html").as_uri())
    root = phone.locator(".xa-progress")
    assert root.get_attribute("data-compulsory-done") == "3"
    assert root.get_attribute("data-elective-done") == "1"
    assert root.get_attribute("data-course-complete") == "no"
    assert "3/5" in phone.locator(".xa-progress-summary").inner_text()
    assert phone.locator(f"tr[data-module='{compulsory[0]['id']}'] .xa-p-quiz").inner_text() == "100%"
    phone.locator(".xa-role").select_option("all")
    next_id = phone.locator(".xa-progress-next").get_attribute("data-next")
    assert next_id == compulsory[3]["id"], next_id
    for module in compulsory[3:] + elective[1:5]:
        phone.goto(module_page(site, module, "vi").as_uri())
        answer(phone, correct=True)
    phone.goto((site / "progress.html").as_uri())
    assert phone.locator(".xa-progress").get_attribute("data-course-complete") == "yes"
    record = phone.locator(".xa-record-sheet").inner_text()
    assert "không phải là chứng chỉ" in record and course["edition"] in record
    assert phone.external == []


def test_old_edition_ticks_are_moved_to_stable_keys_and_removed_steps_are_shown(site, modules, phone):
    module = next(m for m in modules if "xa-exercise" in module_page(site, m, "vi").read_text(encoding="utf-8"))
    phone.goto(module_page(site, module, "vi").as_uri())
    exercise = phone.locator(".xa-exercise").first
    ex_id = exercise.get_attribute("data-exercise")
    steps = exercise.locator("input[type=checkbox]").count()
    # what edition 2026.1's checklists.js stored: step numbers under an edition key
    phone.evaluate(f"localStorage.clear(); localStorage.setItem('xa-so/2026.1/{ex_id}', JSON.stringify([1, 2, {steps + 5}]))")
    phone.reload()
    exercise = phone.locator(".xa-exercise").first
    assert exercise.locator("input[type=checkbox]").nth(0).is_checked()
    assert exercise.locator("input[type=checkbox]").nth(1).is_checked()
    assert not exercise.locator("input[type=checkbox]").nth(2).is_checked()
    assert "1 bước" in exercise.locator(".xa-dropped").inner_text()
    keys = phone.evaluate("Object.keys(localStorage)")
    assert "xa-so:learner" in keys and not [k for k in keys if k.startswith("xa-so/")], keys


@pytest.fixture(scope="module")
def next_edition_site(tmp_path_factory):
    """The committed project with the edition raised, built without PDFs."""
    project = tmp_path_factory.mktemp("next-edition") / "project"
    project.mkdir()
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(project)], input=archive.stdout, check=True)
    for name in (".venv", "node_modules"):
        (project / name).symlink_to(ROOT / name)
    course = project / "curriculum" / "course.yml"
    course.write_text(re.sub(r'edition: "[^"]+"', 'edition: "2099.1"', course.read_text(encoding="utf-8")), encoding="utf-8")
    for name in ("changelog.yml", "changelog.en.yml"):
        path = project / "curriculum" / name
        text = path.read_text(encoding="utf-8")
        entry = ('- edition: "2099.1"\n  date: 2026-11-24\n  summary: Ấn bản thử.\n  changes: [{text: Bản thử để kiểm tra tiến độ học được giữ.}]\n' if name == "changelog.yml"
                 else '"2099.1":\n  summary: A test edition.\n  changes: [A test edition that checks progress is kept.]\n')
        head = text.index("- edition") if name == "changelog.yml" else text.index('"')
        path.write_text(text[:head] + entry + text[head:], encoding="utf-8")
    site = project / "site"
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "XASO_PDF": "0", "XASO_ZIP": "0", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(BIN / "mkdocs"), "build", "--site-dir", str(site)], cwd=project, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return site


def test_a_new_edition_keeps_ticks_and_scores(site, next_edition_site, modules, phone):
    module = modules[2]
    phone.goto(module_page(site, module, "vi").as_uri())
    phone.evaluate("localStorage.clear()")
    phone.reload()
    answer(phone, correct=True)
    phone.locator(".xa-exercise").first.locator("label.task-list-control").nth(0).click()
    phone.goto(module_page(next_edition_site, module, "vi").as_uri())
    assert "2099.1" in phone.locator(".md-footer").inner_text()
    assert phone.locator(".xa-quiz-best").get_attribute("data-best") == "100"
    assert phone.locator(".xa-exercise").first.locator("input[type=checkbox]").nth(0).is_checked()


def test_export_clear_import_gives_the_same_progress(site, modules, phone, tmp_path):
    phone.goto(module_page(site, modules[3], "vi").as_uri())
    phone.evaluate("localStorage.clear()")
    phone.reload()
    answer(phone, correct=True)
    phone.locator(".xa-exercise").first.locator("label.task-list-control").nth(1).click()
    phone.goto((site / "progress.html").as_uri())
    phone.locator(".xa-record-name").fill("Nguyễn Thị Hoa")
    before = json.loads(phone.evaluate("localStorage.getItem('xa-so:learner')"))
    with phone.expect_download() as download:
        phone.locator(".xa-export-file").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    phone.locator(".xa-export-code").click()
    phone.locator(".xa-qr svg").wait_for()
    code = phone.locator(".xa-code-text").input_value()
    assert code.startswith("XS1.")
    assert phone.locator(".xa-qr").get_attribute("data-code") == code

    phone.evaluate("localStorage.clear()")
    phone.reload()
    assert phone.locator(".xa-progress").get_attribute("data-compulsory-done") == "0"
    phone.locator(".xa-import-file").set_input_files(str(saved))
    phone.wait_for_function("document.querySelector('.xa-import-result').dataset.changes")
    after = json.loads(phone.evaluate("localStorage.getItem('xa-so:learner')"))
    assert after["ticks"] == before["ticks"] and after["name"] == "Nguyễn Thị Hoa"
    assert after["quiz"][modules[3]["id"]]["best"] == 100

    phone.evaluate("localStorage.clear()")
    phone.reload()
    phone.locator(".xa-import-code").fill(code)
    phone.locator(".xa-import-go").click()
    phone.wait_for_function("document.querySelector('.xa-import-result').dataset.changes")
    changes = json.loads(phone.locator(".xa-import-result").get_attribute("data-changes"))
    assert changes["scores"] == 1 and changes["ticks"] == 1
    again = json.loads(phone.evaluate("localStorage.getItem('xa-so:learner')"))
    assert again["ticks"] == before["ticks"] and again["quiz"][modules[3]["id"]]["best"] == 100
    # importing the same code again merges: nothing new
    phone.locator(".xa-import-code").fill(code)
    phone.locator(".xa-import-go").click()
    phone.wait_for_function("document.querySelector('.xa-import-result').dataset.changes.includes('\"scores\":0')")
    assert phone.external == []


def test_class_rollup_reads_three_learners_and_exports_csv_for_excel(site, modules, phone, tmp_path):
    files = []
    for number, (name, passed) in enumerate((("Lò Văn Khánh", 10), ("Nguyễn Thị Hoa", 3), ("Trần Văn Bình", 0))):
        quiz_scores = {m["id"]: {"best": 100, "date": "2026-11-29", "edition": "2026.1"}
                       for m in ([m for m in modules if m["kind"] == "compulsory"] + [m for m in modules if m["kind"] == "elective"])[:passed]}
        path = tmp_path / f"learner-{number}.json"
        path.write_text(json.dumps({"format": "xa-so-progress", "v": 1,
                                    "data": {"v": 1, "ticks": {}, "quiz": quiz_scores, "role": "all", "name": name}}),
                        encoding="utf-8")
        files.append(str(path))
    phone.goto((site / "class.html").as_uri())
    phone.locator(".xa-rollup-clear").click()
    phone.locator(".xa-rollup-files").set_input_files(files)
    phone.wait_for_function("document.querySelector('.xa-rollup').dataset.learners === '3'")
    rows = phone.locator(".xa-rollup-table tbody tr")
    assert rows.count() == 3
    complete = [r.get_attribute("data-complete") for r in rows.all()]
    assert sorted(complete) == ["no", "no", "yes"]
    with phone.expect_download() as download:
        phone.locator(".xa-rollup-csv").click()
    saved = tmp_path / "class.csv"
    download.value.save_as(saved)
    raw = saved.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][0] == "Học viên"
    names = {row[0] for row in table[1:]}
    assert names == {"Lò Văn Khánh", "Nguyễn Thị Hoa", "Trần Văn Bình"}
    assert phone.external == []


def test_new_pages_pass_axe(site, modules, browser):
    axe = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for lang in LANGS:
        for path in (site / lang_prefix(lang) / "progress.html", site / lang_prefix(lang) / "class.html",
                     module_page(site, modules[0], lang)):
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            if path.name == "index.html":
                if page.locator(".xa-quiz-retry").is_visible():
                    page.locator(".xa-quiz-retry").click()
                answer(page, correct=False)  # the feedback must pass too
            page.add_script_tag(content=axe)
            result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})")
            violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
            assert not violations, (path, violations)
    context.close()
