"""A province fork: its local/ overlay merges with upstream changes without conflict, and both show."""

from conftest import build
from forks import copy_project, git, run, write

PROVINCE = {
    "local/province.yml": "province_name: Tỉnh Mẫu Sơn\nit_contact: Tổ công nghệ số Mẫu Sơn (số máy lẻ 101)\n"
                          "hotline: \"0000 000 111\"\n",
    "local/province.en.yml": "province_name: Mau Son Province\nit_contact: the Mau Son digital team (extension 101)\n",
    "local/docs/lien-he.md": "# Liên hệ ở Mẫu Sơn\n\nCần giúp đỡ, hãy gọi {{ province.hotline }} "
                             "hoặc {{ province.it_contact }}.\n",
    "local/docs/lien-he.en.md": "# Contacts in Mau Son\n\nFor help, call {{ province.hotline }} "
                                "or {{ province.it_contact }}.\n",
}
PAGE = "docs/modules/c2-an-toan-thong-tin/index.md"
UPSTREAM_CHANGE = "Câu này là thay đổi mới của bản gốc, phát hành sau khi tỉnh đã tách nhánh."


def test_province_overlay_merges_upstream_change(tmp_path):
    project = copy_project(tmp_path / "fork")
    git(project, "checkout", "-q", "-b", "province")
    write(project, PROVINCE)
    new_module = run(project, "python", "-m", "xaso", "new-module", "e20", "--slug", "e20-du-lich-so",
                     "--title-vi", "Du lịch số ở xã", "--title-en", "Digital tourism in the commune")
    assert new_module.returncode == 0, new_module.stdout + new_module.stderr
    assert (project / "local/docs/modules/e20-du-lich-so/index.md").is_file()
    assert "Du lịch số ở xã" in (project / "local/modules.yml").read_text(encoding="utf-8")
    assert "Digital tourism in the commune" in (project / "local/modules.en.yml").read_text(encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Tỉnh Mẫu Sơn")
    changed = sorted(git(project, "diff", "--name-only", "main", "province").stdout.split())
    assert all(name.startswith("local/") for name in changed), changed

    git(project, "checkout", "-q", "main")
    page = project / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("## ", UPSTREAM_CHANGE + "\n\n## ", 1), encoding="utf-8")
    git(project, "commit", "-q", "-am", "upstream: new sentence in C2")

    git(project, "checkout", "-q", "province")
    merge = git(project, "merge", "--no-edit", "main", check=False)
    assert merge.returncode == 0 and "CONFLICT" not in merge.stdout, merge.stdout + merge.stderr

    result = build(project, tmp_path / "site", pdf=False)
    assert result.returncode == 0, result.stderr[-4000:]
    site = tmp_path / "site"
    c2 = (site / "modules/c2-an-toan-thong-tin/index.html").read_text(encoding="utf-8")
    assert UPSTREAM_CHANGE in c2
    assert "Tổ công nghệ số Mẫu Sơn" in c2
    assert "the Mau Son digital team" in (site / "en/modules/c2-an-toan-thong-tin/index.html").read_text(encoding="utf-8")
    contact = (site / "lien-he.html").read_text(encoding="utf-8")
    assert "Liên hệ ở Mẫu Sơn" in contact and "0000 000 111" in contact
    assert "Contacts in Mau Son" in (site / "en/lien-he.html").read_text(encoding="utf-8")
    # the province's own module, scaffolded by new-module, is built in both languages
    for prefix in ("", "en/"):
        module = (site / f"{prefix}modules/e20-du-lich-so/index.html").read_text(encoding="utf-8")
        assert 'id="exercises"' in module and "e20-practice" in module


def test_release_raises_the_edition_and_leaves_no_translation_warning(tmp_path):
    project = copy_project(tmp_path / "upstream")
    released = run(project, "python", "-m", "xaso", "release", "2027.1")
    assert released.returncode == 0, released.stdout + released.stderr
    assert 'edition: "2027.1"' in (project / "curriculum/course.yml").read_text(encoding="utf-8")
    assert (project / "curriculum/changelog.yml").read_text(encoding="utf-8").split("- edition:")[1].startswith(' "2027.1"')
    assert '"2027.1":' in (project / "curriculum/changelog.en.yml").read_text(encoding="utf-8")
    status = run(project, "python", "-m", "xaso", "translations")
    assert "0 outdated" in status.stdout, status.stdout
    result = build(project, tmp_path / "site", pdf=False)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "made from an older" not in result.stderr
    assert "2027.1" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    again = run(project, "python", "-m", "xaso", "release", "2026.9")
    assert again.returncode == 2 and "later" in again.stdout
