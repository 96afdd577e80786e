"""MkDocs hook: serve files from npm packages (fonts, the offline-search shim) from the site itself.

`extra.vendor` in mkdocs.yml maps a site path to a file under node_modules/ (pinned by
package-lock.json), so no page ever asks another host for a font or a script. The font of a
language's script (Khmer for km; xaso/languages.py) is added only when such a language is built.
"""

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from _mkdocs import languages
from xaso import languages as _languages

log = logging.getLogger("mkdocs.xaso.assets")
ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"


SCRIPT_CSS = "assets/css/fonts-scripts.css"


def on_config(config):
    """A language written in another script than Latin (km) brings its font: a stylesheet of
    @font-face rules (xaso/languages.py) on every page, its files copied from npm in on_files."""
    if _languages.web_font_css(languages(config)) and SCRIPT_CSS not in config.extra_css:
        config.extra_css.insert(1, SCRIPT_CSS)
    return config


def on_files(files, config):
    missing = []
    codes = languages(config)
    css = _languages.web_font_css(codes)
    if css:   # from a file: static-i18n needs every file's source path
        generated = ROOT / ".cache" / "fonts" / Path(SCRIPT_CSS).name
        generated.parent.mkdir(parents=True, exist_ok=True)
        if not generated.exists() or generated.read_text(encoding="utf-8") != css:
            generated.write_text(css, encoding="utf-8")
        files.append(File.generated(config, SCRIPT_CSS, abs_src_path=str(generated)))
    script_fonts = _languages.web_font_files(codes)
    for dest, package_path in {**(config.extra.get("vendor") or {}), **script_fonts}.items():
        source = NODE_MODULES / package_path
        if not source.is_file():
            missing.append(package_path)
            continue
        files.append(File.generated(config, dest, abs_src_path=str(source)))
    if missing:
        raise PluginError("node_modules is missing " + ", ".join(missing) +
                          " — run `make build` (or `npm ci`) to install the pinned npm packages")
    return files
