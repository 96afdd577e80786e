"""The built site: every module in both languages, home page, switcher, headings, lang."""

import re
import subprocess

from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, lang_prefix, module_page, html_pages


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_module_has_a_page_in_every_language(site, modules):
    assert len(modules) == 19
    for module in modules:
        for lang in LANGS:
            page = module_page(site, module, lang)
            assert page.exists(), f"missing {page}"
            h1 = soup(page).find("h1")
            assert h1 and h1.get_text().startswith(module["id"].upper() + "."), page


def test_every_module_page_has_a_module(site, modules):
    slugs = {m["slug"] for m in modules}
    for lang in LANGS:
        built = {p.parent.name for p in (site / lang_prefix(lang) / "modules").glob("*/index.html")}
        assert built == slugs, f"{lang}: pages without module {built - slugs}, modules without page {slugs - built}"


def test_home_lists_all_modules(site, modules):
    for lang in LANGS:
        page = soup(site / lang_prefix(lang) / "index.html")
        listed = {a["href"] for a in page.select("article a[href*='modules/']")}
        expected = {f"modules/{m['slug']}/index.html" for m in modules}
        assert expected <= listed, expected - listed


def test_pages_declare_their_language(site):
    # One 404.html serves every language (static-i18n #284); it is left out.
    for page in (p for p in html_pages(site) if p.name != "404.html"):
        rel = page.relative_to(site).as_posix()
        lang = soup(page).html.get("lang")
        assert lang == ("en" if rel.startswith("en/") else "vi"), rel


def test_language_switcher_goes_to_the_same_page(site, modules):
    for module in modules:
        for lang, other in (("vi", "en"), ("en", "vi")):
            page = module_page(site, module, lang)
            links = soup(page).select("a.md-select__link[hreflang]")
            targets = {a["hreflang"]: (page.parent / a["href"]).resolve() for a in links}
            assert targets[other] == module_page(site, module, other).resolve(), page
            assert not any(a["href"].startswith("/") for a in links), "switcher links must be relative"


def test_module_page_anatomy_from_data(site, modules):
    for module in modules:
        for lang in LANGS:
            page = soup(module_page(site, module, lang))
            art = page.find("article")
            assert art.select_one(".xa-badges"), "badges"
            assert art.select_one(".xa-outcomes li"), "outcomes"
            assert art.select_one(".xa-verified time[datetime]"), "last verified"
            button = art.select_one(".xa-download a[href$='.pdf']")
            assert button and button["href"].endswith(f"-{lang}.pdf"), "download button"
            assert len(art.find_all("h1")) == 1


def test_headings_do_not_skip_levels(site):
    for page in html_pages(site):
        levels = [int(h.name[1]) for h in soup(page).find("article").find_all(re.compile("^h[1-6]$"))] \
            if soup(page).find("article") else []
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{page}: h{before} followed by h{after}"


def test_vietnamese_anchors_are_readable(site, modules):
    page = soup(module_page(site, modules[0], "vi"))
    ids = [h.get("id", "") for h in page.find("article").find_all(["h2", "h3"])]
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids if i), ids


def test_draft_modules_say_so(site, modules):
    for module in modules:
        text = module_page(site, module, "vi").read_text(encoding="utf-8")
        assert ('<p class="admonition-title">Bản nháp</p>' in text) == (module["status"] == "draft"), module["id"]


def test_the_logic_package_never_imports_mkdocs():
    """xaso/ must move to another site engine unchanged (issue #16): no MkDocs or Material import,
    and every hook is a small adapter."""
    import ast
    offenders = []
    for path in sorted((ROOT / "xaso").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names
                          if n.split(".")[0] in ("mkdocs", "material", "mkdocs_static_i18n")]
    assert not offenders, offenders
    assert len(list((ROOT / "xaso").rglob("*.py"))) > 10
    for hook in (ROOT / "hooks").glob("*.py"):
        assert len(hook.read_text(encoding="utf-8").splitlines()) <= 150, f"{hook.name} is no longer a thin adapter"


def test_readme_layout_names_every_top_folder():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    folders = sorted({name.split("/")[0] for name in tracked if "/" in name and not name.startswith(".")})
    missing = [f for f in folders if not re.search(rf"^{re.escape(f)}/", layout, re.M)]
    assert not missing, f"README's layout does not name {missing}"
