"""Xã Số inside a province's LMS (Moodle or another MOOC platform): SCORM 1.2 packages and question
banks, made from the built module pages and the quiz data. Plain Python, no MkDocs.

Under site/download/lms/, per language:
  xa-so-<edition>-<module>-<lang>-scorm12.zip   one SCO: the module page, self-contained
  xa-so-<edition>-<lang>-scorm12.zip            the course: one SCO per module, in course order,
                                                compulsory and elective modules in two groups
  xa-so-<edition>-<module>-<lang>.moodle.xml    the quiz as a Moodle question bank (multichoice)
  xa-so-<edition>-<module>-<lang>.gift.txt      the same questions in GIFT
Inside a package each SCO is `<module>/index.html` and shared files are under `assets/`; every
path is relative and nothing is fetched from outside the package. overrides/lms/scorm.js wires the
checklist and the quiz to the LMS's SCORM API; without an LMS the page works as on the site.
Packages are deterministic (xaso.zip's fixed dates) and cached by a hash of their contents.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from . import zip as _zip
from .course import SOURCE_LANGUAGE, Course
from .learner import rule
from .paths import ROOT
from .render import module_label, module_title

LMS_DIR = "download/lms"
CACHE = Path(os.environ.get("XASO_LMS_CACHE") or ROOT / ".cache" / "lms")
SCORM_JS = ROOT / "overrides" / "lms" / "scorm.js"
# Links to other pages of the site cannot work inside a package: they become plain words.
_SITE_LINK = re.compile(r'<a\b[^>]*\bhref="(?!https?:|mailto:|tel:|#)[^"]*"[^>]*>(.*?)</a>', re.S)
_DOWNLOAD = re.compile(r'<p class="xa-download">.*?</p>', re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_IMG = re.compile(r'<img\b[^>]*\bsrc="([^"]+)"')
MOODLE_FRACTIONS = (100, 50, 33.33333, 25, 20)


def module_package_name(edition: str, module_id: str, lang: str) -> str:
    return f"xa-so-{edition}-{module_id}-{lang}-scorm12.zip"


def course_package_name(edition: str, lang: str) -> str:
    return f"xa-so-{edition}-{lang}-scorm12.zip"


def bank_name(edition: str, module_id: str, lang: str, kind: str) -> str:
    return f"xa-so-{edition}-{module_id}-{lang}." + ("moodle.xml" if kind == "moodle" else "gift.txt")


# ---- the SCO page ---------------------------------------------------------------------------------

def shared_assets(site: Path) -> dict[str, Path]:
    """Files every SCO uses: Material's stylesheet and palette, our fonts, styles and scripts."""
    styles = site / "assets" / "stylesheets"
    files = {"assets/stylesheets/main.css": next(styles.glob("main.*.min.css")),
             "assets/stylesheets/palette.css": next(styles.glob("palette.*.min.css")),
             "assets/css/fonts.css": site / "assets" / "css" / "fonts.css",
             "assets/css/xa-so.css": site / "assets" / "css" / "xa-so.css",
             "assets/js/progress.js": site / "assets" / "js" / "progress.js",
             "assets/js/scorm.js": SCORM_JS}
    files.update({f"assets/fonts/{font.name}": font for font in sorted((site / "assets" / "fonts").glob("*.woff2"))})
    return files


def sco_page(course: Course, module: dict, lang: str, article_html: str) -> str:
    """The module page as one SCO: the article without site navigation, links to other site pages
    as plain words, assets from ../assets/."""
    body = _PERMALINK.sub("", _DOWNLOAD.sub("", article_html))
    body = _SITE_LINK.sub(r"\1", body)
    title = f"{module_title(module, lang)} — {course.course[lang]['title']} {course.edition}"
    styles = "".join(f'<link rel="stylesheet" href="../{href}">' for href in
                     ("assets/stylesheets/main.css", "assets/stylesheets/palette.css", "assets/css/fonts.css", "assets/css/xa-so.css"))
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{html.escape(title)}</title>{styles}'
            '<style>:root{--md-text-font-family:"Noto Sans",sans-serif}body{margin:0;font-family:var(--md-text-font-family)}'
            '.xa-sco{max-width:48rem;margin:0 auto;padding:.8rem 1rem 3rem;overflow-wrap:break-word}'
            '.xa-sco table{display:block;max-width:100%;overflow-x:auto}.xa-sco img{max-width:100%;height:auto}'
            '.xa-sco pre{overflow-x:auto}</style></head>'
            '<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="custom" data-md-color-accent="custom">'
            f'<main class="xa-sco md-typeset">{body}</main>'
            '<script src="../assets/js/scorm.js"></script><script src="../assets/js/progress.js"></script></body></html>\n')


