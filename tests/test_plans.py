"""Learning paths by role, the 5-day class and its one-page timetable PDF, on the built site."""

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import LANGS, ROOT, lang_prefix

PATHS = yaml.safe_load((ROOT / "curriculum" / "paths.yml").read_text(encoding="utf-8"))
SCHEDULE = yaml.safe_load((ROOT / "curriculum" / "schedule.yml").read_text(encoding="utf-8"))
EDITION = yaml.safe_load((ROOT / "curriculum" / "course.yml").read_text(encoding="utf-8"))["edition"]


def soup(site, lang, name):
    return BeautifulSoup((site / f"{lang_prefix(lang)}{name}").read_text(encoding="utf-8"), "html.parser")


def linked_modules(block, modules):
    """Module ids linked from `block`, in order, by their page URL."""
    by_slug = {m["slug"]: m["id"] for m in modules}
    ids = []
    for link in block.find_all("a", href=True):
        parts = link["href"].split("/")
        if "modules" in parts and parts[-1] == "index.html":
            ids.append(by_slug[parts[parts.index("modules") + 1]])
    return ids


@pytest.mark.parametrize("lang", LANGS)
def test_each_role_has_a_path_of_ten_modules_with_all_compulsory(site, modules, course, lang):
    page = soup(site, lang, "paths.html")
    roles = yaml.safe_load((ROOT / "curriculum" / "roles.yml").read_text(encoding="utf-8"))
    compulsory = [m["id"] for m in modules if m["kind"] == "compulsory"]
    rule = course["completion"]
    blocks = {b["data-role"]: b for b in page.select("div.xa-path")}
    assert sorted(blocks) == sorted(r["id"] for r in roles), "every role has exactly one path on the page"
    hours = {m["id"]: m["hours"] for m in modules}
    for role, block in blocks.items():
        ids = linked_modules(block, modules)
        assert len(ids) == len(set(ids)) == rule["compulsory"] + rule["elective"] == 10, (role, ids)
        assert set(compulsory) <= set(ids), (role, ids)
        assert float(block["data-hours"]) == sum(hours[i] for i in ids)
        assert page.find(id=role) is not None, f"no anchor for role {role}"


@pytest.mark.parametrize("lang", LANGS)
def test_schedule_hours_per_day_match_the_data(site, lang):
    page = soup(site, lang, "schedule.html")
    totals = {int(row["data-day"]): row for row in page.select("tr.xa-day-total")}
    assert sorted(totals) == [d["day"] for d in SCHEDULE["days"]]
    for day in SCHEDULE["days"]:
        expected = sum(e["hours"] for part in ("morning", "afternoon") for e in day.get(part, []))
        row = totals[day["day"]]
        assert float(row["data-day-hours"]) == expected
        shown = row.find("td", class_="xa-hours").get_text().replace(",", ".")
        assert float(shown) == expected
        assert expected <= SCHEDULE["hours_per_day"]
    cells = [td["data-module"] for td in page.select("td[data-module]")]
    scheduled = [e["module"] for d in SCHEDULE["days"] for p in ("morning", "afternoon") for e in d.get(p, []) if "module" in e]
    assert cells == scheduled


@pytest.mark.parametrize("lang", LANGS)
def test_timetable_pdf_is_one_a4_page_linked_from_the_schedule(site, lang):
    name = f"xa-so-{EDITION}-timetable-{lang}.pdf"
    pdf = site / f"{lang_prefix(lang)}{name}"
    assert pdf.exists()
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    width, height = sorted(float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842), "A4"
    text = reader.pages[0].extract_text()
    first_module = next(e["module"] for e in SCHEDULE["days"][0]["morning"] if "module" in e)
    assert first_module.upper() + "." in text
    assert ("Ngày 5" if lang == "vi" else "Day 5") in text
    button = soup(site, lang, "schedule.html").find("a", attrs={"data-pdf": name})
    assert button is not None and button["href"] == name
    assert button.find(class_="xa-pdf-size").get_text().endswith("KB")


def test_timetable_has_clock_times_and_breaks(site):
    """Each entry of the 5-day class has its clock times, sessions start at the times in
    schedule.yml, and breaks come inside long stretches of class (issue #21)."""
    import re as _re

    import yaml as _yaml
    from bs4 import BeautifulSoup as _Soup
    from conftest import ROOT as _ROOT
    schedule = _yaml.safe_load((_ROOT / "curriculum" / "schedule.yml").read_text(encoding="utf-8"))
    soup = _Soup((site / "schedule.html").read_text(encoding="utf-8"), "html.parser")
    cells = soup.select("table.xa-schedule td[data-module], table.xa-schedule td[data-activity]")
    clocks = [c.select_one(".xa-clock").get_text() for c in cells]
    assert clocks[0].startswith(schedule["clock"]["morning"])
    assert any(c.startswith(schedule["clock"]["afternoon"]) for c in clocks)
    for cell in cells:
        start, end = cell.select_one(".xa-clock").get_text().split("–")
        assert start < end
    breaks = soup.select(".xa-break")
    assert len(breaks) >= 5
    assert all(_re.search(r"\d\d:\d\d–\d\d:\d\d", b.get_text()) for b in breaks)
