"""Print the current edition (curriculum/course.yml, or local/course.yml in a province fork)."""

from ..course import CURRICULUM, _overlay
from ..data import DataError, load_yaml


def arguments(parser):
    pass


def main(args) -> int:
    try:
        print(load_yaml(_overlay(CURRICULUM / "course.yml")).data["edition"])
    except (DataError, KeyError, TypeError) as err:
        print(f"curriculum/course.yml: cannot read the edition ({err}) — fix the `edition:` line")
        return 2
    return 0
