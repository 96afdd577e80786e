"""MkDocs hook: every page says which language each part of it is in.

- Any language code (hmn, km): the theme's words come from a language it has (_theme_words), the
  page still says lang="<code>".

- English (or any non-Vietnamese) pages: quoted Vietnamese words get lang="vi" (_lang.py), in
  the content and in the menus around it.
- One "page not found" page (site/404.html) for the whole site, in every language.
  mkdocs-static-i18n builds each language into the same folder, so the last language's 404.html
  (lang="en", menus of whatever page was rendered last) replaced the default one (static-i18n
  #284). The default language's build now writes it, with each language's words
  (curriculum/ui*.yml) under their own lang (overrides/404.html); the other builds skip it.
"""

from pathlib import Path

from xaso import languages as _languages
from xaso.course import SOURCE_LANGUAGE
from xaso.lang import body_of, mark_vietnamese
from _mkdocs import course, language, language_entries, languages


def on_pre_build(config):
    # Not on_config: static-i18n sets the language being built in its own on_config, after ours.
    _theme_words(config)
    if language(config) != SOURCE_LANGUAGE:
        config.theme.static_templates.discard("404.html")
        return
    config.theme.static_templates.add("404.html")
    ui = course().ui
    config.extra["not_found"] = [
        {"lang": lang, "title": ui[lang]["not_found_title"], "text": ui[lang]["not_found_text"],
         "home_label": ui[lang]["not_found_home"],
         "home": "index.html" if lang == SOURCE_LANGUAGE else f"{lang}/index.html"}
        for lang in languages(config)
        # a partial language without its own words for this page is not shown twice in Vietnamese
        if lang == SOURCE_LANGUAGE or ui[lang]["not_found_title"] != ui[SOURCE_LANGUAGE]["not_found_title"]]


def _theme_words(config):
    """Material's words for a language it does not know (hmn, km) are borrowed from another one
    (Vietnamese unless the language's mkdocs.yml entry sets `theme: {language: ..}`). Set here for
    every language: static-i18n 1.3.1 restores the theme.language of the language built before when
    one entry overrides it. overrides/partials/language.html puts the page's own code as `lang` and
    curriculum/ui.<code>.yml `theme_words` over the borrowed words."""
    code = language(config)
    chosen = next((entry["theme"] for entry in language_entries(config) if entry["code"] == code), None)
    config.theme["language"] = _languages.theme_language(code, chosen, lambda lang: any(
        (Path(d) / "partials" / "languages" / f"{lang}.html").exists() for d in config.theme.dirs))
    config.extra["theme_words"] = {**(course().ui.get(code, {}).get("theme_words") or {}), "language": code}


def on_post_page(output, page, config):
    if language(config) == SOURCE_LANGUAGE:
        return output
    head, body = body_of(output)
    return head + mark_vietnamese(body)
