"""MkDocs hook: every page says which language each part of it is in.

- English (or any non-Vietnamese) pages: quoted Vietnamese words get lang="vi" (_lang.py), in
  the content and in the menus around it.
- One "page not found" page (site/404.html) for the whole site, in every language.
  mkdocs-static-i18n builds each language into the same folder, so the last language's 404.html
  (lang="en", menus of whatever page was rendered last) replaced the default one (static-i18n
  #284). The default language's build now writes it, with each language's words
  (curriculum/ui*.yml) under their own lang (overrides/404.html); the other builds skip it.
"""

from xaso.course import SOURCE_LANGUAGE
from xaso.lang import body_of, mark_vietnamese
from _mkdocs import course, language, languages


def on_pre_build(config):
    # Not on_config: static-i18n sets the language being built in its own on_config, after ours.
    if language(config) != SOURCE_LANGUAGE:
        config.theme.static_templates.discard("404.html")
        return
    config.theme.static_templates.add("404.html")
    ui = course().ui
    config.extra["not_found"] = [
        {"lang": lang, "title": ui[lang]["not_found_title"], "text": ui[lang]["not_found_text"],
         "home_label": ui[lang]["not_found_home"],
         "home": "index.html" if lang == SOURCE_LANGUAGE else f"{lang}/index.html"}
        for lang in languages(config)]


def on_post_page(output, page, config):
    if language(config) == SOURCE_LANGUAGE:
        return output
    head, body = body_of(output)
    return head + mark_vietnamese(body)
