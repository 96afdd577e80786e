"""Nothing differs: two clean builds with the same SOURCE_DATE_EPOCH, into two different folders,
give byte-identical files (HTML, search index, sitemap and its .gz, the offline zip, every asset,
the practice kits with their signed PDFs and .p12 files).

Both builds skip PDFs (XASO_PDF=0) to stay affordable: PDF bytes are checked in test_pdf.py
(same page rendered twice with fresh caches -> same bytes).
"""

import hashlib

import yaml

from conftest import ROOT, build

EDITION = yaml.safe_load((ROOT / "curriculum" / "course.yml").read_text(encoding="utf-8"))["edition"]


def digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_clean_builds_are_byte_identical(tmp_path):
    sites = []
    for name in ("first", "second"):
        out = tmp_path / name / "site"
        caches = {"XASO_LMS_CACHE": str(tmp_path / name / "lms-cache"), "XASO_DIAGRAM_CACHE": str(tmp_path / name / "diagrams"),
                  "XASO_KIT_CACHE": str(tmp_path / name / "kits")}
        result = build(ROOT, out, pdf=False, extra_env=caches)   # own caches: every package made twice
        assert result.returncode == 0, result.stderr[-3000:]
        sites.append(digests(out))
    first, second = sites
    assert len(first) > 100
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "index.html", "en/index.html",
            "404.html", f"download/xa-so-{EDITION}.zip", "sw.js",
            f"download/lms/xa-so-{EDITION}-vi-scorm12.zip", f"download/lms/xa-so-{EDITION}-c1-en-scorm12.zip",
            f"download/lms/xa-so-{EDITION}-c1-vi.moodle.xml", f"download/lms/xa-so-{EDITION}-c1-vi.gift.txt",
            "download/kits/c4-vi.zip", "download/kits/c4-en.zip"} <= set(first)
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_sitemap_dates_come_from_source_date_epoch(tmp_path):
    """SOURCE_DATE_EPOCH really drives the dates (the test above could pass with no dates at all)."""
    out = tmp_path / "site"
    result = build(ROOT, out, pdf=False, extra_env={"SOURCE_DATE_EPOCH": "1700000000"})  # 2023-11-14
    assert result.returncode == 0, result.stderr[-3000:]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2023-11-14</lastmod>" in sitemap and "2026-11-24" not in sitemap
