"""The edition as a zip that works wherever it is unzipped. Pure functions: no MkDocs.

Reproducible: entries in sorted order, one fixed timestamp (SOURCE_DATE_EPOCH, else a constant),
fixed permissions, so two builds of the same site give byte-identical zips.
"""

from __future__ import annotations

import datetime
import os
import zipfile
from pathlib import Path
from typing import Callable

# Files that are compressed already: stored as they are (deflating them again only costs time).
ALREADY_COMPRESSED = {".pdf", ".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gz", ".zip"}
DEFAULT_EPOCH = 1767225600  # 2026-01-01T00:00:00Z, when SOURCE_DATE_EPOCH is not set
ZIP_EPOCH_MIN = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)  # the zip format's first date


def zip_date() -> tuple:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or DEFAULT_EPOCH)
    when = max(datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc), ZIP_EPOCH_MIN)
    return when.timetuple()[:6]


def write_zip(site: Path, out: Path, folder: str, *, skip: Callable[[str], bool],
              rewrite: Callable[[str, bytes], bytes] = lambda rel, data: data) -> int:
    """Zip every file under `site` (path relative to it: `rel`) into `out`, inside `folder/`,
    except those `skip(rel)` is true for; `rewrite(rel, data)` may change a file on its way in.
    Written to a temporary name first, so a failed run never leaves half a zip. Returns the size."""
    date = zip_date()
    files = sorted((p.relative_to(site).as_posix(), p) for p in site.rglob("*") if p.is_file())
    part = out.with_name(out.name + ".part")
    with zipfile.ZipFile(part, "w") as archive:
        for rel, path in files:
            if skip(rel):
                continue
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=date)
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = 0o644 << 16
            stored = path.suffix.lower() in ALREADY_COMPRESSED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, rewrite(rel, path.read_bytes()), compresslevel=None if stored else 9)
    part.replace(out)
    return out.stat().st_size


def write_entries(out: Path, entries: dict[str, bytes]) -> int:
    """A reproducible zip of in-memory files (name in the zip -> bytes), in sorted order."""
    date = zip_date()
    part = out.with_name(out.name + ".part")
    with zipfile.ZipFile(part, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            stored = Path(name).suffix.lower() in ALREADY_COMPRESSED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=None if stored else 9)
    part.replace(out)
    return out.stat().st_size
