"""The corpus in tests/bad_inputs/cases.yml: every broken input stops the build cleanly."""

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import EPOCH, KIT_CACHE, ROOT

CASES = yaml.safe_load((ROOT / "tests" / "bad_inputs" / "cases.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The committed project (git archive of HEAD), with the installed .venv and node_modules linked."""
    out = tmp_path_factory.mktemp("pristine") / "project"
    out.mkdir()
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    for name in (".venv", "node_modules"):
        (out / name).symlink_to(ROOT / name)
    return out


def apply(project: Path, edit: dict):
    path = project / edit["file"]
    if edit.get("delete"):
        path.unlink()
    elif "write" in edit:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(edit["write"], encoding="utf-8")
    elif "append" in edit:
        path.write_text(path.read_text(encoding="utf-8") + edit["append"], encoding="utf-8")
    elif "find" in edit:
        text = path.read_text(encoding="utf-8")
        assert edit["find"] in text, f"case is stale: {edit['find']!r} not in {edit['file']}"
        path.write_text(text.replace(edit["find"], edit["replace"], 1), encoding="utf-8")
    elif "encode" in edit:
        text = unicodedata.normalize("NFD", path.read_text(encoding="utf-8"))
        path.write_bytes(text.encode(edit["encode"], errors="replace"))
    elif edit.get("bom_crlf"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case, pristine, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(pristine, project, symlinks=True)
    (project / "site").mkdir()
    (project / "site" / "previous-build.txt").write_text("the last good build")
    for edit in case["edits"]:
        apply(project, edit)
    env = {**os.environ, **KIT_CACHE, "XASO_PDF": "0", "SOURCE_DATE_EPOCH": EPOCH}
    # The copy links the installed .venv and node_modules: tell make they are up to date.
    installed = ["-o", ".venv/.installed", "-o", "node_modules/.installed", "-o", "system-deps"]
    result = subprocess.run(["make", "--no-print-directory", *installed, "build"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-4000:]
    if case.get("passes"):
        assert result.returncode == 0, output[-4000:]
        page = (project / "site" / case["page"]).read_text(encoding="utf-8") if case.get("page") else ""
        for text in case.get("page_has", []):
            assert text in page
        for text in case.get("page_lacks", []):
            assert text not in page
        return
    assert result.returncode != 0, output[-4000:]
    for text in case["expect"]:
        assert text in output, f"{text!r} not in build output:\n{output[-4000:]}"
    assert (project / "site" / "previous-build.txt").exists(), "a failed build replaced the previous site/"
