"""Where published feeds are kept.

By default a FileSystemStorage rooted at MEDIA_ROOT/linkedin/. A deployment whose web and worker
processes do not share a disk declares a shared backend as STORAGES["linkedin_feed"] in settings; it
is used instead. Files are written once under a name unique to their publication and never rewritten,
so the live feed changes only when the newest PUBLISHED FeedPublication row changes (one transaction).
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages

STORAGE_ALIAS = "linkedin_feed"
FEED_DIR = "feeds"


def feed_storage():
    if STORAGE_ALIAS in settings.STORAGES:
        return storages[STORAGE_ALIAS]
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "linkedin", base_url=None)


def scratch_dir(storage) -> str:
    """A directory for files being built: inside the storage when it is local, so that putting a checked
    file in place is a rename (atomic) rather than a copy."""
    try:
        path = storage.path("tmp")
    except NotImplementedError:
        return tempfile.gettempdir()
    os.makedirs(path, exist_ok=True)
    return path


class BuiltFile(File):
    """A finished local file; FileSystemStorage moves it into place instead of copying it."""

    def temporary_file_path(self):
        return self.file.name


def publication_name(publication_id: int) -> str:
    return f"{FEED_DIR}/jobs-{publication_id}.xml"
