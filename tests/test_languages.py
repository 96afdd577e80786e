"""A province adds a language by configuration only (README "Adding a language"): H'Mông (`hmn`, an
ISO 639-3 code, Latin script) and Khmer (`km`, Khmer script), both partial. No Python, template or
CSS is written for them: two mkdocs.yml entries, `extra.translation_fallback`, one curriculum/ui.<code>.yml
each with the notice sentence, one translated page each.

The fixture's H'Mông (RPA spelling) and Khmer sentences are test fixtures, not checked by native
speakers; they are never shipped.
"""

import re
import subprocess

import pytest

from conftest import build
from forks import copy_project, run, write
from test_browser import browser, guarded_page  # noqa: F401  (the browser fixture)
from xaso import languages as _languages

HMN_NOTICE = "Nplooj ntawv no tseem tsis tau txhais ua lus Hmoob; no yog lus Nyab Laj."
KM_NOTICE = "ទំព័រនេះមិនទាន់បានបកប្រែនៅឡើយទេ។ នេះជាកំណែភាសាវៀតណាម។"
# hmn borrows the theme's English words (its choice); km the default, Vietnamese
LANGUAGES = ("        - locale: hmn\n          name: Hmoob\n          build: true\n"
             "          theme:\n            language: en\n"
             "        - locale: km\n          name: ខ្មែរ\n          build: true\n")
FILES = {
    "curriculum/ui.hmn.yml": "# Test fixture (H'Mông, RPA): only the notice; the other words are the Vietnamese ones.\n"
                             f"fallback_notice: {HMN_NOTICE}\n",
    "curriculum/ui.km.yml": "# Test fixture (Khmer): only the notice; the other words are the Vietnamese ones.\n"
                            f"fallback_notice: {KM_NOTICE}\n"
                            "theme_words:\n  search.placeholder: ស្វែងរក\n",
    "docs/glossary.hmn.md": "# Lo lus\n\n{{ glossary }}\n",
    "docs/glossary.km.md": "# សទ្ទានុក្រម\n\n{{ glossary }}\n",
}
MODULE = "modules/c2-an-toan-thong-tin/index.html"
KHMER = re.compile("[\u1780-\u17ff]")