def sco_files(course: Course, module: dict, lang: str, article_html: str, page_dir: Path) -> dict[str, bytes]:
    """`<module>/index.html` and the images it shows (diagrams), by path in the package."""
    page = sco_page(course, module, lang, article_html)
    files = {f"{module['id']}/index.html": page.encode("utf-8")}
    for src in sorted(set(_IMG.findall(page))):
        if "/" not in src and (page_dir / src).is_file():
            files[f"{module['id']}/{src}"] = (page_dir / src).read_bytes()
    return files


# ---- the manifest ---------------------------------------------------------------------------------

def manifest(identifier: str, title: str, groups: list[tuple[str | None, list[tuple[dict, str]]]],
             files: dict[str, bytes], mastery: int, lang: str) -> str:
    """imsmanifest.xml (SCORM 1.2): `groups` = [(group title or None, [(module, its title)])]."""
    items, resources = [], []
    shared = sorted(name for name in files if name.startswith("assets/"))
    for group_index, (group_title, modules) in enumerate(groups, start=1):
        leaves = []
        for module, module_title_text in modules:
            mid = module["id"]
            leaves.append(f'<item identifier="item-{mid}" identifierref="sco-{mid}" isvisible="true">'
                          f'<title>{escape(module_title_text)}</title>'
                          f'<adlcp:masteryscore>{mastery}</adlcp:masteryscore></item>')
            own = sorted(name for name in files if name.startswith(f"{mid}/"))
            resources.append(f'<resource identifier="sco-{mid}" type="webcontent" adlcp:scormtype="sco" href="{mid}/index.html">'
                             + "".join(f"<file href={quoteattr(name)}/>" for name in own)
                             + '<dependency identifierref="shared-assets"/></resource>')
        items.append(f'<item identifier="group-{group_index}"><title>{escape(group_title)}</title>{"".join(leaves)}</item>'
                     if group_title else "".join(leaves))
    resources.append('<resource identifier="shared-assets" type="webcontent" adlcp:scormtype="asset">'
                     + "".join(f"<file href={quoteattr(name)}/>" for name in shared) + "</resource>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<manifest identifier={quoteattr(identifier)} version="1.0" '
            'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd '
            'http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">\n'
            '<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>\n'
            f'<organizations default="org"><organization identifier="org"><title>{escape(title)}</title>'
            f'{"".join(items)}</organization></organizations>\n'
            f'<resources>{"".join(resources)}</resources>\n</manifest>\n')


