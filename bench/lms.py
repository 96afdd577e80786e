"""LMS packages benchmark (not a test): `python bench/lms.py` (also in `make bench`).

In a copy of the project, two cold full builds (every PDF, empty caches): without the LMS packages
(XASO_LMS=0) and with them; prints the time the packages add (target, issue #19: <= 15 %) and the
package sizes (target: a module package <= 350 KB).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def copy_project(dest: Path):
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, listed.decode().split("\0")):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    for name in (".venv", "node_modules"):
        (dest / name).symlink_to(ROOT / name)


def build(project: Path, site: Path, caches: Path, lms: bool) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795478400", "XASO_LMS": "1" if lms else "0",
           "XASO_PDF_CACHE": str(caches / "pdf"), "XASO_LMS_CACHE": str(caches / "lms"), "XASO_DIAGRAM_CACHE": str(caches / "dia")}
    start = time.monotonic()
    done = subprocess.run([str(BIN / "mkdocs"), "build", "--site-dir", str(site)], cwd=project, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return time.monotonic() - start


def main():
    with tempfile.TemporaryDirectory(prefix="xaso-bench-lms-") as tmp:
        work = Path(tmp)
        project = work / "project"
        copy_project(project)
        without = build(project, work / "site-a", work / "cache-a", lms=False)
        with_lms = build(project, work / "site-b", work / "cache-b", lms=True)
        packages = sorted((work / "site-b" / "download" / "lms").iterdir())
        modules = [p for p in packages if p.name.endswith("-scorm12.zip") and p.name.count("-") == 5]
        courses = [p for p in packages if p.name.endswith("-scorm12.zip") and p.name.count("-") == 4]
        banks = [p for p in packages if not p.name.endswith(".zip")]
        largest = max(modules, key=lambda p: p.stat().st_size)
        print(f"cold full build without LMS packages: {without:6.1f} s")
        print(f"cold full build with LMS packages:    {with_lms:6.1f} s  (+{(with_lms / without - 1) * 100:.0f} %; target <= 15 %)")
        print(f"module packages: {len(modules)}, largest {largest.name} {largest.stat().st_size // 1024} KB (target <= 350 KB), "
              f"median {sorted(p.stat().st_size for p in modules)[len(modules) // 2] // 1024} KB")
        print("course packages: " + ", ".join(f"{p.name} {p.stat().st_size // 1024} KB" for p in courses))
        print(f"question banks: {len(banks)} files, {sum(p.stat().st_size for p in banks) // 1024} KB in all")


if __name__ == "__main__":
    main()
