"""Xã Số inside an LMS (issue #19): SCORM 1.2 packages played against a real SCORM 1.2 runtime
(npm scorm-again, pinned) in headless Chromium, manifests checked file by file, the Moodle XML and
GIFT question banks parsed (lxml, npm gift-pegjs) and counted against the quiz data."""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from conftest import ROOT, module_page
from test_browser import browser, guarded_page  # noqa: F401  (fixture)

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
PASS = yaml.safe_load((ROOT / "curriculum" / "course.yml").read_text(encoding="utf-8"))["quiz"]["pass_percent"]


def lms_dir(site: Path) -> Path:
    return site / "download" / "lms"


def quiz(module_id: str, lang: str) -> dict:
    return yaml.safe_load((ROOT / "exercises" / module_id / ("quiz.yml" if lang == "vi" else f"quiz.{lang}.yml")).read_text(encoding="utf-8"))


def test_every_module_and_language_has_its_packages(site, modules, course):
    edition = course["edition"]
    for lang in ("vi", "en"):
        assert (lms_dir(site) / f"xa-so-{edition}-{lang}-scorm12.zip").is_file()
        for module in modules:
            for name in (f"xa-so-{edition}-{module['id']}-{lang}-scorm12.zip", f"xa-so-{edition}-{module['id']}-{lang}.moodle.xml",
                         f"xa-so-{edition}-{module['id']}-{lang}.gift.txt"):
                assert (lms_dir(site) / name).is_file(), name
            package = lms_dir(site) / f"xa-so-{edition}-{module['id']}-{lang}-scorm12.zip"
            assert package.stat().st_size <= 350 * 1024, (package.name, package.stat().st_size)
        page = module_page(site, modules[0], lang).read_text(encoding="utf-8")
        assert f"download/lms/xa-so-{edition}-{modules[0]['id']}-{lang}-scorm12.zip" in page
        assert re.search(r'class="xa-lms-size" data-file="[^"]+scorm12.zip">\(\d', page), "the package's size is not shown"


def test_manifests_list_exactly_the_files_in_their_zip(site):
    for package in sorted(lms_dir(site).glob("*-scorm12.zip")):
        with zipfile.ZipFile(package) as archive:
            names = set(archive.namelist())
            tree = etree.fromstring(archive.read("imsmanifest.xml"))
        assert tree.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
        listed = {f.get("href") for f in tree.iterfind(".//cp:file", NS)}
        assert listed == names - {"imsmanifest.xml"}, (package.name, listed ^ (names - {"imsmanifest.xml"}))
        ids = [e.get("identifier") for e in tree.iter() if e.get("identifier")]
        assert len(ids) == len(set(ids)), package.name
        refs = {e.get("identifierref") for e in tree.iter() if e.get("identifierref")}
        assert refs <= set(ids), package.name
        for resource in tree.iterfind(".//cp:resource[@href]", NS):
            assert resource.get("href") in names
            assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
        for name in names:
            assert not name.startswith(("/", "..")) and "\\" not in name
        for name in (n for n in names if n.endswith((".html", ".css", ".js"))):
            with zipfile.ZipFile(package) as archive:
                text = archive.read(name).decode("utf-8")
            # links a learner may follow are fine; nothing may be loaded from another host
            assert not re.search(r'\ssrc="(https?:)?//|<link[^>]*\shref="(https?:)?//|url\((["\']?)(https?:)?//', text), (package.name, name)


def test_course_package_groups_modules_in_course_order(site, modules, course):
    package = lms_dir(site) / f"xa-so-{course['edition']}-vi-scorm12.zip"
    with zipfile.ZipFile(package) as archive:
        tree = etree.fromstring(archive.read("imsmanifest.xml"))
    groups = tree.findall("cp:organizations/cp:organization/cp:item", NS)
    assert [g.findtext("cp:title", namespaces=NS).split(" (")[0] for g in groups] == ["Bắt buộc", "Tự chọn"]
    order = [item.get("identifierref").removeprefix("sco-") for g in groups for item in g.findall("cp:item", NS)]
    assert order == [m["id"] for m in modules]
    assert len(groups[0].findall("cp:item", NS)) == sum(m["kind"] == "compulsory" for m in modules)
    mastery = {item.findtext("adlcp:masteryscore", namespaces=NS) for item in tree.iter(f"{{{NS['cp']}}}item")
               if item.get("identifierref")}
    assert mastery == {str(PASS)}


