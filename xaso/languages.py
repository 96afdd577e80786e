"""What a language needs besides its words: a well-formed code, the script it is written in, and a
font for that script on the web and in PDFs (plain tables and functions; no MkDocs).

A province adds a language by configuration only (README "Adding a language"). The tables below are
the one place that knows which languages are not written in Latin letters and which font covers
each script. Noto Sans (fonts.css, xaso.pdf.FONT_FACES) covers Latin, Vietnamese included; another
script's font is copied into the site and embedded in PDFs only when a language written in it is
built, so the upstream site (vi, en) does not grow by a byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .data import Problem

# A BCP 47 language tag as sites use them: a language (ISO 639-1 two letters, or ISO 639-2/3 three
# letters when it has no two-letter code, like hmn), optionally a script (Hant, Latn) and a region
# (VN, BR, 419): vi, hmn, km, zh-Hant, pt-BR. Lower-case language, as static-i18n names files
# (index.hmn.md) and folders (hmn/).
CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")
CODE_EXAMPLES = "vi, hmn, km, zh-Hant, pt-BR"
SOURCE = "vi"   # the course's own language; a language the theme has no words for borrows its words

# Language -> script (ISO 15924 names). A language not listed is written in Latin letters
# (H'Mông RPA, Tày, Nùng, Ê-đê, Jrai, Ba Na … in Vietnam). A code's own script subtag (zh-Hant,
# sr-Latn) wins over this table.
SCRIPTS = {
    "km": "Khmer",
    "th": "Thai", "lo": "Lao", "my": "Myanmar",
    "zh": "Han", "ja": "Japanese", "ko": "Hangul",
    "ru": "Cyrillic", "uk": "Cyrillic", "bg": "Cyrillic", "sr": "Cyrillic",
    "ar": "Arabic", "fa": "Arabic", "ur": "Arabic", "he": "Hebrew",
    "hi": "Devanagari", "ne": "Devanagari", "el": "Greek",
}
SCRIPT_SUBTAGS = {"Latn": "Latin", "Khmr": "Khmer", "Thai": "Thai", "Laoo": "Lao", "Mymr": "Myanmar",
                  "Hans": "Han", "Hant": "Han", "Cyrl": "Cyrillic", "Arab": "Arabic", "Hebr": "Hebrew",
                  "Deva": "Devanagari", "Grek": "Greek", "Cham": "Cham"}


@dataclass(frozen=True)
class ScriptFont:
    """A font for one script, from an npm package (pinned in package.json / package-lock.json)."""
    family: str
    package: str
    files: dict = field(default_factory=dict)   # weight -> woff2 file inside the package (its script subset)
    unicode_range: str = ""
    pdf: bool = True   # also embedded in PDFs (not needed when the PDFs' whole Noto Sans covers it)

    def site_path(self, weight: int) -> str:
        return f"assets/fonts/{self.files[weight].rsplit('/', 1)[-1]}"

    def package_path(self, weight: int) -> str:
        return f"{self.package}/{self.files[weight]}"


# Script -> the font that covers it. Latin needs nothing beyond Noto Sans.
FONTS = {
    "Latin": None,
    "Khmer": ScriptFont("Noto Sans Khmer", "@fontsource/noto-sans-khmer",
                        {400: "files/noto-sans-khmer-khmer-400-normal.woff2",
                         700: "files/noto-sans-khmer-khmer-700-normal.woff2"},
                        "U+1780-17FF, U+19E0-19FF, U+200C-200D, U+25CC"),
}


# Languages written in Latin letters beyond those of Vietnamese and Western Europe (ĕ ŏ ŭ ƀ č in
# Ê-đê and Jrai). The web's Noto Sans subsets (fonts.css: latin, vietnamese) lack them; this font,
# under a family of its own and only on those languages' pages, adds them. PDFs embed the whole
# Noto Sans, which has them.
LATIN_EXTENDED = {"rad", "jra"}
LATIN_EXT = ScriptFont("Noto Sans Latin Ext", "@fontsource/noto-sans",
                       {400: "files/noto-sans-latin-ext-400-normal.woff2",
                        700: "files/noto-sans-latin-ext-700-normal.woff2"},
                       "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+1D00-1DBF, U+1E00-1E9F, "
                       "U+1EF2-1EFF, U+2C60-2C7F, U+A720-A7FF", pdf=False)


def code_problem(code) -> tuple[str, str] | None:
    """(problem, fix) when `code` is not a language code we can build, else None."""
    if isinstance(code, str) and CODE.match(code):
        return None
    return (f"'{code}' is not a language code",
            f"write an ISO 639 code in lower case (two letters, or three when the language has no "
            f"two-letter code), optionally with a script and a region: {CODE_EXAMPLES}")


def script_of(code: str) -> str:
    parts = code.split("-")
    subtag = next((p for p in parts[1:] if len(p) == 4), None)
    if subtag:
        return SCRIPT_SUBTAGS.get(subtag, subtag)
    return SCRIPTS.get(parts[0], "Latin")


def font_problem(code: str) -> tuple[str, str] | None:
    """(problem, fix) when no font is configured for the script `code` is written in."""
    script = script_of(code)
    if script in FONTS:
        return None
    return (f"no font covers the {script} script that '{code}' is written in",
            f"add a '{script}' entry to FONTS in xaso/languages.py (a Noto font from npm @fontsource, "
            f"pinned in package.json, like Noto Sans Khmer), or write the code with its script "
            f"(e.g. {code.split('-')[0]}-Latn) if the language is written in Latin letters")


def fonts_of(code: str) -> list[ScriptFont]:
    """The fonts a language needs beyond Noto Sans's latin and vietnamese subsets."""
    script = script_of(code)
    fonts = [FONTS[script]] if FONTS.get(script) else []
    return fonts + ([LATIN_EXT] if script == "Latin" and code.split("-")[0] in LATIN_EXTENDED else [])


