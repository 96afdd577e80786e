"""Print the current edition (curriculum/course.yml, or local/course.yml in a province fork)."""

from ..course import CURRICULUM, _overlay
from ..data import load_yaml


def arguments(parser):
    pass


def main(args) -> int:
    doc = load_yaml(_overlay(CURRICULUM / "course.yml"))   # a file that is not UTF-8 / YAML: its problem lines, exit 2
    try:
        print(doc.data["edition"])
    except (KeyError, TypeError) as err:
        print(f"{doc.name}: cannot read the edition ({err}) — fix the `edition:` line")
        return 2
    return 0
