"""A province fork, end to end, exactly as README.md "Province forks" and docs/fork.md tell it: clone,
fill in local/, scaffold a module, build; upstream releases a new edition; the fork merges it and builds
again. No manual renames, no conflict, no warning left."""

import re

from conftest import ROOT, build
from forks import copy_project, git, run, write

PROVINCE = {
    "local/province.yml": "# yaml-language-server: $schema=../curriculum/schema/province.schema.json\n"
                          "province_name: Tỉnh Mẫu Sơn\nit_contact: Tổ công nghệ số Mẫu Sơn (số máy lẻ 101)\n"
                          "hotline: \"0000 000 111\"\n",
    "local/province.en.yml": "# yaml-language-server: $schema=../curriculum/schema/province.schema.json\n"
                             "province_name: Mau Son Province\nit_contact: the Mau Son digital team (extension 101)\n",
    "local/docs/lien-he.md": "# Liên hệ ở Mẫu Sơn\n\nCần giúp đỡ, hãy gọi {{ province.hotline }} "
                             "hoặc {{ province.it_contact }}.\n",
    "local/docs/lien-he.en.md": "# Contacts in Mau Son\n\nFor help, call {{ province.hotline }} "
                                "or {{ province.it_contact }}.\n",
}
PAGE = "docs/modules/c2-an-toan-thong-tin/index.md"
UPSTREAM_CHANGE = "Câu này là thay đổi mới của bản gốc, phát hành sau khi tỉnh đã tách nhánh."
SUMMARY = {"vi": "Ấn bản thử nghiệm: thêm một câu vào học phần C2.", "en": "Test edition: one more sentence in module C2."}


