"""How people take the course: a learning path per role (curriculum/paths.yml) and the 5-day class
(curriculum/schedule.yml). Loaded and checked against the modules, roles and completion rule."""

from __future__ import annotations

from .data import Problem, YamlDoc

PARTS = ("morning", "afternoon")


def check_paths(doc: YamlDoc, translations: dict, modules: dict, roles: dict, rule: dict,
                course_file: str) -> list[Problem]:
    """Each role has one path; each path meets the completion rule with all compulsory modules."""
    problems = []
    compulsory = [m for m, module in modules.items() if module["kind"] == "compulsory"]
    seen = {}
    for index, path in enumerate(doc.data):
        role = path["role"]
        where = (index,)
        if role not in roles:
            problems.append(doc.problem(where + ("role",), f"unknown role '{role}'",
                                        "use one of: " + ", ".join(roles)))
        if role in seen:
            problems.append(doc.problem(where + ("role",), f"role '{role}' has two paths", "keep one path per role"))
        seen[role] = path
        ids = path["modules"]
        for pos, module_id in enumerate(ids):
            if module_id not in modules:
                problems.append(doc.problem(where + ("modules", pos), f"unknown module '{module_id}' in the path of '{role}'",
                                            "use a module id from curriculum/modules.yml"))
            elif ids.index(module_id) != pos:
                problems.append(doc.problem(where + ("modules", pos), f"module {module_id} is twice in the path of '{role}'",
                                            "list each module once"))
        known = [m for m in dict.fromkeys(ids) if m in modules]
        chosen_compulsory = [m for m in known if modules[m]["kind"] == "compulsory"]
        electives = [m for m in known if modules[m]["kind"] == "elective"]
        missing = [m for m in compulsory if m not in known]
        if len(chosen_compulsory) != rule["compulsory"] or (missing and len(compulsory) <= rule["compulsory"]):
            problems.append(doc.problem(where + ("modules",),
                                        f"the path of '{role}' has {len(chosen_compulsory)} compulsory modules, but the "
                                        f"completion rule in {course_file} needs {rule['compulsory']}"
                                        + (f" (missing: {', '.join(missing)})" if missing else ""),
                                        "list every compulsory module in the path"))
        if len(electives) != rule["elective"]:
            problems.append(doc.problem(where + ("modules",),
                                        f"the path of '{role}' has {len(electives)} elective modules, but the completion "
                                        f"rule in {course_file} needs {rule['elective']}",
                                        f"choose exactly {rule['elective']} electives"))
        for module_id in electives:
            if module_id not in path["notes"]:
                problems.append(doc.problem(where + ("notes",), f"elective {module_id} in the path of '{role}' has no note",
                                            f"add '{module_id}: why this module suits the role' under notes"))
        for module_id in path["notes"]:
            if module_id not in electives:
                problems.append(doc.problem(where + ("notes", module_id), f"note for {module_id}, which is not an elective of this path",
                                            "remove the note or add the module to the path"))
        for lang, tdoc in translations.items():
            text = (tdoc.data or {}).get(role)
            if text is None:
                problems.append(Problem(tdoc.name, None, f"no {lang} translation for the path of '{role}'",
                                        f"add '{role}:' with why and notes (see {doc.name})"))
                continue
            if set(text["notes"]) != set(path["notes"]):
                problems.append(tdoc.problem((role, "notes"), f"the notes of '{role}' are for {', '.join(sorted(text['notes']))}, "
                                             f"but the source has {', '.join(sorted(path['notes']))}",
                                             "translate exactly the source's notes"))
    for role in roles:
        if role not in seen:
            problems.append(Problem(doc.name, None, f"role '{role}' has no learning path", f"add a path with role: {role}"))
    for lang, tdoc in translations.items():
        for extra in (tdoc.data or {}):
            if extra not in seen:
                problems.append(tdoc.problem((extra,), f"'{extra}' is not a role with a path in {doc.name}",
                                             "remove it or fix the role id"))
    return problems


def schedule_entries(schedule: dict):
    """(day number, part, entry) for every entry, in class order."""
    for day in schedule["days"]:
        for part in PARTS:
            for entry in day.get(part, []):
                yield day["day"], part, entry


