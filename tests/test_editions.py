"""Editions: the edition in every footer, the changelog, and two editions published side by side with mike."""

import json
import re
import subprocess
import threading
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import yaml
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, html_pages, lang_prefix, module_page
from forks import copy_project, git, run

MAKE = ["make", "--no-print-directory", "-o", ".venv/.installed", "-o", "node_modules/.installed",
        "-o", "system-deps"]


def test_every_page_footer_names_the_edition(site, course):
    for page in (p for p in html_pages(site) if p.name != "404.html"):
        footer = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".md-footer .xa-edition")
        assert footer is not None and course["edition"] in footer.get_text(), page
        target = (page.parent / footer["href"]).resolve()
        assert target.exists() and target.name == "changelog.html", page


def test_changelog_page_and_changed_modules(site, modules, course):
    changelog = yaml.safe_load((ROOT / "curriculum" / "changelog.yml").read_text(encoding="utf-8"))
    assert changelog[0]["edition"] == course["edition"]
    named = {m for change in changelog[0]["changes"] for m in change.get("modules", [])}
    assert named, "the current edition's changelog should name at least one module"
    for lang in LANGS:
        page = (site / lang_prefix(lang) / "changelog.html").read_text(encoding="utf-8")
        headings = re.findall(r'<h2 id="edition-([0-9-]+)"', page)
        assert headings == [entry["edition"].replace(".", "-") for entry in changelog]
        for module in modules:
            html = module_page(site, module, lang).read_text(encoding="utf-8")
            assert ("xa-changed" in html) == (module["id"] in named), (module["id"], lang)


def test_plain_build_has_no_version_selector(site):
    config = re.search(r'<script id="__config"[^>]*>(.*?)</script>', (site / "index.html").read_text(encoding="utf-8"), re.S)
    assert json.loads(config.group(1))["version"]["provider"] != "mike"


def _new_edition(project, edition):
    course = project / "curriculum" / "course.yml"
    course.write_text(re.sub(r'edition: "[^"]+"', f'edition: "{edition}"', course.read_text(encoding="utf-8")), encoding="utf-8")
    for name, entry in (("changelog.yml", f'- edition: "{edition}"\n  date: 2026-11-24\n  summary: Bản thử nghiệm thứ hai.\n'
                                          f'  changes:\n    - text: Sửa học phần C2.\n      modules: [c2]\n'),
                        ("changelog.en.yml", f'"{edition}":\n  summary: A second test edition.\n  changes: [Fixed module C2.]\n')):
        path = project / "curriculum" / name
        text = path.read_text(encoding="utf-8")
        head = text.index("- edition") if name == "changelog.yml" else text.index('"')
        path.write_text(text[:head] + entry + text[head:], encoding="utf-8")
    git(project, "commit", "-q", "-am", f"edition {edition}")


def test_two_editions_published_with_mike(tmp_path):
    project = copy_project(tmp_path / "repo")
    first = run(project, *MAKE, "publish")
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-4000:]
    _new_edition(project, "2027.1")
    second = run(project, *MAKE, "publish")
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-4000:]

    versions = json.loads(git(project, "show", "gh-pages:versions.json").stdout)
    assert [v["version"] for v in versions] == ["2027.1", "2026.1"]
    assert versions[0]["aliases"] == ["latest"] and versions[1]["aliases"] == []

    served = tmp_path / "served"
    git(project, "worktree", "add", "-q", str(served), "gh-pages")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def get(path):
        with urllib.request.urlopen(base + path) as response:
            return response.read().decode("utf-8")

    try:
        for edition in ("2026.1", "2027.1"):
            for prefix in ("", "en/"):
                page = BeautifulSoup(get(f"{edition}/{prefix}index.html"), "html.parser")
                assert edition in page.select_one(".xa-edition").get_text()
                config = json.loads(page.select_one("#__config").string)
                assert config["version"]["provider"] == "mike"
                # Material fetches versions.json from the edition root: ../versions.json from its base
                assert (served / edition / prefix / config["base"] / ".." / "versions.json").resolve() == (served / "versions.json").resolve()
                switch = [a["href"] for a in page.select("a.md-select__link[hreflang]")]
                assert switch and not any(h.startswith("/") for h in switch), switch
        assert "2027.1" in get("latest/index.html")
        assert json.loads(get("versions.json"))[0]["version"] == "2027.1"
        assert "latest/" in get("index.html")  # the root redirects to the default alias
    finally:
        server.shutdown()
