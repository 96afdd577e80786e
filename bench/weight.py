"""Page-weight benchmark (not a test): `make bench`, or `python bench/weight.py [--site DIR]`.

What a phone downloads on its first visit to a page: the page is opened in headless Chromium
(Debian's /usr/bin/chromium, driven by Playwright) from a local `python -m http.server`-style
server, every response is recorded until the network is idle, and each file is counted at its
gzip -6 size (what a web server sends; woff2 and bitmap images are already compressed, so they
count at their own size). Reported per page, with and without fonts.

Budgets (issue #10): a module page's first load <= 150 KB with fonts, <= 100 KB without.
tests/test_weight.py asserts the same budgets with the same functions.

Without --site it builds the site first (no PDFs, fixed SOURCE_DATE_EPOCH) into a temporary folder.
"""

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUDGET_WITH_FONTS = 150 * 1024
BUDGET_WITHOUT_FONTS = 100 * 1024
ALREADY_COMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".zip")
LANGS = {"vi": "", "en": "en/"}


def transfer_size(path: Path) -> int:
    """Bytes a gzip -6 web server sends for this file."""
    data = path.read_bytes()
    if path.suffix.lower() in ALREADY_COMPRESSED:
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """`python -m http.server`, plus gzip -6 like any production web server (and no log lines)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (not path.is_file() or path.suffix.lower() in ALREADY_COMPRESSED
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site: Path):
    """Serve `site` on a free localhost port; yields the base URL (ending in /)."""
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def first_load(browser, site: Path, base: str, page_path: str) -> dict:
    """Open one page in a fresh (empty-cache) phone context; every file it fetched, with sizes."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    seen = []
    page.on("requestfinished", lambda request: seen.append(request))
    page.on("requestfailed", lambda request: seen.append(request))
    page.goto(base + page_path, wait_until="networkidle")
    context.close()
    files, other_hosts = [], []
    for request in seen:
        if not request.url.startswith(base):
            other_hosts.append(request.url)
            continue
        local = site / unquote(urlsplit(request.url).path).lstrip("/")
        if not local.is_file():  # e.g. Material probing for a sitemap.xml that is not there (404)
            continue
        files.append({"path": local.relative_to(site).as_posix(), "type": request.resource_type,
                      "bytes": transfer_size(local)})
    total = sum(f["bytes"] for f in files)
    fonts = sum(f["bytes"] for f in files if f["type"] == "font" or f["path"].endswith((".woff2", ".woff")))
    return {"page": page_path, "files": files, "total": total, "without_fonts": total - fonts,
            "other_hosts": other_hosts}


def module_pages(site: Path) -> list[str]:
    """Every module page of every language, as site-relative paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.glob("**/modules/*/index.html"))


def pages_to_measure(site: Path) -> list[str]:
    homes = [f"{prefix}index.html" for prefix in LANGS.values()]
    return homes + module_pages(site)


def measure(site: Path, pages: list[str]) -> list[dict]:
    with serve(site) as base, chromium() as browser:
        return [first_load(browser, site, base, page) for page in pages]


def build_site(out: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795478400", "XASO_PDF": "0"}
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-3000:])
        raise SystemExit("build failed")
    return out


def kb(n: int) -> str:
    return f"{n / 1024:6.1f} KB"


def report(results: list[dict]) -> bool:
    ok = True
    print(f"{'page':58} {'with fonts':>11} {'no fonts':>11}  files")
    for r in results:
        is_module = "/modules/" in f"/{r['page']}"
        over = is_module and (r["total"] > BUDGET_WITH_FONTS or r["without_fonts"] > BUDGET_WITHOUT_FONTS)
        ok &= not over and not r["other_hosts"]
        flag = "  OVER BUDGET" if over else ""
        print(f"{r['page']:58} {kb(r['total']):>11} {kb(r['without_fonts']):>11}  {len(r['files']):>3}{flag}")
        if r["other_hosts"]:
            print("   requests to other hosts:", *r["other_hosts"])
    heaviest = max(results, key=lambda r: r["total"])
    print(f"\nbudgets for module pages: {kb(BUDGET_WITH_FONTS)} with fonts, {kb(BUDGET_WITHOUT_FONTS)} without")
    print(f"files of the heaviest page ({heaviest['page']}):")
    for f in sorted(heaviest["files"], key=lambda f: -f["bytes"]):
        print(f"  {kb(f['bytes'])}  {f['type']:10} {f['path']}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now, without PDFs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site.resolve() if args.site else build_site(Path(tmp) / "site")
        ok = report(measure(site, pages_to_measure(site)))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