def clock_times(schedule: dict) -> dict:
    """{(day, part, index in the session): (start, end, [(break start, break end)…])} in minutes after
    midnight, from `clock` (empty without it). A break comes after every `break_every` hours of class
    within a session, also in the middle of an entry, never at a session's end."""
    clock = schedule.get("clock")
    if not clock:
        return {}
    every = round(clock.get("break_every", 0) * 60)
    pause = clock.get("break_minutes", 15)
    times = {}
    for day in schedule["days"]:
        for part in PARTS:
            hours, minutes = map(int, clock[part].split(":"))
            t, taught, next_break = hours * 60 + minutes, 0, every
            for index, entry in enumerate(day.get(part, [])):
                start, remaining, breaks = t, round(entry["hours"] * 60), []
                while every and taught + remaining > next_break:
                    step = next_break - taught
                    t, taught, remaining = t + step, taught + step, remaining - step
                    breaks.append((t, t + pause))
                    t += pause
                    next_break += every
                t, taught = t + remaining, taught + remaining
                times[(day["day"], part, index)] = (start, t, breaks)
    return times


def clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def check_schedule(doc: YamlDoc, translations: dict, modules: dict, roles: dict) -> list[Problem]:
    problems = []
    schedule = doc.data
    if schedule["audience"] not in roles:
        problems.append(doc.problem(("audience",), f"unknown role '{schedule['audience']}'", "use one of: " + ", ".join(roles)))
    activities = [a["id"] for a in schedule["activities"]]
    given = {}
    for d_index, day in enumerate(schedule["days"]):
        if day["day"] != d_index + 1:
            problems.append(doc.problem(("days", d_index, "day"), f"day {day['day']} is number {d_index + 1} in the list",
                                        "number the days 1, 2, 3… in order"))
        hours = 0
        for part in PARTS:
            for e_index, entry in enumerate(day.get(part, [])):
                where = ("days", d_index, part, e_index)
                hours += entry["hours"]
                if "module" in entry:
                    if entry["module"] not in modules:
                        problems.append(doc.problem(where + ("module",), f"unknown module '{entry['module']}' on day {day['day']}",
                                                    "use a module id from curriculum/modules.yml"))
                        continue
                    given[entry["module"]] = given.get(entry["module"], 0) + entry["hours"]
                    if given[entry["module"]] > modules[entry["module"]]["hours"]:
                        problems.append(doc.problem(where + ("hours",),
                                                    f"module {entry['module']} gets {given[entry['module']]:g} hours in the class, "
                                                    f"more than its {modules[entry['module']]['hours']:g} hours",
                                                    "give it fewer hours, or raise `hours` in curriculum/modules.yml"))
                elif entry["activity"] not in activities:
                    problems.append(doc.problem(where + ("activity",), f"unknown activity '{entry['activity']}' on day {day['day']}",
                                                "name it under `activities` first, or fix the id"))
        if hours > schedule["hours_per_day"]:
            problems.append(doc.problem(("days", d_index, "day"),
                                        f"day {day['day']} has {hours:g} hours, more than hours_per_day ({schedule['hours_per_day']:g})",
                                        "move or shorten an entry"))
        if hours == 0:
            problems.append(doc.problem(("days", d_index), f"day {day['day']} has no sessions", "add a morning or afternoon"))
    for module_id, module in modules.items():
        if module["kind"] == "compulsory" and module_id not in given:
            problems.append(doc.problem(("days",), f"compulsory module {module_id} is not in the class",
                                        "give it a session on one of the days"))
    for lang, tdoc in translations.items():
        named = (tdoc.data or {}).get("activities", {})
        for missing in [a for a in activities if a not in named]:
            problems.append(tdoc.problem(("activities",), f"no {lang} name for activity '{missing}'",
                                         f"add '{missing}: …' under activities"))
        for extra in [a for a in named if a not in activities]:
            problems.append(tdoc.problem(("activities", extra), f"'{extra}' is not an activity in {doc.name}",
                                         "remove it or fix the id"))
    return problems
