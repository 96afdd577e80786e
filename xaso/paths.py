"""Where the project being built lives.

The package may be installed once (an editable install in .venv) and used for several projects:
upstream, a province fork, a test's throw-away copy. So the project is not where this file is, but
the folder holding `mkdocs.yml`: $XASO_ROOT if set, else the current folder or its nearest parent
with a mkdocs.yml (MkDocs and `python -m xaso` both run there)."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    if os.environ.get("XASO_ROOT"):
        return Path(os.environ["XASO_ROOT"]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


ROOT = project_root()
