"""MkDocs hook: reading without a connection (the work is in xaso.offline).

Collects the home pages (they show the zips' sizes) and takes the service worker's source out of
the published files; the run's last job ("zip" phase, after PDFs and packages) writes `sw.js` and
the offline zips of the whole site, then the manifests of "save the whole course"
(download/offline-<lang>.json). `mkdocs serve` and XASO_ZIP=0 skip the zip.
"""

from __future__ import annotations

from pathlib import Path

from _mkdocs import command, course, run, stash
from xaso import offline

SERVICE_WORKER = "assets/js/sw.js"


def on_pre_build(config):
    state = stash("offline")
    if "homes" not in state:
        state["homes"] = set()
        site_dir = config.site_dir
        run().add_job("zip", "service worker and offline zips",
                      lambda: offline.finish(Path(site_dir), course().edition, state.get("service_worker"),
                                             state["homes"], zip_wanted=offline.zip_wanted(command()),
                                             offline_words=offline.offline_words(course())))
        run().add_job("zip", "offline manifests (save the whole course)",
                      lambda: offline.write_manifests(Path(site_dir), course().edition, offline.language_folders(course())))


def on_files(files, config):
    """The service worker is not published where it lies (the zip job writes it at the site's root)."""
    source = files.get_file_from_path(SERVICE_WORKER)
    if source is not None:
        stash("offline")["service_worker"] = Path(source.abs_src_path)
        files.remove(source)
    return files


def on_post_page(output, page, config):
    if 'class="xa-edition-download"' in output:
        stash("offline")["homes"].add(Path(page.file.abs_dest_path))
    return output
