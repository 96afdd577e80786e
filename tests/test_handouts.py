"""The instructor's pack (issue #21): the module PDF on the page is a learner handout with no answer
and no instructor section; the instructor guide holds every answer with its explanation."""

import re
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, module_page


def squash(text: str) -> str:
    """Text without spaces, line breaks and hyphens: a PDF breaks lines (and long addresses) anywhere."""
    return re.sub(r"[\s\u00ad-]+", "", text)


def pdf_text(path) -> str:
    return squash(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def snippet(text: str) -> str:
    """The first words of a text, as compared with a PDF's extracted text."""
    return squash(" ".join(text.split()[:7]))


def whole(text: str) -> str:
    return squash(text)


def data(module_id, name, lang):
    file = ROOT / "exercises" / module_id / (f"{name}.yml" if lang == "vi" else f"{name}.{lang}.yml")
    return yaml.safe_load(file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_learner_handouts_hold_no_answer_and_guides_hold_every_answer(site, modules, lang):
    instructor_word = yaml.safe_load((ROOT / "curriculum" / ("ui.yml" if lang == "vi" else f"ui.{lang}.yml"))
                                     .read_text(encoding="utf-8"))["sections"]["instructor"]
    for module in modules:
        folder = module_page(site, module, lang).parent
        handout = pdf_text(folder / f"xa-so-{module['id']}-{lang}.pdf")
        guide = pdf_text(folder / f"xa-so-{module['id']}-{lang}-instructor.pdf")
        selfcheck = data(module["id"], "selfcheck", lang)["questions"]
        quiz = data(module["id"], "quiz", lang)["questions"]
        assert squash(instructor_word) not in handout, (module["id"], lang)
        # what the lesson itself says may be quoted by an answer: only text that is not on the page
        # (outside the answers) proves an answer leaked
        soup = BeautifulSoup(module_page(site, module, lang).read_text(encoding="utf-8"), "html.parser")
        for hidden in soup.select("script, details, #instructor ~ *"):
            hidden.decompose()
        lesson = whole(soup.get_text(" "))
        assert squash(instructor_word) in guide
        for q in selfcheck:
            assert snippet(q["question"]) in handout, "the handout lost a self-check question"
            for secret in (q["answer"], q["why"]):   # whole answers: a lesson may share their first words
                if whole(secret) not in lesson:
                    assert whole(secret) not in handout, (module["id"], lang, secret)
            assert snippet(q["answer"]) in guide, (module["id"], lang, q["answer"])
        for q in quiz:
            assert snippet(q["question"]) in handout, "the handout lost a quiz question"
            if whole(q["explanation"]) not in lesson:
                assert whole(q["explanation"]) not in handout, (module["id"], lang, q["id"])
            assert snippet(q["explanation"]) in guide, (module["id"], lang, q["id"])
        page = module_page(site, module, lang).read_text(encoding="utf-8")
        assert re.search(rf'href="xa-so-{module["id"]}-{lang}-instructor.pdf"[^>]*>[^<]+<span class="xa-pdf-size"[^>]*>\d', page)


def test_every_module_page_and_handout_ends_with_its_key_points(site, modules):
    for module in modules:
        for lang in LANGS:
            soup = BeautifulSoup(module_page(site, module, lang).read_text(encoding="utf-8"), "html.parser")
            points = soup.select(".xa-key-points li")
            assert 3 <= len(points) <= 6, (module["id"], lang)
            assert soup.select_one("#key-points") is not None
        handout = pdf_text(module_page(site, module, "vi").parent / f"xa-so-{module['id']}-vi.pdf")
        assert squash(points[0].get_text()) not in "" and snippet(
            BeautifulSoup(module_page(site, module, "vi").read_text(encoding="utf-8"), "html.parser")
            .select(".xa-key-points li")[0].get_text()) in handout