def test_moodle_xml_parses_with_right_fractions_and_counts(site, modules, course):
    for lang in ("vi", "en"):
        for module in modules:
            path = lms_dir(site) / f"xa-so-{course['edition']}-{module['id']}-{lang}.moodle.xml"
            tree = etree.parse(str(path))
            questions = tree.findall("question[@type='multichoice']")
            data = quiz(module["id"], "vi")["questions"]
            assert len(questions) == len(data), path.name
            assert tree.find("question[@type='category']/category/text").text.startswith("$course$/Xã Số")
            for question, source in zip(questions, data):
                fractions = [float(a.get("fraction")) for a in question.findall("answer")]
                assert abs(sum(f for f in fractions if f > 0) - 100) < 0.01, (path.name, fractions)
                right = [i for i, o in enumerate(source["options"]) if o.get("correct")]
                assert [i for i, f in enumerate(fractions) if f > 0] == right
                assert question.findtext("single") == ("true" if len(right) == 1 else "false")
                assert question.find("generalfeedback/text").text.strip()


def test_gift_parses_with_gift_pegjs_and_counts(site, modules, course):
    files = sorted(lms_dir(site).glob("*.gift.txt"))
    script = ("const {parse} = require('gift-pegjs'); const fs = require('fs'); const out = {};"
              "for (const f of process.argv.slice(1)) { const qs = parse(fs.readFileSync(f, 'utf8'));"
              " out[f] = qs.filter(q => q.type === 'MC').map(q => q.choices.filter(c => c.isCorrect || (c.weight > 0)).length); }"
              "console.log(JSON.stringify(out));")
    done = subprocess.run(["node", "-e", script, *map(str, files)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    parsed = json.loads(done.stdout)
    assert len(parsed) == 2 * len(modules)
    for name, right_counts in parsed.items():
        module_id = Path(name).name.split("-")[3]
        data = quiz(module_id, "vi")["questions"]
        assert right_counts == [sum(bool(o.get("correct")) for o in q["options"]) for q in data], name


# ---- played against scorm-again ------------------------------------------------------------------

@pytest.fixture(scope="module")
def lms_host(site, course, tmp_path_factory):
    """A folder served on localhost: the runtime, a host page (the 'LMS') and the unzipped packages."""
    root = tmp_path_factory.mktemp("lms-host")
    (root / "scorm12.js").write_bytes(SCORM_AGAIN.read_bytes())
    (root / "host.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>'
        '<script src="scorm12.js"></script><script>'
        'function newApi(data) { window.API = new Scorm12API({autocommit: false, logLevel: 5});'
        ' if (data) window.API.loadFromJSON(data, "");'
        ' window.calls = []; ["LMSSetValue", "LMSFinish"].forEach(function (name) { var real = API[name].bind(API);'
        ' API[name] = function () { window.calls.push([name].concat([].slice.call(arguments))); return real.apply(null, arguments); }; });'
        ' return true; } newApi();'
        '</script></head><body><iframe id="sco" style="width:390px;height:800px" title="SCO"></iframe></body></html>',
        encoding="utf-8")
    for package in lms_dir(site).glob("*-scorm12.zip"):
        with zipfile.ZipFile(package) as archive:
            archive.extractall(root / package.name.removesuffix(".zip"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", root
    httpd.shutdown()


@pytest.fixture
def lms_page(browser, lms_host):  # noqa: F811
    """The host page ('the LMS'); only the local server may be asked for anything."""
    base, _root = lms_host
    with guarded_page(browser, allowed=(base,), viewport={"width": 500, "height": 900}) as page:
        page.goto(base + "host.html")
        yield page


def open_sco(page, package: str, module_id: str):
    page.evaluate(f"document.getElementById('sco').src = '{package}/{module_id}/index.html'")
    frame = page.frame_locator("#sco")
    frame.locator(".xa-quiz-actions").wait_for()
    page.wait_for_function("window.API.cmi.core.lesson_status === 'incomplete'")
    return frame


def answer(frame, correct: bool):
    key = json.loads(frame.locator(".xa-quiz-key").text_content())
    for fieldset in frame.locator(".xa-quiz-q").all():
        right = key[fieldset.get_attribute("data-q")]["c"]
        values = [i.get_attribute("value") for i in fieldset.locator("input").all()]
        for value in (right if correct else [next(v for v in values if v not in right)]):
            fieldset.locator(f"label:has(input[value='{value}'])").click()
    frame.locator(".xa-quiz-form button[type=submit]").click()


def cmi(page) -> dict:
    return page.evaluate("({status: API.cmi.core.lesson_status, raw: API.cmi.core.score.raw, min: API.cmi.core.score.min,"
                         " max: API.cmi.core.score.max, suspend: API.cmi.suspend_data})")


def test_a_module_package_reports_passed_score_and_resumes(lms_page, modules, course):
    module = next(m for m in modules if m["id"] == "c4")
    package = f"xa-so-{course['edition']}-c4-vi-scorm12"
    frame = open_sco(lms_page, package, "c4")
    exercise = frame.locator(".xa-exercise").first
    exercise.locator("label.task-list-control").nth(0).click()
    exercise.locator("label.task-list-control").nth(1).click()
    answer(frame, correct=True)
    state = cmi(lms_page)
    assert state["status"] == "passed" and state["raw"] == "100" and state["min"] == "0" and state["max"] == "100", state
    assert len(state["suspend"]) <= 4096 and "s1" in state["suspend"]
    assert lms_page.evaluate("localStorage.getItem('xa-so:learner')") is None, "inside an LMS the data belongs to the LMS"

    # the learner comes back: the LMS hands the stored suspend_data to a new session
    lms_page.evaluate("document.getElementById('sco').src = 'about:blank'")
    stored = state["suspend"]
    lms_page.evaluate("(s) => newApi({cmi: {suspend_data: s, core: {lesson_status: 'passed'}}})", stored)
    frame = open_sco_resumed(lms_page, package, "c4")
    exercise = frame.locator(".xa-exercise").first
    assert exercise.locator("input[type=checkbox]").nth(0).is_checked()
    assert exercise.locator("input[type=checkbox]").nth(1).is_checked()
    assert frame.locator(".xa-quiz-result").get_attribute("data-percent") == "100", "the answers were not restored"
    assert cmi(lms_page)["status"] == "passed"
    assert lms_page.external == []
    assert module["id"] == "c4"


def open_sco_resumed(page, package, module_id):
    page.evaluate(f"document.getElementById('sco').src = '{package}/{module_id}/index.html'")
    frame = page.frame_locator("#sco")
    frame.locator(".xa-quiz-actions").wait_for()
    return frame


def test_a_failed_quiz_is_reported_failed(lms_page, course):
    frame = open_sco(lms_page, f"xa-so-{course['edition']}-c2-en-scorm12", "c2")
    answer(frame, correct=False)
    state = cmi(lms_page)
    assert state["status"] == "failed" and int(state["raw"]) < PASS, state
    lms_page.evaluate("document.getElementById('sco').src = 'about:blank'")
    lms_page.wait_for_function("calls.some(c => c[0] === 'LMSFinish')")
    times = lms_page.evaluate("calls.filter(c => c[1] === 'cmi.core.session_time').map(c => c[2])")
    assert len(times) == 1 and re.fullmatch(r"\d{4}:\d{2}:\d{2}(\.\d{1,2})?", times[0]), times


def test_the_course_package_launches_every_sco(lms_page, modules, course):
    package = f"xa-so-{course['edition']}-vi-scorm12"
    for module in modules:
        lms_page.evaluate("newApi()")
        frame = open_sco(lms_page, package, module["id"])
        assert frame.locator("h1").first.inner_text().startswith(module["id"].upper())
    assert lms_page.external == []


def test_outside_an_lms_the_sco_is_the_normal_page(browser, site, course, tmp_path):  # noqa: F811
    with zipfile.ZipFile(lms_dir(site) / f"xa-so-{course['edition']}-c1-vi-scorm12.zip") as archive:
        archive.extractall(tmp_path)
    page = browser.new_page()
    page.goto((tmp_path / "c1" / "index.html").as_uri())
    answer(page, correct=True)
    assert page.locator(".xa-quiz-result").get_attribute("data-percent") == "100"
    assert json.loads(page.evaluate("localStorage.getItem('xa-so:learner')"))["quiz"]["c1"]["best"] == 100
    page.close()


def test_the_lighter_zip_has_no_link_to_a_missing_file(site, course):
    """The no-PDF zip (for trainees on weak links) keeps no PDF button, and no zip links the LMS packages."""
    for name in (f"xa-so-{course['edition']}-no-pdf.zip", f"xa-so-{course['edition']}.zip"):
        path = site / "download" / name
        if not path.exists():
            continue
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            folder = sorted(names)[0].split("/")[0]
            for entry in (n for n in names if n.endswith(".html")):
                html_text = archive.read(entry).decode("utf-8")
                assert not re.search(r'href="[^"]*download/lms/', html_text), (name, entry)
                base = entry.rsplit("/", 1)[0]
                for href in re.findall(r'href="([^"#?]+\.(?:pdf|zip))"', html_text):
                    target = "/".join(part for part in (base + "/" + href).split("/") if part != ".")
                    parts = []
                    for part in target.split("/"):
                        parts = parts[:-1] if part == ".." else parts + [part]
                    assert "/".join(parts) in names, (name, entry, href)
        assert folder.startswith("xa-so-")
