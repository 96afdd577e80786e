"""Print the current edition (curriculum/course.yml, or local/course.yml in a province fork)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from _course import CURRICULUM, _overlay  # noqa: E402
from _data import DataError, load_yaml  # noqa: E402

if __name__ == "__main__":
    try:
        print(load_yaml(_overlay(CURRICULUM / "course.yml")).data["edition"])
    except (DataError, KeyError, TypeError) as err:
        sys.exit(f"cannot read the edition from curriculum/course.yml: {err}")