def add_languages(project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  translation_fallback: []\n" in text and "  - offline\n" in text
    text = text.replace("  translation_fallback: []\n", "  translation_fallback: [hmn, km]\n")
    config.write_text(text.replace("  - offline\n", LANGUAGES + "  - offline\n", 1), encoding="utf-8")
    write(project, FILES)


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    """The fork's site: every page, and the PDFs of one module in Khmer only (XASO_PDF=km), to stay fast."""
    tmp = tmp_path_factory.mktemp("languages")
    project = copy_project(tmp / "fork")
    add_languages(project)
    stamped = run(project, "python", "-m", "xaso", "translations", "--stamp")
    assert stamped.returncode == 0 and "stamped docs/glossary.km.md" in stamped.stdout, stamped.stdout + stamped.stderr
    result = build(project, tmp / "site", pdf=False,
                   extra_env={"XASO_PDF": "km", "XASO_PDF_MODULES": "c2", "XASO_LMS": "0", "XASO_ZIP": "0"})
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr and "does not record which version" not in result.stderr
    return tmp / "site"


def test_pages_say_their_language(fork):
    for code in ("hmn", "km"):
        for page in ("index.html", "glossary.html", MODULE):
            html = (fork / code / page).read_text(encoding="utf-8")
            assert f'<html lang="{code}"' in html, (code, page)
    assert '<html lang="vi"' in (fork / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (fork / "en/index.html").read_text(encoding="utf-8")
    # the language switcher of every page offers both new languages
    switcher = (fork / "en/index.html").read_text(encoding="utf-8")
    assert 'hreflang="hmn"' in switcher and 'hreflang="km"' in switcher


def test_untranslated_pages_show_vietnamese_with_the_notice_in_the_language(fork):
    hmn = (fork / "hmn" / MODULE).read_text(encoding="utf-8")
    km = (fork / "km" / MODULE).read_text(encoding="utf-8")
    assert HMN_NOTICE in hmn and KM_NOTICE in km
    for html in (hmn, km):
        # the module's title falls back to Vietnamese (not English), and the Vietnamese text says so
        assert re.search(r"<h1[^>]*>C2\. An toàn thông tin", html)
        assert "C2. Information security" not in html
        assert '<div lang="vi">' in html
    # the theme has no words for hmn or km: km borrows the Vietnamese ones (the default), hmn the
    # English ones (`theme: {language: en}` on its entry), each page still lang="<code>" with its
    # own notice and Vietnamese module titles; ui.km.yml translates one theme word (theme_words)
    assert 'aria-label="Chân trang"' in km and 'aria-label="Footer"' in hmn
    assert 'placeholder="ស្វែងរក"' in km and 'placeholder="Search"' in hmn
    # a translated page is shown in its language, without the notice
    glossary = (fork / "km/glossary.html").read_text(encoding="utf-8")
    assert "សទ្ទានុក្រម" in glossary and KM_NOTICE not in glossary
    assert "Lo lus" in (fork / "hmn/glossary.html").read_text(encoding="utf-8")


def test_khmer_font_is_served_from_the_site(fork):
    css = (fork / "assets/css/fonts-scripts.css").read_text(encoding="utf-8")
    assert "noto-sans-khmer-khmer-400-normal.woff2" in css and "U+1780-17FF" in css
    assert (fork / "assets/fonts/noto-sans-khmer-khmer-400-normal.woff2").stat().st_size > 10_000
    assert "assets/css/fonts-scripts.css" in (fork / "km/index.html").read_text(encoding="utf-8")


def test_chromium_loads_the_khmer_font_only_for_khmer_pages(fork, browser):  # noqa: F811
    with guarded_page(browser, viewport={"width": 390, "height": 844}) as page:
        fonts = []
        page.on("request", lambda request: fonts.append(request.url) if request.url.endswith(".woff2") else None)
        page.goto((fork / "km" / MODULE).as_uri())
        page.evaluate("document.fonts.ready")
        loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        assert any("Noto Sans Khmer" in family for family in loaded), loaded
        assert any("noto-sans-khmer-khmer-400" in url for url in fonts), fonts
        # a Vietnamese page of the same site (its language switcher says "ខ្មែរ") does not fetch it
        fonts.clear()
        page.goto((fork / MODULE).as_uri())
        page.evaluate("document.fonts.ready")
        assert fonts and not any("khmer" in url for url in fonts), fonts
        assert page.external == []


def test_upstream_site_gets_no_script_font():
    """Vietnamese readers pay for every KB: the Khmer font comes only with a Khmer-script language."""
    assert _languages.web_font_files(["vi", "en"]) == {} and _languages.web_font_css(["vi", "en", "hmn"]) == ""
    assert set(_languages.web_font_files(["vi", "km"])) == {"assets/fonts/noto-sans-khmer-khmer-400-normal.woff2",
                                                             "assets/fonts/noto-sans-khmer-khmer-700-normal.woff2"}


def test_khmer_pdf_embeds_the_khmer_font_and_its_text_extracts(fork):
    pdf = fork / "km/modules/c2-an-toan-thong-tin/xa-so-c2-km.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    khmer = [line for line in fonts.splitlines() if "Noto-Sans-Khmer" in line]
    assert khmer and " yes " in khmer[0], fonts   # embedded
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert len(KHMER.findall(text)) >= 10, text[:2000]
    assert "ទំព័រ" in text   # "page", the notice's first word
    # only the chosen language's and module's PDFs were made
    assert not (fork / "modules/c2-an-toan-thong-tin/xa-so-c2-vi.pdf").exists()
    assert not (fork / "km/modules/c4-chu-ky-so/xa-so-c4-km.pdf").exists()


@pytest.mark.parametrize("code,fine", [("hmn", True), ("km", True), ("zh-Hant", True), ("pt-BR", True),
                                       ("k m", False), ("EN_us_x", False), ("Km", False), ("", False)])
def test_language_code_forms(code, fine):
    assert (_languages.code_problem(code) is None) == fine


def test_scripts_and_fonts():
    assert _languages.script_of("hmn") == "Latin" and _languages.script_of("km") == "Khmer"
    assert _languages.script_of("sr-Latn") == "Latin" and _languages.font_problem("km") is None
    problem, fix = _languages.font_problem("th")
    assert "Thai" in problem and "xaso/languages.py" in fix
    # Ê-đê (rad) is Latin, with letters (ĕ ŏ ŭ ƀ č) the web's Noto Sans subsets lack: latin-ext on its
    # pages only; its PDFs embed the whole Noto Sans, which has them
    assert "noto-sans-latin-ext-400-normal.woff2" in _languages.web_font_css(["vi", "rad"])
    assert "html:lang(rad)" in _languages.web_font_css(["vi", "rad"]) and _languages.pdf_font_faces("rad") == []
    assert _languages.theme_language("km", None, lambda code: code in ("vi", "en", "fr")) == "vi"
    assert _languages.theme_language("km", "fr", lambda code: True) == "fr"
    assert _languages.theme_language("fr", None, lambda code: code in ("vi", "en", "fr")) == "fr"
