"""Load and validate Xã Số's data files: YAML with line numbers, JSON Schema, clear errors.

Plain functions with no MkDocs import, so another engine can call them too.
Every problem is collected as `Problem(file, line, message, fix)`; callers report them all at once.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from .paths import ROOT
SCHEMA_DIR = ROOT / "curriculum" / "schema"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text

    def annotation(self) -> str:
        """The same problem as a GitHub/GitLab CI annotation line."""
        line = f",line={self.line}" if self.line else ""
        return f"::error file={self.file}{line}::{self.message} — {self.fix}"


class DataError(Exception):
    """Raised with every problem found; the hooks turn it into one clean build failure."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def rel(path: Path | str) -> str:
    """A path as authors see it: relative to the project root."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def read_bytes(path: Path) -> bytes:
    """The one way the project reads a source file's bytes: a file that cannot be read is a Problem."""
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise DataError([Problem(rel(path), None, f"cannot read the file ({err.strerror or err})",
                                 "check that it exists, is a file and that you may read it")]) from None


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text (a BOM and CRLF line ends are fine); any other encoding is a Problem naming the file."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError([Problem(rel(path), line, "the file is not UTF-8 text (perhaps Windows-1258 or TCVN3)",
                                 "open it in an editor and save it as UTF-8")]) from None
    return text.replace("\r\n", "\n")


def read_text(path: Path) -> str:
    """The one reader of every file the build and the command line read (pages, data, translations,
    changelog, mkdocs.yml): UTF-8 text, or a DataError naming the file with the fix, never a traceback."""
    return decode(read_bytes(path), path)


def read_texts(paths) -> dict:
    """{path: text} of every file, or one DataError naming every file that cannot be read."""
    texts, problems = {}, []
    for path in paths:
        try:
            texts[path] = read_text(path)
        except DataError as err:
            problems.extend(err.problems)
    if problems:
        raise DataError(problems)
    return texts


class _LineLoader(yaml.SafeLoader):
    """A safe loader that rejects duplicate keys and keeps dates as text (the schemas check them)."""


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _construct_mapping(loader, node, deep=False):
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' appears twice", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same loader on libyaml's parser (about 5x faster); errors are re-parsed with _LineLoader
    so their messages stay the same."""


_FastLineLoader.yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers
_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Parsed and validated files, by path, kept while their size and modification time stay the same:
# a `mkdocs serve` rebuild after an edit re-reads only the edited file.
_parsed: dict = {}
_validated: dict = {}
reads = {"parsed": 0}   # files actually parsed (not taken from _parsed) since the process started


def _line_map(node, path=(), lines=None):
    lines = {} if lines is None else lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _line_map(value_node, path + (key_node.value,), lines)
            lines[path + (key_node.value,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, path + (index,), lines)
    return lines


@dataclass
class YamlDoc:
    path: Path
    data: object
    lines: dict

    @property
    def name(self) -> str:
        return rel(self.path)

    def line(self, *path) -> int | None:
        """The line of the deepest known part of `path`."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)

    def problem(self, path, message, fix="") -> Problem:
        return Problem(self.name, self.line(*path), message, fix)


def _yaml_fix(message: str, text_line: str) -> str:
    if "\t" in text_line or "'\\t'" in message:
        return "indent with spaces, not tabs"
    if "quoted scalar" in message or "unexpected end of stream" in message:
        return "close the quote that opens on this line"
    if "mapping values are not allowed" in message:
        return "put text that contains ': ' inside quotes"
    if "appears twice" in message:
        return "keep one of the two entries"
    return "check indentation and punctuation on this line (YAML)"


def _stamp(path: Path):
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def load_yaml(path: Path) -> YamlDoc:
    """Parse one YAML file; a syntax error becomes a Problem with the line and a fix."""
    stamp = _stamp(path)
    cached = _parsed.get(path)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return YamlDoc(path, copy.deepcopy(cached[1].data), cached[1].lines)
    doc = _parse_yaml(path)
    reads["parsed"] += 1
    if stamp is not None:
        _parsed[path] = (stamp, YamlDoc(path, copy.deepcopy(doc.data), doc.lines))
    return doc


