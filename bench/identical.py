"""Are two revisions' sites byte-identical? `python bench/identical.py [REV_A] [REV_B]`
(defaults: HEAD~1 and HEAD). Use it when a change must not change the output (a refactoring).

Each revision is checked out into a temporary git worktree (sharing this checkout's .venv and
node_modules; its own xaso package first on PYTHONPATH) and built with `mkdocs build --strict`,
SOURCE_DATE_EPOCH fixed and an empty PDF cache, so both builds render every PDF. Then every file
(HTML, PDF, zip, sw.js …) is compared byte for byte. Exit 0 = identical.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1764374400"  # 2025-11-29


def build(rev: str, work: Path) -> Path:
    tree, site = work / f"tree-{rev.replace('/', '_')}", work / f"site-{rev.replace('/', '_')}"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(tree), rev], cwd=ROOT, check=True)
    for name in (".venv", "node_modules"):
        (tree / name).symlink_to(ROOT / name)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(tree),
           "XASO_PDF_CACHE": str(work / f"cache-{rev.replace('/', '_')}")}
    env.pop("XASO_ROOT", None)
    done = subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "--strict", "--site-dir", str(site)],
                          cwd=tree, env=env, capture_output=True, text=True)
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
    if done.returncode:
        sys.exit(f"{rev}: the build failed:\n{done.stderr[-3000:]}")
    return site


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def main(argv: list[str]) -> int:
    rev_a, rev_b = (argv + ["HEAD~1", "HEAD"][len(argv):])[:2]
    with tempfile.TemporaryDirectory(prefix="xaso-identical-") as tmp:
        a, b = build(rev_a, Path(tmp)), build(rev_b, Path(tmp))
        fa, fb = files(a), files(b)
        differ = sorted(name for name in fa & fb if not filecmp.cmp(a / name, b / name, shallow=False))
        only_a, only_b = sorted(fa - fb), sorted(fb - fa)
        kinds = {}
        for name in fa:
            kinds[Path(name).suffix or name] = kinds.get(Path(name).suffix or name, 0) + 1
        print(f"{rev_a} vs {rev_b}: {len(fa)} and {len(fb)} files; "
              + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:8]))
        for label, names in (("only in " + rev_a, only_a), ("only in " + rev_b, only_b), ("different", differ)):
            for name in names[:40]:
                print(f"  {label}: {name}")
        same = not (differ or only_a or only_b)
        print("byte-identical" if same else f"{len(differ)} different, {len(only_a)} + {len(only_b)} unmatched")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
