"""One build run: every language of one `mkdocs build` (or one `mkdocs serve` rebuild).

mkdocs-static-i18n builds the other languages from inside the first language's build, so "the end
of the build" is not an event any engine gives us. The run makes it explicit: each language reports
when it is built; once the last one is, the adapter calls `finish()`, which runs the jobs that need
the whole site, in a fixed order of phases:

    pdf         module PDFs done, their sizes written into the pages; the timetables
    course_pdf  the course PDF of each language (joined from the module PDFs)
    packages    outputs made from finished pages and PDFs (LMS packages …)
    zip         the service worker and the offline zips (last: they hold everything else)

A new output is a new job in a phase, not a new ordering puzzle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

PHASES = ("pdf", "course_pdf", "packages", "zip")


@dataclass
class Run:
    languages: list[str]
    command: str = "build"        # "build" or "serve"
    built: list[str] = field(default_factory=list)
    jobs: dict[str, list[tuple[str, Callable[[], None]]]] = field(default_factory=lambda: {p: [] for p in PHASES})
    on_abort: list[Callable[[], None]] = field(default_factory=list)
    stash: dict = field(default_factory=dict)   # per-run state of the adapters, by name

    def add_job(self, phase: str, name: str, job: Callable[[], None]):
        if phase not in self.jobs:
            raise ValueError(f"unknown phase {phase!r}; phases: {', '.join(PHASES)}")
        self.jobs[phase].append((name, job))

    def language_built(self, lang: str):
        self.built.append(lang)

    @property
    def complete(self) -> bool:
        return set(self.built) >= set(self.languages)

    def finish(self):
        """Run every job, phase by phase, each phase in the order its jobs were added."""
        for phase in PHASES:
            for _name, job in self.jobs[phase]:
                job()

    def abort(self):
        for cancel in self.on_abort:
            cancel()
