"""Build the site once per test session (both languages, every PDF) into a temporary folder."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the xaso package (also before make has installed it)

BIN = Path(sys.executable).parent
EPOCH = "1795478400"  # 2026-11-24: fixed so builds are reproducible
# Practice kits are cached by a hash of their inputs: builds of project copies share this cache.
KIT_CACHE = {"XASO_KIT_CACHE": os.environ.get("XASO_KIT_CACHE") or str(ROOT / ".cache" / "kits")}


def build(project: Path, site_dir: Path, *, pdf: bool = True, extra_env=None) -> subprocess.CompletedProcess:
    env = {**os.environ, **KIT_CACHE, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "XASO_PDF": "1" if pdf else "0",
           **(extra_env or {})}
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = build(ROOT, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    return out


@pytest.fixture(scope="session")
def modules():
    return yaml.safe_load((ROOT / "curriculum" / "modules.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def course():
    return yaml.safe_load((ROOT / "curriculum" / "course.yml").read_text(encoding="utf-8"))


LANGS = ["vi", "en"]


def lang_prefix(lang: str) -> str:
    return "" if lang == "vi" else f"{lang}/"


def module_page(site: Path, module: dict, lang: str) -> Path:
    return site / f"{lang_prefix(lang)}modules/{module['slug']}/index.html"


def html_pages(site: Path):
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def article(html: str) -> str:
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    assert match, "page has no <article>"
    return match.group(1)