def _write(out: Path, files: dict[str, bytes]) -> int:
    """The zip, from the cache when the same files were packed before."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    digest.update(repr(_zip.zip_date()).encode())
    cached = CACHE / f"{digest.hexdigest()[:24]}.zip"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        _zip.write_entries(cached, files)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out)
    return out.stat().st_size


def write_packages(course: Course, site: Path, pages: dict) -> dict[str, int]:
    """Every package and bank; `pages` = {(module id, lang): {"html": article, "dir": built page's folder}}.
    Returns {file name: size}."""
    out = site / LMS_DIR
    sizes = {}
    shared = {name: path.read_bytes() for name, path in shared_assets(site).items()}
    mastery = rule(course)["pass_percent"]
    for lang in course.languages:
        ui = course.ui[lang]
        modules = [m for m in course.modules if (m["id"], lang) in pages]
        per_module = {m["id"]: sco_files(course, m, lang, pages[(m["id"], lang)]["html"], pages[(m["id"], lang)]["dir"])
                      for m in modules}
        for module in modules:
            files = {**shared, **per_module[module["id"]]}
            title = module_title(module, lang)
            files["imsmanifest.xml"] = manifest(f"xa-so-{course.edition}-{module['id']}-{lang}", title,
                                                [(None, [(module, title)])], files, mastery, lang).encode("utf-8")
            name = module_package_name(course.edition, module["id"], lang)
            sizes[name] = _write(out / name, files)
            quiz = course.quizzes.get(module["id"])
            if quiz:
                questions = quiz.get(lang, quiz[SOURCE_LANGUAGE])
                for kind, text in (("moodle", moodle_xml(course, module, lang, questions)),
                                   ("gift", gift(course, module, lang, questions))):
                    bank = out / bank_name(course.edition, module["id"], lang, kind)
                    bank.write_text(text, encoding="utf-8")
                    sizes[bank.name] = bank.stat().st_size
        files = dict(shared)
        for module in modules:
            files.update(per_module[module["id"]])
        groups = [(ui[kind].capitalize() if kind in ui else kind, [(m, module_title(m, lang)) for m in modules if m["kind"] == kind])
                  for kind in ("compulsory", "elective")]
        groups = [(f"{title} ({len(members)})", members) for title, members in groups if members]
        files["imsmanifest.xml"] = manifest(f"xa-so-{course.edition}-{lang}", f"{course.course[lang]['title']} ({course.edition})",
                                            groups, files, mastery, lang).encode("utf-8")
        name = course_package_name(course.edition, lang)
        sizes[name] = _write(out / name, files)
    return sizes


# ---- question banks -------------------------------------------------------------------------------

def _fraction(count: int) -> str:
    value = round(100 / count, 5)
    allowed = min(MOODLE_FRACTIONS, key=lambda f: abs(f - value))
    return f"{allowed:g}"


def moodle_xml(course: Course, module: dict, lang: str, quiz: dict) -> str:
    """Moodle XML: a category per module, multichoice questions, feedback from the explanations."""
    category = f"$course$/Xã Số {course.edition}/{module_label(module)} {module_title(module, lang)}"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>",
             f'<question type="category"><category><text><![CDATA[{category}]]></text></category></question>']
    for q in quiz["questions"]:
        right = [o for o in q["options"] if o.get("correct")]
        single = len(right) == 1
        answers = []
        for o in q["options"]:
            fraction = "100" if single and o.get("correct") else _fraction(len(right)) if o.get("correct") else ("0" if single else f"-{_fraction(len(q['options']) - len(right))}")
            feedback = o.get("why") or (q["explanation"] if o.get("correct") else "")
            answers.append(f'<answer fraction="{fraction}" format="html"><text><![CDATA[{_cdata(o["text"])}]]></text>'
                           f'<feedback format="html"><text><![CDATA[{_cdata(feedback)}]]></text></feedback></answer>')
        parts.append(
            f'<question type="multichoice"><name><text><![CDATA[{q["id"]}]]></text></name>'
            f'<questiontext format="html"><text><![CDATA[{_cdata(q["question"])}]]></text></questiontext>'
            f'<generalfeedback format="html"><text><![CDATA[{_cdata(q["explanation"])}]]></text></generalfeedback>'
            f'<defaultgrade>1</defaultgrade><penalty>0</penalty><hidden>0</hidden><idnumber>{escape(q["id"])}</idnumber>'
            f'<single>{"true" if single else "false"}</single><shuffleanswers>true</shuffleanswers>'
            f'<answernumbering>abc</answernumbering>{"".join(answers)}</question>')
    parts.append("</quiz>")
    return "\n".join(parts) + "\n"


def _cdata(text: str) -> str:
    return html.escape(text, quote=False).replace("]]>", "]]]]><![CDATA[>")


def _gift_escape(text: str) -> str:
    return re.sub(r"([~=#{}:\\])", r"\\\1", " ".join(text.split()))


def gift(course: Course, module: dict, lang: str, quiz: dict) -> str:
    """GIFT: the same questions; several right answers get weights (~%50%…), wrong ones a penalty."""
    lines = [f"// Xã Số {course.edition} · {module_label(module)} {module_title(module, lang)} · {lang}",
             f"$CATEGORY: $course$/Xã Số {course.edition}/{module_label(module)}", ""]
    for q in quiz["questions"]:
        right = [o for o in q["options"] if o.get("correct")]
        single = len(right) == 1
        answers = []
        for o in q["options"]:
            text = _gift_escape(o["text"])
            feedback = f" #{_gift_escape(o['why'])}" if o.get("why") else ""
            if single:
                answers.append(f"\t{'=' if o.get('correct') else '~'}{text}{feedback}")
            else:
                weight = _fraction(len(right)) if o.get("correct") else f"-{_fraction(len(q['options']) - len(right))}"
                answers.append(f"\t~%{weight}%{text}{feedback}")
        lines += [f"::{q['id']}:: {_gift_escape(q['question'])} {{", *answers,
                  f"\t####{_gift_escape(q['explanation'])}", "}", ""]
    return "\n".join(lines)
