"""Translations keep up: stamps, the report, warnings and failures, and a third language by configuration."""

import json
import re

from bs4 import BeautifulSoup

from conftest import ROOT, build
from forks import copy_project, git, run, write

C2 = "docs/modules/c2-an-toan-thong-tin/index.md"


def test_the_report_runs_and_nothing_is_missing():
    result = run(ROOT, "python", "-m", "xaso", "translations")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^en: \d+ current, \d+ outdated, \d+ without a source version, 0 missing$", result.stdout, re.M), result.stdout


def test_outdated_warns_missing_fails_and_stamp_records(tmp_path):
    project = copy_project(tmp_path / "repo")
    page = project / C2
    page.write_text(page.read_text(encoding="utf-8").replace("## ", "Một câu mới trong bản tiếng Việt.\n\n## ", 1),
                    encoding="utf-8")
    git(project, "commit", "-q", "-am", "change the Vietnamese C2 page")

    report = run(project, "python", "-m", "xaso", "translations")
    line = next(l for l in report.stdout.split("\n") if "index.en.md" in l and "c2-" in l)
    assert line.split()[0] == "outdated" and "+2 −0 lines" in line and "git diff" in line, report.stdout

    built = build(project, tmp_path / "site", pdf=False)
    assert built.returncode == 0, built.stderr[-3000:]
    assert "WARNING -  docs/modules/c2-an-toan-thong-tin/index.en.md: made from an older" in built.stderr

    stamped = run(project, "python", "-m", "xaso", "translations", "--stamp", C2.replace(".md", ".en.md"))
    assert stamped.returncode == 0, stamped.stderr
    assert "0 outdated" in run(project, "python", "-m", "xaso", "translations").stdout

    (project / "docs/fork.en.md").unlink()
    failed = build(project, tmp_path / "site2", pdf=False)
    assert failed.returncode != 0
    assert "docs/fork.en.md: missing en translation of docs/fork.md" in failed.stderr, failed.stderr[-3000:]
    assert "Traceback" not in failed.stderr


FRENCH = {
    "docs/index.fr.md": "# {{ course.title }}\n\nBienvenue dans le cours Xã Số, édition {{ course.edition }}.\n\n"
                        "{{ module_list }}\n",
    "docs/glossary.fr.md": "# Glossaire\n\nLes mots du cours, expliqués simplement.\n\n{{ glossary }}\n",
    "curriculum/course.fr.yml": "title: \"Xã Số : informatique et transformation numérique pour les cadres communaux\"\n"
                                "subtitle: Un cours ouvert, pour apprendre en pratiquant\n",
}
LANGUAGE = """        - locale: fr
          name: Français
          build: true
          site_name: Xã Số (Commune numérique)
          nav_translations:
            Trang chủ: Accueil
            Học phần: Modules
            Tra cứu: Références
"""


def test_a_third_language_is_configuration_only(tmp_path):
    project = copy_project(tmp_path / "repo")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - offline\n", LANGUAGE + "  - offline\n", 1), encoding="utf-8")
    ui = (project / "curriculum/ui.en.yml").read_text(encoding="utf-8")
    ui = re.sub(r"^fallback_notice: .*$", "fallback_notice: \"Cette page n'est pas encore traduite ; voici la version "
                "vietnamienne.\"", ui, flags=re.M)
    write(project, {**FRENCH, "curriculum/ui.fr.yml": ui})

    incomplete = build(project, tmp_path / "refused", pdf=False)
    assert incomplete.returncode != 0
    assert "curriculum/modules.fr.yml: missing fr translation of curriculum/modules.yml" in incomplete.stderr, \
        incomplete.stderr[-3000:]

    config.write_text(config.read_text(encoding="utf-8").replace("translation_fallback: []", "translation_fallback: [fr]"),
                      encoding="utf-8")
    result = build(project, tmp_path / "site", pdf=False)
    assert result.returncode == 0, result.stderr[-4000:]
    site = tmp_path / "site"

    def soup(path):
        return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")

    home = soup("fr/index.html")
    assert home.html["lang"] == "fr" and "Bienvenue dans le cours" in home.get_text()
    assert not home.select(".xa-fallback")
    assert "Accueil" in home.select_one(".md-nav").get_text()
    for fallback in ("fr/legal.html", "fr/modules/c1-chinh-quyen-so/index.html"):
        page = soup(fallback)
        assert "Cette page n'est pas encore traduite" in page.select_one(".xa-fallback").get_text(), fallback
        assert page.select_one("article div[lang=vi]") is not None, fallback
    assert "Văn bản pháp luật" in soup("fr/legal.html").select_one("article").get_text()
    switcher = {a["hreflang"]: a["href"] for a in soup("fr/legal.html").select("a.md-select__link[hreflang]")}
    assert set(switcher) == {"vi", "en", "fr"} and not any(h.startswith("/") for h in switcher.values())
    assert not soup("en/legal.html").select(".xa-fallback") and not soup("legal.html").select(".xa-fallback")
    # Its own search index, which its pages fetch (xaso/search.py).
    config = json.loads(soup("fr/legal.html").select_one("#__config").string)
    assert config["search_index"] == "fr/search/search_index.json"
    index = json.loads((site / "fr/search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] and all(d["location"].startswith("fr/") for d in index["docs"])