def _compose_and_construct(text: str, loader_class):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def _parse_yaml(path: Path) -> YamlDoc:
    text = read_text(path)
    try:
        try:
            node, data = _compose_and_construct(text, _FastLineLoader)
        except yaml.YAMLError:
            node, data = _compose_and_construct(text, _LineLoader)  # for the same messages
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        lines = text.split("\n")
        text_line = lines[line - 1] if line and line <= len(lines) else ""
        message = f"YAML syntax error: {err.problem or err.context}"
        raise DataError([Problem(rel(path), line, message, _yaml_fix(message, text_line))]) from None
    return YamlDoc(path, data, _line_map(node) if node is not None else {})


def _schema(name: str) -> dict:
    return json.loads(read_text(SCHEMA_DIR / name))


def _jsonable(value):
    """YAML gives dates as date objects; JSON Schema wants strings."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _schema_fix(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = [k for k in error.instance if k not in allowed]
        for key in unknown:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            if close:
                return f"did you mean '{close[0]}'? Allowed keys: {', '.join(allowed)}"
        return f"remove it; allowed keys: {', '.join(allowed)}"
    if error.validator == "required":
        return "add the missing key (see the schema in curriculum/schema/)"
    if error.validator == "type":
        return f"write a {error.validator_value} here"
    if error.validator == "enum":
        return "use one of: " + ", ".join(map(str, error.validator_value))
    if error.validator == "pattern":
        return f"write it in the form {error.schema.get('description', error.validator_value)}"
    return error.schema.get("description", "see the schema in curriculum/schema/")


def _validator(schema_name: str, required: tuple | None = None):
    """`required`: the top-level keys to require instead of the schema's own (a partial translation)."""
    stamp = _stamp(SCHEMA_DIR / schema_name)
    cached = _validated.get((schema_name, required))
    if cached is None or cached[0] != stamp:
        schema = _schema(schema_name)
        if required is not None:
            schema["required"] = list(required)
        cached = _validated[(schema_name, required)] = (stamp, jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker()))
    return cached[1]


def validate(doc: YamlDoc, schema_name: str, required: tuple | None = None) -> list[Problem]:
    """Every schema violation in `doc`, each with its line (remembered while file and schema stay the same)."""
    key = (doc.path, schema_name, required)
    stamp = (_stamp(doc.path), _stamp(SCHEMA_DIR / schema_name))
    cached = _validated.get(key)
    if cached is not None and cached[0] == stamp and None not in stamp:
        return list(cached[1])
    problems = _validate(doc, schema_name, required)
    _validated[key] = (stamp, list(problems))
    return problems


def _validate(doc: YamlDoc, schema_name: str, required: tuple | None = None) -> list[Problem]:
    validator = _validator(schema_name, required)
    problems = []
    for error in sorted(validator.iter_errors(_jsonable(doc.data)), key=lambda e: list(map(str, e.path))):
        where = ".".join(str(p) for p in error.path) or "(top level)"
        message = error.message
        path = list(error.path)
        if error.validator == "additionalProperties":
            message = message.replace("Additional properties are not allowed", "unknown key")
            allowed = error.schema.get("properties", {})
            path += [next((k for k in error.instance if k not in allowed), None)]
        problems.append(doc.problem(path, f"{where}: {message}", _schema_fix(error)))
    return problems


def today() -> datetime.date:
    """The build date: SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def load_checked(path: Path, schema: str, problems: list[Problem], required: tuple | None = None) -> YamlDoc | None:
    """The file parsed and valid against `schema`, or None with its problems added to `problems`.
    `required`: the top-level keys it must have instead of the schema's (a partial translation)."""
    try:
        doc = load_yaml(path)
    except DataError as err:
        problems.extend(err.problems)
        return None
    found = validate(doc, schema, required)
    problems.extend(found)
    return None if found else doc