def script_fonts(codes) -> list[ScriptFont]:
    """The fonts the languages `codes` need beyond Noto Sans, each once, in a stable order."""
    fonts = []
    for code in codes:
        fonts += [font for font in fonts_of(code) if font not in fonts]
    return fonts


def web_font_files(codes) -> dict[str, str]:
    """site path -> file under node_modules/, for the fonts of `codes` (like mkdocs.yml extra.vendor)."""
    return {font.site_path(weight): font.package_path(weight) for font in script_fonts(codes) for weight in font.files}


def web_font_css(codes) -> str:
    """@font-face rules for the site: each script's font under its own family with its unicode-range,
    first in line after Noto Sans only on the pages of the languages written in it
    (`html:lang(km)`). So a Vietnamese page of a fork with Khmer never downloads the Khmer font, not
    even for the language switcher's "ខ្មែរ" (the phone's own font shows that word)."""
    rules = []
    for font in script_fonts(codes):
        for weight in font.files:
            rules.append(f'@font-face {{\n  font-family: "{font.family}"; font-style: normal; font-weight: {weight}; '
                         f'font-display: swap;\n  src: url(../fonts/{font.site_path(weight).rsplit("/", 1)[-1]}) '
                         f'format("woff2");\n  unicode-range: {font.unicode_range};\n}}')
        pages = ", ".join(f"html:lang({code})" for code in codes if font in fonts_of(code))
        rules.append(f'{pages} {{ --md-text-font: "Noto Sans", "{font.family}"; }}')
    return (f"/* Fonts for the scripts of this site's languages (xaso/languages.py FONTS), from npm. */\n"
            + "\n".join(rules) + "\n") if rules else ""


def pdf_font_faces(code: str) -> list[tuple[str, int, str, str]]:
    """(family, weight, style, file under node_modules/) of the fonts a PDF in `code` needs beyond
    Noto Sans. Their own family name (not "Noto Sans"): WeasyPrint merges same-named font files."""
    return [(font.family, weight, "normal", font.package_path(weight))
            for font in fonts_of(code) if font.pdf for weight in font.files]


def theme_language(code: str, chosen: str | None, theme_has) -> str:
    """The language whose words the theme (Material) shows for `code`: the one its mkdocs.yml entry
    chose (`theme: {language: fr}`), else `code` itself when the theme has words for it, else
    Vietnamese. `theme_has(code)`: whether the theme has partials/languages/<code>.html."""
    if chosen:
        return chosen
    return code if theme_has(code) else SOURCE


def mkdocs_line(text: str, code: str) -> int | None:
    """The line of `locale: <code>` in mkdocs.yml's text, for messages."""
    pattern = re.compile(r"^\s*(?:-\s*)?locale:\s*(.*?)\s*$")
    for number, line in enumerate(text.split("\n"), start=1):
        match = pattern.match(line)
        if match and match.group(1).strip("\"'") == str(code):
            return number
    return None


def problems(entries: list[dict], theme_has, ui_exists, mkdocs_text: str) -> list[Problem]:
    """Every problem with the configured languages, as Problem(file, line, message, fix).

    `entries`: {"code", "theme"} per built language (`theme`: the language its entry chose for
    the theme's words, or None); `ui_exists(code)`: whether curriculum/ui.<code>.yml exists."""
    found = []
    for entry in entries:
        code, chosen = entry["code"], entry.get("theme")
        line = mkdocs_line(mkdocs_text, code)
        wrong = code_problem(code)
        if wrong:
            found.append(Problem("mkdocs.yml", line, *wrong))
            continue
        if code != SOURCE and not ui_exists(code):
            found.append(Problem("mkdocs.yml", line, f"language '{code}' has no curriculum/ui.{code}.yml",
                                 f"copy curriculum/ui.yml to ui.{code}.yml and translate it (a partial language "
                                 "needs at least fallback_notice), or fix the language code"))
        no_font = font_problem(code)
        if no_font:
            found.append(Problem("mkdocs.yml", line, *no_font))
        if chosen and not theme_has(chosen):
            found.append(Problem("mkdocs.yml", line,
                                 f"language '{code}' borrows the theme's words of '{chosen}', which the theme does not have",
                                 "set its `theme: {language: ..}` to a language the theme knows (vi, en, fr …; "
                                 "see material/templates/partials/languages/), or remove it to borrow the Vietnamese words"))
    return found
