"""Module content, checked on the built pages: anatomy, length, exercises, self-check, references."""

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, lang_prefix, module_page

SECTIONS = list(yaml.safe_load((ROOT / "curriculum" / "ui.yml").read_text(encoding="utf-8"))["sections"])
MODULES = yaml.safe_load((ROOT / "curriculum" / "modules.yml").read_text(encoding="utf-8"))
LEGAL_IDS = {e["id"] for e in yaml.safe_load((ROOT / "curriculum" / "legal.yml").read_text(encoding="utf-8"))}
MIN_WORDS = 1800


def prose_words(article) -> int:
    """Words the author wrote: the article without generated parts (exercises, self-check, references)."""
    for generated in article.select(".xa-exercise, .xa-selfcheck, .xa-badges, .xa-outcomes, .xa-download, "
                                    ".xa-verified, .headerlink"):
        generated.decompose()
    return len(re.findall(r"\w+", article.get_text(" ")))


def instructor_kit(article) -> list[str]:
    """The h3 headings of the #instructor section (plan, preparation, demo, questions, checking)."""
    heading = article.find("h2", id="instructor")
    parts = []
    for node in heading.find_next_siblings():
        if node.name == "h2":
            break
        if node.name == "h3":
            parts.append(node.get_text(" ", strip=True).replace("¶", "").strip())
    return parts


def instructor_table(article) -> str:
    """The first table after the #instructor heading, if it is still inside that section."""
    heading = article.find("h2", id="instructor")
    table = heading.find_next("table")
    if table is None or table.find_previous("h2") is not heading:
        return ""
    return table.get_text(" ")


def test_no_module_is_left_a_draft():
    drafts = [m["id"] for m in MODULES if m["status"] == "draft"]
    assert not drafts, f"still drafts: {drafts}"


@pytest.mark.parametrize("module", MODULES, ids=[m["id"] for m in MODULES])
def test_module_is_complete_in_every_language(site, module):
    if module["status"] == "draft":
        pytest.skip("draft")
    for lang in LANGS:
        page = BeautifulSoup(module_page(site, module, lang).read_text(encoding="utf-8"), "html.parser")
        article = page.find("article")
        h2_ids = [h.get("id") for h in article.find_all("h2")]
        for section in SECTIONS:
            assert section in h2_ids, f"{module['id']} {lang}: section #{section} missing"
        order = [h2_ids.index(s) for s in SECTIONS]
        assert order == sorted(order), f"{module['id']} {lang}: sections out of order"
        assert "references" in h2_ids
        assert len(article.select(".xa-exercise")) >= 3, f"{module['id']} {lang}: fewer than 3 exercises"
        assert 3 <= len(article.select(".xa-selfcheck .xa-question")) <= 5
        assert all(q.find("details") for q in article.select(".xa-question")), "answers must work without JS"
        for link in article.select(f"a[href*='legal.html#']"):
            assert link["href"].split("#")[1] in LEGAL_IDS
        assert "{{" not in article.get_text(), f"{module['id']} {lang}: unresolved placeholder"
        kit = instructor_kit(article)
        assert len(kit) >= 5, f"{module['id']} {lang}: the instructor's kit has {len(kit)} parts: {kit}"
        assert re.search(r"\d", instructor_table(article)), f"{module['id']} {lang}: the kit has no timed session plan table"
        words = prose_words(article)
        assert words >= MIN_WORDS, f"{module['id']} {lang}: {words} words < {MIN_WORDS}"


def test_glossary_and_legal_pages_in_both_languages(site):
    for lang in LANGS:
        glossary = BeautifulSoup((site / lang_prefix(lang) / "glossary.html").read_text(encoding="utf-8"), "html.parser")
        assert len(glossary.select("dl.xa-glossary dt[id]")) >= 60
        legal = BeautifulSoup((site / lang_prefix(lang) / "legal.html").read_text(encoding="utf-8"), "html.parser")
        assert {h["id"] for h in legal.select("article h2[id]")} >= LEGAL_IDS


def test_modules_link_glossary_terms(site):
    for module in MODULES:
        if module["status"] == "draft":
            continue
        for lang in LANGS:
            html = module_page(site, module, lang).read_text(encoding="utf-8")
            assert html.count("glossary.html#") >= 3, f"{module['id']} {lang} links fewer than 3 glossary terms"
