"""Class materials from the key points (issue #21, xaso.pack): per module and language a one-page A4
summary card and 16:9 slides (title, outcomes, one per lesson section, one per exercise, the key
points), the edition in every footer; linked where instructors look; never a dead link offline."""

import math
import re
import subprocess
import zipfile

import pikepdf
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, lang_prefix, module_page

LESSON_SECTIONS = ("why", "concepts", "steps", "mistakes")


def squash(text: str) -> str:
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


def page_texts(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def ui(lang):
    return yaml.safe_load((ROOT / "curriculum" / ("ui.yml" if lang == "vi" else f"ui.{lang}.yml")).read_text(encoding="utf-8"))


def key_points(module, lang):
    if lang == "vi":
        return module["key_points"]
    data = yaml.safe_load((ROOT / "curriculum" / f"modules.{lang}.yml").read_text(encoding="utf-8"))
    return data[module["id"]]["key_points"]


def exercise(module_id, ex_id, lang):
    file = ROOT / "exercises" / module_id / (f"{ex_id}.yml" if lang == "vi" else f"{ex_id}.{lang}.yml")
    return yaml.safe_load(file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_slides_are_16_9_one_per_section_and_exercise_with_the_edition_in_the_footer(site, modules, course, lang):
    edition = squash(f'{ui(lang)["edition"]} {course["edition"]}')
    for module in modules:
        page = module_page(site, module, lang)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        sections = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in soup.select("article h2[id]")
                    if h["id"] in LESSON_SECTIONS]
        exercises = list(dict.fromkeys(e["data-exercise"] for e in soup.select("article [data-exercise]")))
        points = key_points(module, lang)
        assert len(sections) == len(LESSON_SECTIONS) and exercises and points, module["id"]
        path = page.parent / f"xa-so-{module['id']}-{lang}-slides.pdf"
        with pikepdf.open(path) as pdf:
            boxes = {tuple(round(float(v)) for v in p.mediabox) for p in pdf.pages}
            assert str(pdf.Root.Lang) == lang and pdf.Root.MarkInfo.Marked and len(pdf.Root.StructTreeRoot.K.K) > 0
        assert boxes == {(0, 0, 720, 405)}, f"{path.name}: not 16:9 {boxes}"
        slides = page_texts(path)
        expected = 2 + len(sections) + len(exercises) + math.ceil(len(points) / 3)
        assert len(slides) == expected, f"{path.name}: {len(slides)} slides, expected title + outcomes + {len(sections)} sections + {len(exercises)} exercises + key points"
        for number, text in enumerate(slides, start=1):
            flat = squash(text)
            assert f"XãSố·{edition}" in flat, f"{path.name} slide {number}: no edition in the footer"
            assert f"{module['id'].upper()}·{number}/{expected}" in flat, f"{path.name} slide {number}: no slide number"
        assert squash(module["id"].upper() + ".") in squash(slides[0])
        for n, heading in enumerate(sections):
            assert squash(heading) in squash(slides[2 + n]), f"{path.name}: section {heading!r} not on slide {3 + n}"
        for n, ex_id in enumerate(exercises):
            ex = exercise(module["id"], ex_id, lang)
            text = squash(slides[2 + len(sections) + n])
            assert squash(ex["title"]) in text and squash(ex["goal"]) in text, f"{path.name}: exercise {ex_id}"
        tail = squash("".join(slides[2 + len(sections) + len(exercises):]))
        for point in points:
            assert squash(point) in tail, f"{path.name}: key point missing: {point[:40]}"


@pytest.mark.parametrize("lang", LANGS)
def test_summary_card_is_one_a4_page_with_every_key_point(site, modules, course, lang):
    edition = squash(f'{ui(lang)["edition"]} {course["edition"]}')
    for module in modules:
        path = module_page(site, module, lang).parent / f"xa-so-{module['id']}-{lang}-card.pdf"
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == 1, f"{path.name}: {len(pdf.pages)} pages"
            assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 595, 842], path.name
        text = squash(page_texts(path)[0])
        assert squash(f"{module['id'].upper()}.") in text and edition in text, path.name
        for point in key_points(module, lang):
            assert squash(point) in text, f"{path.name}: key point missing: {point[:40]}"


def test_instructors_find_them_on_the_module_page_and_the_schedule_page(site, modules, course):
    for lang in LANGS:
        schedule = BeautifulSoup((site / lang_prefix(lang) / "schedule.html").read_text(encoding="utf-8"), "html.parser")
        listed = {a["href"] for a in schedule.select(".xa-pack-list a")}
        for module in modules:
            page = module_page(site, module, lang)
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            buttons = soup.select("#instructor ~ .xa-download a")
            for kind in ("instructor", "card", "slides"):
                name = f"xa-so-{module['id']}-{lang}-{kind}.pdf"
                assert (page.parent / name).exists()
                button = next((b for b in buttons if b["href"] == name), None)
                assert button is not None, f"{page}: no {kind} button in the instructor section"
                assert re.search(r"\d+ [KM]B", button.select_one(".xa-pdf-size").get_text()), f"{name}: no size"
                assert f"modules/{module['slug']}/{name}" in listed, f"schedule ({lang}) does not list {name}"
                assert (site / lang_prefix(lang) / f"modules/{module['slug']}/{name}").exists()


def test_the_no_pdf_zip_links_to_no_pdf(site, course):
    """The lighter zip leaves the PDFs out: no page in it may still link to one (buttons, the
    schedule page's list of instructor materials)."""
    light = site / "download" / f"xa-so-{course['edition']}-no-pdf.zip"
    with zipfile.ZipFile(light) as archive:
        names = set(archive.namelist())
        assert not any(name.endswith(".pdf") for name in names)
        for name in sorted(n for n in names if n.endswith(".html")):
            text = archive.read(name).decode("utf-8")
            dead = re.findall(r'href="([^"#?]+\.pdf)"', text)
            assert not dead, f"{name} links to {dead[:3]} (not in the no-PDF zip)"
            assert "xa-pack-list" not in text


def test_a_sections_summary_is_whole_sentences_never_cut_inside_a_quotation():
    from xaso.pack import _shorten

    story = ('Sáng thứ Hai, chị Hoa vừa mở máy tính thì điện thoại reo. Người gọi xưng là công an: '
             '"Số căn cước của chị liên quan đến một vụ án. Chị phải xác minh ngay." Chị hoảng.')
    assert _shorten(story, 120) == "Sáng thứ Hai, chị Hoa vừa mở máy tính thì điện thoại reo."
    assert _shorten(story, len(story) - 3) == story[:story.index("ngay.\"") + 6]
    assert _shorten(story, 40).endswith(" …") and len(_shorten(story, 40)) <= 42
    assert _shorten(story, 1000) == story
