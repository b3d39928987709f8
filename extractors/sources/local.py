"""The `local` source: every regular file of a folder (recursively) into the raw archive.

This is how a user tries the pipeline on their own documents (`mercury run --input DIR`). Files are visited in
sorted order so manifests are reproducible; hidden files and folders (name starting with '.') are skipped.
"""

from __future__ import annotations

import mimetypes
import time
from pathlib import Path

from extractors.archive import RawArchive, utc_now
from extractors.sources import IngestResult, NothingToIngest

SOURCE = "local"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def guess_media_type(data: bytes, name: str) -> str:
    """Media type from the bytes first (names lie), the extension second."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return DOCX if name.lower().endswith(".docx") or b"word/" in data[:65536] else "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/msword"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    if lowered.startswith(b"<?xml"):
        return "application/xml"
    guessed, _ = mimetypes.guess_type(name)
    if _looks_like_text(data):
        return guessed if guessed and guessed.startswith("text/") else "text/plain"
    return guessed or "application/octet-stream"


def _looks_like_text(data: bytes) -> bool:
    if not data or b"\x00" in data[:8192]:
        return False
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes  # legacy encodings such as cp1251

        return from_bytes(data[:65536]).best() is not None


def list_files(folder: Path) -> list[Path]:
    """Regular files under folder, sorted by relative path, hidden ones (any part starting with '.') skipped."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def ingest_folder(archive: RawArchive, folder: Path, *, source: str = SOURCE) -> IngestResult:
    """Archive every file of folder; re-ingesting the same folder records nothing new."""
    folder = Path(folder).expanduser().resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"input folder does not exist or is not a folder: {folder}")
    files = list_files(folder)
    if not files:
        raise NothingToIngest(f"no file to ingest in {folder} (hidden files are skipped)")
    new = 0
    for path in files:
        started, clock = utc_now(), time.monotonic()
        data = path.read_bytes()
        new += archive.store_read_file(
            data,
            source=source,
            url=path.as_uri(),
            path=path.relative_to(folder).as_posix(),
            media_type=guess_media_type(data, path.name),
            started_at=started,
            seconds=round(time.monotonic() - clock, 6),
        )
    return IngestResult(source=source, files=len(files), new=new, unchanged=len(files) - new)
