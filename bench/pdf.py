"""PDF benchmark (not a test): `make bench`.

In a copy of the project (so nothing here is touched), it measures:
  1. plain `mkdocs build` (no PDFs);
  2. our full build with every PDF, cold cache;
  3. our rebuild after one module's text changed (warm cache: only that module + course re-render);
  4. mkdocs-pdf-export-plugin on the same pages (Vietnamese build), and the share of the C2 page's
     words its PDF kept, against ours;
and prints the PDF sizes. Targets (issue #4): 2 >= 3x faster than 4; 3 <= 1.3x 1; every PDF <= 400 KB.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(project, site, env_extra, config="mkdocs.yml") -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795478400", **env_extra}
    start = time.monotonic()
    result = subprocess.run([str(BIN / "mkdocs"), "build", "-f", config, "--site-dir", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-3000:])
        raise SystemExit(f"build failed: {config} {env_extra}")
    return seconds


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def pdf_words(path: Path) -> int:
    return words(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def main():
    work = Path(tempfile.mkdtemp(prefix="xaso-bench-"))
    project = work / "project"
    archive = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, archive.decode().split("\0")):
        dest = project / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / rel).is_file():
            shutil.copy2(ROOT / rel, dest)
    for name in (".venv", "node_modules"):
        (project / name).symlink_to(ROOT / name)
    cache = work / "cache"
    pdf_env = {"XASO_PDF": "1", "XASO_PDF_CACHE": str(cache)}

    plain = run(project, work / "plain", {"XASO_PDF": "0"})
    cold = run(project, work / "ours", pdf_env)
    page = next((project / "docs" / "modules").glob("c2-*/index.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n\nMột câu mới để đo thời gian dựng lại.\n", encoding="utf-8")
    rebuild = run(project, work / "ours2", pdf_env)

    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - offline\n", "  - offline\n  - pdf-export:\n      combined: false\n")
    (project / "mkdocs-pdf-export.yml").write_text(config, encoding="utf-8")
    try:
        plugin = run(project, work / "plugin", {"XASO_PDF": "0", "ENABLE_PDF_EXPORT": "1"}, "mkdocs-pdf-export.yml")
    except SystemExit as err:
        plugin = None
        print(f"mkdocs-pdf-export-plugin did not build: {err}")

    c2_page = next((work / "ours" / "modules").glob("c2-*/index.html"))
    article = BeautifulSoup(c2_page.read_text(encoding="utf-8"), "html.parser").find("article")
    page_words = words(article.get_text(" "))
    ours_words = pdf_words(next(c2_page.parent.glob("xa-so-c2-vi.pdf")))
    print(f"plain mkdocs build (no PDFs):        {plain:6.1f} s")
    print(f"full build, all PDFs, cold cache:   {cold:6.1f} s")
    print(f"rebuild after one module changed:   {rebuild:6.1f} s  ({rebuild / plain:.2f}x plain; target <= 1.3x)")
    print(f"C2 page words: {page_words}; our PDF kept {ours_words} ({ours_words / page_words:.0%})")
    if plugin is not None:
        plugin_pdfs = list((work / "plugin").rglob("*.pdf"))
        c2_pdf = next((p for p in plugin_pdfs if "c2-" in p.as_posix()), None)
        kept = pdf_words(c2_pdf) if c2_pdf else 0
        print(f"mkdocs-pdf-export-plugin build:     {plugin:6.1f} s  (ours is {plugin / cold:.1f}x faster; target >= 3x)"
              f"; {len(plugin_pdfs)} PDFs; C2 kept {kept} words ({kept / page_words:.0%})")
    sizes = sorted(((p.stat().st_size, p) for p in (work / "ours").rglob("*.pdf")), reverse=True)
    modules = [(size, p.name) for size, p in sizes if p.parent.parent.name == "modules"]
    courses = [(size, p.name) for size, p in sizes if p.parent.parent.name != "modules"]
    print(f"module PDFs: {len(modules)}; largest {modules[0][1]} {modules[0][0] // 1024} KB; "
          f"course PDFs: {', '.join(f'{n} {s // 1024} KB' for s, n in courses)}")
    print(f"over 400 KB: {[n for s, n in modules + courses if s > 400 * 1024] or 'none'}")
    kinds = {"learner handouts": r"xa-so-[a-z0-9]+-[a-z]+\.pdf$", "instructor guides": r"-instructor\.pdf$",
             "summary cards": r"-card\.pdf$", "slides": r"-slides\.pdf$"}
    for kind, pattern in kinds.items():
        found = [(size, name) for size, name in modules if re.search(pattern, name)]
        if found:
            print(f"  {kind}: {len(found)}, {sum(s for s, _ in found) // 1024} KB in all, "
                  f"largest {found[0][1]} {found[0][0] // 1024} KB")
    kits = sorted(((p.stat().st_size, p.name) for p in (work / "ours" / "download" / "kits").glob("*.zip")), reverse=True)
    if kits:
        print(f"practice kits: {len(kits)} zips, {sum(s for s, _ in kits) // 1024} KB in all, "
              f"largest {kits[0][1]} {kits[0][0] // 1024} KB, smallest {kits[-1][1]} {kits[-1][0] // 1024} KB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
