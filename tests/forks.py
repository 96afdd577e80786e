"""Helpers for tests that work on a throw-away git copy of the project (forks, editions, languages)."""

import os
import subprocess
from pathlib import Path

from conftest import BIN, EPOCH, KIT_CACHE, ROOT

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(project: Path, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=project, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True, check=check)


def copy_project(dest: Path) -> Path:
    """The project's files (tracked and new, not ignored; as in the working tree) in a new git repository on `main`."""
    dest.mkdir(parents=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    for name in (".venv", "node_modules"):
        (dest / name).symlink_to(ROOT / name)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "upstream")
    return dest


def write(project: Path, files: dict):
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def env(**extra) -> dict:
    return {**os.environ, **GIT_ENV, **KIT_CACHE, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "XASO_PDF": "0", **extra}


def run(project: Path, *args, timeout=600, **extra_env) -> subprocess.CompletedProcess:
    """A project command with the shared virtual environment on PATH (mkdocs, mike, python)."""
    path = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(list(args), cwd=project, env=env(PATH=path, **extra_env),
                          capture_output=True, text=True, timeout=timeout)
