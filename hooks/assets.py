"""MkDocs hook: serve files from npm packages (fonts, the offline-search shim) from the site itself.

`extra.vendor` in mkdocs.yml maps a site path to a file under node_modules/ (pinned by
package-lock.json), so no page ever asks another host for a font or a script.
"""

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.xaso.assets")
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"


def on_files(files, config):
    missing = []
    for dest, package_path in (config.extra.get("vendor") or {}).items():
        source = NODE_MODULES / package_path
        if not source.is_file():
            missing.append(package_path)
            continue
        files.append(File.generated(config, dest, abs_src_path=str(source)))
    if missing:
        raise PluginError("node_modules is missing " + ", ".join(missing) +
                          " — run `make build` (or `npm ci`) to install the pinned npm packages")
    return files
