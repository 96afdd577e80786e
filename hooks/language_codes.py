"""Workaround: let mkdocs-static-i18n accept any language code, so a language such as H'Mông (`hmn`,
ISO 639-2/3, no two-letter code) is configuration only. Remove when static-i18n accepts BCP 47 codes
(static-i18n 1.3.1 accepts only ISO 639-1 forms: en, en-US, en_US; its PR #348 widens this).

static-i18n checks `locale:` while mkdocs.yml is read, before any hook is loaded, so this file is
run from mkdocs.yml itself (`extra.language_codes`, a YAML tag read before the plugins are checked,
path relative to the project folder where MkDocs runs). It replaces the plugin's one pattern, and
our own check (xaso/languages.py, from hooks/curriculum.py) then names a malformed code with its
mkdocs.yml line and the fix, instead of static-i18n's message. Listed under `hooks:` as well, to
turn the YAML tag's value (this file's globals) back into a plain setting.
"""

import re

from mkdocs_static_i18n import config as _i18n_config

# Any string: the real check, with a clear message, is xaso.languages.code_problem.
_i18n_config.RE_LOCALE = re.compile("")


def on_config(config):
    config.extra["language_codes"] = "any BCP 47 code (hooks/language_codes.py)"
    return config
