"""Scaffold the pages of a module: `python tools/new_module.py <module-id>` (or `make new-module ID=e20`).

The module must already be in curriculum/modules.yml (or local/modules.yml for a province's own
module). Writes docs/modules/<slug>/index.md and index.<lang>.md for every language in
mkdocs.yml, each with the page anatomy's section headings, and never overwrites a page.
"""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from _course import DOCS, LOCAL, SOURCE_LANGUAGE  # noqa: E402


def configured_languages() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            return [lang["locale"] for lang in plugin["i18n"]["languages"]]
    return [SOURCE_LANGUAGE]


def find_module(module_id: str) -> dict:
    for path in (ROOT / "curriculum" / "modules.yml", LOCAL / "modules.yml"):
        if path.exists():
            for module in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                if module.get("id") == module_id:
                    return module
    sys.exit(f"module '{module_id}' is not in curriculum/modules.yml or local/modules.yml — add its entry first")


def page_text(lang: str) -> str:
    ui_path = ROOT / "curriculum" / ("ui.yml" if lang == SOURCE_LANGUAGE else f"ui.{lang}.yml")
    ui = yaml.safe_load(ui_path.read_text(encoding="utf-8"))
    parts = []
    for section_id, heading in ui["sections"].items():
        parts += [f"## {heading} {{ #{section_id} }}", ""]
        parts += [ui["draft_stub"], ""]
    return "\n".join(parts)


def main(module_id: str, docs: Path = DOCS):
    module = find_module(module_id)
    folder = docs / "modules" / module["slug"]
    folder.mkdir(parents=True, exist_ok=True)
    for lang in configured_languages():
        page = folder / ("index.md" if lang == SOURCE_LANGUAGE else f"index.{lang}.md")
        if page.exists():
            print(f"kept    {page.relative_to(ROOT)}")
            continue
        page.write_text(page_text(lang), encoding="utf-8")
        print(f"created {page.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
