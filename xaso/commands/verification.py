"""What is left to verify: every `<!-- verify: … -->` editor mark (file:line: note) and the legal
register entries flagged `verify: true`. Learners see none of them; settle each with a public source
(record it under `sources:`) and delete the mark."""

from ..course import load_course
from ..settings import languages, mkdocs_yml, partial_languages
from ..verification import report


def arguments(parser):
    pass


def main(args) -> int:
    config = mkdocs_yml()
    course = load_course(languages(config), partial_languages(config))
    print(report(course.legal), end="")
    return 0
