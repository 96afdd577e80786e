"""MkDocs plugin `xaso-language-codes`: let mkdocs-static-i18n accept any language code, so a language
such as H'Mông (`hmn`, ISO 639-2/3, no two-letter code) is configuration only.

static-i18n 1.3.1 checks each `locale:` against one pattern (ISO 639-1 forms only: en, en-US, en_US;
its PR #348 widens this) while mkdocs.yml is checked, before any hook is loaded. MkDocs loads and
checks plugins in the order of `plugins:`, so this one, listed before `i18n`, replaces that pattern
when it is imported. Our own check (xaso/languages.py, from hooks/curriculum.py) then names a malformed
code with its mkdocs.yml line and the fix. Installed with the xaso package (pyproject.toml entry point),
so `mkdocs`, `mike` and test copies of the project all load it. Remove when static-i18n accepts BCP 47.
"""

import re

from mkdocs.plugins import BasePlugin
from mkdocs_static_i18n import config as _i18n_config

# Any string: the real check, with a clear message, is xaso.languages.code_problem.
_i18n_config.RE_LOCALE = re.compile("")


class LanguageCodes(BasePlugin):
    """Nothing to do at build time: importing this module is the whole work."""
