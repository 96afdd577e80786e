"""The corpus in tests/bad_inputs/cases.yml: every broken input stops the build cleanly."""

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import EPOCH, KIT_CACHE, ROOT
from forks import copy_project, git, run, write

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


# --- One reader for every file (issue #20) ---------------------------------------------------------------
# Each kind of source file, saved as Windows-1258 (as on many commune PCs), stops the build and the command
# line with a line naming the file and the fix, never a traceback. One git copy of the project with a
# province's local/ overlay serves every case: the file is written as Windows-1258, the build and the
# command line run, and the file is put back.

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
NOTE = "Ghi chú của người dịch: tiếng Việt có dấu"
LOCAL = {
    "local/province.yml": "province_name: Tỉnh Mẫu Sơn\nhotline: \"0000 000 111\"\n",
    "local/docs/lien-he.md": "# Liên hệ ở Mẫu Sơn\n\nCần giúp đỡ, hãy gọi {{ province.hotline }}.\n",
    "local/docs/lien-he.en.md": "# Contacts in Mau Son\n\nFor help, call {{ province.hotline }}.\n",
}
CLI = {  # file -> commands that read it (besides `translations`, which reads every source and translation)
    "curriculum/changelog.en.yml": [["release", "2099.1"]],
    "curriculum/course.en.yml": [["release", "2099.1"]],
    "curriculum/course.yml": [["edition"], ["verification"]],
    "curriculum/modules.yml": [["new-module", "e21"]],
    "curriculum/ui.en.yml": [["new-module", "e21"]],
    "local/modules.yml": [["new-module", "e21"]],
    "local/modules.en.yml": [["new-module", "e21"]],
    "docs/modules/c1-chinh-quyen-so/index.md": [["verification"], ["translations", "--stamp"]],
}
KINDS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "curriculum").glob("*.yml")) + [
    "docs/modules/c1-chinh-quyen-so/index.md",         # a module page
    "docs/modules/c1-chinh-quyen-so/index.en.md",      # its translation
    "docs/fork.en.md",                                 # a translated page that is not a module's
    "docs/modules/c4-chu-ky-so/ky-va-kiem-tra.dot",    # a diagram
    "exercises/c2/c2-strong-password.yml", "exercises/c2/c2-strong-password.en.yml",
    "exercises/c1/selfcheck.en.yml", "exercises/c1/quiz.yml", "exercises/c1/quiz.en.yml",
    "local/province.yml", "local/docs/lien-he.md", "local/docs/lien-he.en.md",
    "local/modules.yml", "local/modules.en.yml",
    "local/docs/modules/e20-du-lich-so/index.md", "local/exercises/e20/e20-practice.en.yml",
]


def windows_1258(text: str) -> bytes:
    """`text` as Windows-1258 saves it: precomposed letters where the code page has them (ă â ê ô ơ ư đ),
    tone marks as combining characters after them."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            # A character the code page lacks (→, …) is saved as "?", as Windows' "Save as ANSI" does.
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258", errors="replace")
    return bytes(out)


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("encodings") / "fork")
    write(project, LOCAL)
    made = run(project, "python", "-m", "xaso", "new-module", "e20", "--slug", "e20-du-lich-so",
               "--title-vi", "Du lịch số ở xã", "--title-en", "Digital tourism in the commune")
    assert made.returncode == 0, made.stdout + made.stderr
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "province")
    return project


@pytest.mark.parametrize("name", KINDS)
def test_windows_1258_file_is_named_with_the_fix(name, fork, tmp_path):
    path = fork / name
    original = path.read_bytes()
    text = original.decode("utf-8")
    comment = {".md": f"\n<!-- {NOTE} -->\n", ".dot": f"\n// {NOTE}\n"}.get(path.suffix, f"\n# {NOTE}\n")
    encoded = windows_1258(text.rstrip("\n") + comment)
    with pytest.raises(UnicodeDecodeError):
        encoded.decode("utf-8")
    path.write_bytes(encoded)
    try:
        results = {"build": run(fork, "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site"),
                                XASO_ZIP="0", XASO_LMS="0")}
        for args in ([["translations"]] if path.suffix in (".md", ".yml") else []) + CLI.get(name, []):
            results[" ".join(args)] = run(fork, "python", "-m", "xaso", *args)
    finally:   # the next case starts from the committed fork again
        git(fork, "checkout", "-q", "--", ".")
        git(fork, "clean", "-fdq", "--", "curriculum", "docs", "exercises", "local")
    for step, result in results.items():
        output = result.stdout + result.stderr
        assert "Traceback" not in output, f"{step}: {output[-3000:]}"
        assert result.returncode != 0 if step == "build" else result.returncode == 2, f"{step}: {output[-3000:]}"
        assert any(name in line and "UTF-8" in line and " — " in line for line in output.split("\n")), \
            f"{step} does not name {name}:\n{output[-3000:]}"
