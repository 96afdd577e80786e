"""Lighthouse benchmark (not a test): `python bench/lighthouse.py [--site DIR]`, also run by
`make bench`. Uses bench/weight.py's server and build (weight.py does not import this file).

npm `lighthouse` (pinned in package.json) drives Debian's Chromium (CHROME_PATH) headless with its
default mobile preset (emulated mid-range phone, throttled slow 4G) against the built site served
from localhost. Scores for the home page and one module page in each language.
Targets (issue #10): performance >= 95, accessibility = 100. The machine's CPU is shared, so the
performance score is noisy: read it as a lower bound.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import weight  # noqa: E402

LIGHTHOUSE = weight.ROOT / "node_modules" / ".bin" / "lighthouse"
TARGETS = {"performance": 95, "accessibility": 100}
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS"}


def pages(site: Path) -> list[str]:
    module = sorted(p.parent.name for p in (site / "modules").glob("*/index.html"))[0]
    return [f"{prefix}{name}" for prefix in weight.LANGS.values()
            for name in ("index.html", f"modules/{module}/index.html")]


def score(url: str, workdir: Path) -> dict:
    report = workdir / "report.json"
    env = {**os.environ, "CHROME_PATH": weight.CHROMIUM}
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         "--only-categories=performance,accessibility",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
        env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not report.is_file():
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(data["categories"][name]["score"] * 100) for name in TARGETS}
    failing = [audit["title"] for audit in data["audits"].values()
               if audit.get("score") is not None and audit["score"] < 1
               and audit["id"] in {ref["id"] for ref in data["categories"]["accessibility"]["auditRefs"]}]
    metrics = {key: data["audits"][key]["displayValue"]
               for key in METRICS if key in data["audits"]}
    return {**scores, "accessibility_failing": failing, "metrics": metrics}


def run_all(site: Path) -> list[dict]:
    results = []
    with weight.serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        for page in pages(site):
            results.append({"page": page, **score(base + page, Path(tmp))})
    return results


def report(results: list[dict]) -> bool:
    ok = True
    print(f"\n{'Lighthouse (mobile)':58} {'perf':>5} {'a11y':>5}")
    for r in results:
        met = all(r[name] >= target for name, target in TARGETS.items())
        ok &= met
        metrics = "  ".join(f"{METRICS[key]} {value}" for key, value in r["metrics"].items())
        print(f"{r['page']:58} {r['performance']:>5} {r['accessibility']:>5}{'' if met else '  BELOW TARGET'}"
              f"   {metrics}")
        for title in r["accessibility_failing"]:
            print("   accessibility:", title)
    print(f"targets: performance >= {TARGETS['performance']}, accessibility = {TARGETS['accessibility']}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now, without PDFs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site.resolve() if args.site else weight.build_site(Path(tmp) / "site")
        raise SystemExit(0 if report(run_all(site)) else 1)


if __name__ == "__main__":
    main()
