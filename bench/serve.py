"""The author loop (not a test): `python bench/serve.py [--runs N]`.

Starts `mkdocs serve` on a throw-away copy of the project (so the working tree is never touched),
waits for the first build, then edits one module page N times (Vietnamese, then English, in turn)
and measures, for each edit, the time from saving the file until the server returns the page
with the edit in it. Target (issue #16): <= 1.5 s per edit.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PAGE = "docs/modules/c4-chu-ky-so/index{suffix}.md"
URL = "modules/c4-chu-ky-so/index.html"


def copy_project(dest: Path):
    """The committed files (HEAD): work in progress in the tree does not disturb the measurement."""
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    for name in (".venv", "node_modules"):
        (dest / name).symlink_to(ROOT / name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, marker: str | None, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        text = fetch(url)
        if text is not None and (marker is None or marker in text):
            return time.monotonic() - start
        time.sleep(0.02)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {url}" + (f" to show {marker}" if marker else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--plain", action="store_true", help="plain `mkdocs serve` (default: `--dirty`, as `make serve` runs it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xaso-serve-") as tmp:
        project = Path(tmp)
        copy_project(project)
        port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
        command = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"] + ([] if args.plain else ["--dirty", "--no-strict"])
        print("running: mkdocs", " ".join(command[2:]))
        log = open(project / "serve.log", "w")  # a pipe nobody reads would fill up and stop the server
        server = subprocess.Popen(command, cwd=project,
                                  env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
        try:
            base = f"http://127.0.0.1:{port}/"
            first = wait_for(base + URL, None, 300)
            print(f"first build served after {first:.1f} s")
            time.sleep(1.5)
            times = []
            for run in range(args.runs):
                lang = "vi" if run % 2 == 0 else "en"
                path = project / PAGE.format(suffix="" if lang == "vi" else ".en")
                marker = f"xaso-bench-edit-{run}"
                text = path.read_text(encoding="utf-8")
                start = time.monotonic()
                path.write_text(text + f"\n\n{marker}\n", encoding="utf-8")
                url = base + ("" if lang == "vi" else "en/") + URL
                seconds = wait_for(url, marker, 120)
                times.append(seconds)
                print(f"edit {run + 1} ({lang}): {seconds:.2f} s")
                time.sleep(1.0)
            print(f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s over {len(times)} edits (target <= 1.5 s)")
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
            lines = (project / "serve.log").read_text().splitlines()
            if os.environ.get("XASO_BENCH_LOG"):
                print(*lines[-60:], sep="\n")
            errors = [line for line in lines if "ERROR" in line or "Traceback" in line]
            if errors:
                print("server errors:", *errors[:10], sep="\n  ")
        return 0


if __name__ == "__main__":
    sys.exit(main())
