"""Read the settings the command-line tools need from mkdocs.yml, without starting MkDocs."""

from pathlib import Path

import yaml

from .data import DataError, Problem, read_text
from .paths import ROOT


class _Loader(yaml.SafeLoader):
    """Reads MkDocs' tags (`!ENV`, `!relative`, python tags) as their plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: (
    loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else
    loader.construct_mapping(node) if isinstance(node, yaml.MappingNode) else loader.construct_scalar(node)))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_yml() -> dict:
    try:
        return yaml.load(read_text(ROOT / "mkdocs.yml"), Loader=_Loader) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise DataError([Problem("mkdocs.yml", mark.line + 1 if mark else None,
                                 f"YAML syntax error: {getattr(err, 'problem', None) or err}",
                                 "check indentation and punctuation on this line (YAML)")]) from None


def languages(config: dict | None = None) -> list[str]:
    """The languages built, source language first (the i18n plugin's `languages`)."""
    config = config or mkdocs_yml()
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            return [lang["locale"] for lang in plugin["i18n"]["languages"] if lang.get("build", True)]
    return ["vi"]


def partial_languages(config: dict | None = None) -> list[str]:
    """Languages allowed to build with a Vietnamese fallback (extra.translation_fallback)."""
    config = config or mkdocs_yml()
    return list((config.get("extra") or {}).get("translation_fallback") or [])
