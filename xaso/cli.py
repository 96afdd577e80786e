"""The command line: `python -m xaso <command>` (or `.venv/bin/xaso <command>`).

Each command is a module in xaso/commands/ with `arguments(parser)` and `main(args) -> exit code`;
adding a command is one entry in COMMANDS. A problem in the course files is printed as
`file:line: problem — fix` lines, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .data import DataError

# name -> (module in xaso/commands/, one line of help)
COMMANDS = {
    "translations": ("translations", "translation status per language; --stamp FILE… records the source version"),
    "new-module": ("new_module", "scaffold a module's pages and exercise (a fork's own module goes to local/)"),
    "edition": ("edition", "print the current edition (curriculum/course.yml or local/course.yml)"),
    "release": ("release", "start a new edition: raise it, add the changelog entry's skeleton, re-stamp what it touched"),
    "verification": ("verification", "list the editor marks (<!-- verify: … -->) left in the sources, for editors"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="xaso", description="Xã Số: the course's command line.")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, summary) in COMMANDS.items():
        module = importlib.import_module(f"xaso.commands.{module_name}")
        command = sub.add_parser(name, help=summary, description=module.__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        module.arguments(command)
        command.set_defaults(run=module.main)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except DataError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `python -m xaso translations | head`: the reader stopped reading; not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