def xaso(project, *args):
    """`python -m xaso …` (what the make targets run), which must succeed."""
    result = run(project, "python", "-m", "xaso", *args)
    assert result.returncode == 0, f"xaso {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def built_cleanly(project, site):
    """`mkdocs build --strict` succeeds and prints no warning (an outdated translation is a warning)."""
    result = build(project, site, pdf=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert not [line for line in output.split("\n") if "WARNING" in line or "outdated" in line], output[-4000:]
    return site


def next_edition(edition: str) -> str:
    year, number = edition.split(".")
    return f"{year}.{int(number) + 1}"


def test_fork_scaffolds_a_module_merges_a_new_edition_and_builds_without_warnings(tmp_path):
    # Upstream: the project as committed (a git repository of its own).
    upstream = copy_project(tmp_path / "upstream")
    edition = xaso(upstream, "edition").strip()

    # Step 1: clone the province's repository, add the original as `upstream`.
    fork = tmp_path / "fork"
    git(tmp_path, "clone", "-q", str(upstream), str(fork))
    git(fork, "remote", "add", "upstream", str(upstream))
    for name in (".venv", "node_modules"):   # what `make` installs
        if not (fork / name).exists():
            (fork / name).symlink_to(ROOT / name)
    # Step 2: the province's facts. Step 3: a page of its own and a module of its own.
    write(fork, PROVINCE)
    out = xaso(fork, "new-module", "e20", "--slug", "e20-du-lich-so",
               "--title-vi", "Du lịch số ở xã", "--title-en", "Digital tourism in the commune")
    assert "local/docs/modules/e20-du-lich-so/index.en.md" in out
    modules = (fork / "local/modules.yml").read_text(encoding="utf-8")
    assert "Du lịch số ở xã" in modules and "status: draft" in modules
    assert "Digital tourism in the commune" in (fork / "local/modules.en.yml").read_text(encoding="utf-8")
    assert "stamped local/docs/modules/e20-du-lich-so/index.en.md" in out   # written with its source
    # Step 4: record which version of the source the province's own translations were made from,
    # build (no warning), commit.
    assert "without a source version" in xaso(fork, "translations")
    stamped = xaso(fork, "translations", "--stamp", "local/docs/lien-he.en.md", "local/province.en.yml")
    assert "stamped local/docs/lien-he.en.md" in stamped and "stamped local/province.en.yml" in stamped, stamped
    assert "0 outdated, 0 without a source version, 0 missing" in xaso(fork, "translations")
    site = built_cleanly(fork, tmp_path / "site-before")
    for prefix, draft in (("", "Bản nháp"), ("en/", "Draft")):   # status: draft: the page says it is being written
        module = (site / f"{prefix}modules/e20-du-lich-so/index.html").read_text(encoding="utf-8")
        assert 'id="exercises"' in module and "e20-practice" in module and draft in module
    git(fork, "add", "local")
    git(fork, "commit", "-q", "-m", "Mau Son Province")
    changed = git(fork, "diff", "--name-only", "origin/main", "HEAD").stdout.split()
    assert changed and all(name.startswith("local/") for name in changed), changed
    assert not git(fork, "status", "--porcelain").stdout.strip()   # nothing left outside local/

    # A module without its English page: the error names local/modules.yml and the module's line.
    english = fork / "local/docs/modules/e20-du-lich-so/index.en.md"
    text = english.read_text(encoding="utf-8")
    english.unlink()
    broken = build(fork, tmp_path / "site-broken", pdf=False)
    english.write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(modules.split("\n"), start=1) if re.match(r"- id: ['\"]?e20", l))
    assert broken.returncode != 0 and f"local/modules.yml:{line}: module e20 has no en page" in broken.stderr, broken.stderr[-3000:]

    # Upstream releases the next edition: `release`, then the changelog entry filled in every language,
    # then the translations stamped (README "Editions").
    new = next_edition(edition)
    page = upstream / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("## ", UPSTREAM_CHANGE + "\n\n## ", 1), encoding="utf-8")
    xaso(upstream, "release", new)
    for name, lang in (("curriculum/changelog.yml", "vi"), ("curriculum/changelog.en.yml", "en")):
        path = upstream / name
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'summary: "[^"]*"', f'summary: "{SUMMARY[lang]}"', text, count=1)
        text = (text.replace('- text: "Mô tả một thay đổi (thêm modules: [c2] nếu nó sửa một học phần)."',
                             '- text: "Học phần C2 có thêm một câu."\n      modules: [c2]', 1) if lang == "vi"
                else text.replace('- "Describe one change."', '- "Module C2 has one more sentence."', 1))
        path.write_text(text, encoding="utf-8")
    # the English page of C2 follows its source
    en_page = upstream / PAGE.replace("index.md", "index.en.md")
    en_page.write_text(en_page.read_text(encoding="utf-8").replace("## ", "A new sentence from upstream.\n\n## ", 1),
                       encoding="utf-8")
    stamped = xaso(upstream, "translations", "--stamp", "curriculum/changelog.en.yml", PAGE.replace("index.md", "index.en.md"))
    assert "curriculum/changelog.en.yml" in stamped and PAGE.replace("index.md", "index.en.md") in stamped, stamped
    git(upstream, "commit", "-q", "-am", f"Edition {new}")

    # Step 6: the fork pulls the new edition: no conflict, and a clean build.
    git(fork, "fetch", "-q", "upstream")
    merge = git(fork, "merge", "--no-edit", "upstream/main", check=False)
    assert merge.returncode == 0 and "CONFLICT" not in merge.stdout, merge.stdout + merge.stderr
    assert xaso(fork, "edition").strip() == new
    assert "0 outdated, 0 without a source version, 0 missing" in xaso(fork, "translations")
    site = built_cleanly(fork, tmp_path / "site-after")
    c2 = (site / "modules/c2-an-toan-thong-tin/index.html").read_text(encoding="utf-8")
    assert UPSTREAM_CHANGE in c2 and "Tổ công nghệ số Mẫu Sơn" in c2
    assert "the Mau Son digital team" in (site / "en/modules/c2-an-toan-thong-tin/index.html").read_text(encoding="utf-8")
    contact = (site / "lien-he.html").read_text(encoding="utf-8")
    assert "Liên hệ ở Mẫu Sơn" in contact and "0000 000 111" in contact
    assert "Contacts in Mau Son" in (site / "en/lien-he.html").read_text(encoding="utf-8")
    assert new in (site / "index.html").read_text(encoding="utf-8")
    assert SUMMARY["en"] in (site / "en/changelog.html").read_text(encoding="utf-8")
    for prefix in ("", "en/"):
        module = (site / f"{prefix}modules/e20-du-lich-so/index.html").read_text(encoding="utf-8")
        assert 'id="exercises"' in module and "e20-practice" in module

    # an edition that is not later than the current one is refused
    again = run(upstream, "python", "-m", "xaso", "release", edition)
    assert again.returncode == 2 and "later" in again.stdout
