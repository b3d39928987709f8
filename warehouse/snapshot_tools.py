"""Maintain the bundled offline snapshot (`snapshot/`, a RawArchive kept in git).

The snapshot is the recording of a harvest that `mercury run` replays on a fresh clone. Adding files here is how
new fixture documents become part of the default run: `mercury snapshot add tests/fixtures/seeds/*.txt`.
Everything recorded is fixed (url prefix, retrieved_at) so the snapshot, and the ids derived from it, are
reproducible.
"""

from __future__ import annotations

from pathlib import Path

from extractors.archive import RawArchive
from extractors.sources import IngestResult
from extractors.sources.local import guess_media_type

DEFAULT_URL_PREFIX = "file://seeds/"
DEFAULT_RETRIEVED_AT = "2025-11-10T00:00:00Z"


def add_to_snapshot(
    files: list[Path],
    snapshot_dir: Path,
    *,
    source: str = "local",
    url_prefix: str = DEFAULT_URL_PREFIX,
    retrieved_at: str = DEFAULT_RETRIEVED_AT,
) -> IngestResult:
    """Record files in the snapshot as if a harvest had fetched them from url_prefix + file name."""
    if not files:
        raise ValueError("no file given")
    snapshot = RawArchive(snapshot_dir)
    new = 0
    for path in sorted(Path(f) for f in files):
        if not path.is_file():
            raise FileNotFoundError(f"not a file: {path}")
        data = path.read_bytes()
        new += snapshot.store_read_file(
            data,
            source=source,
            url=url_prefix + path.name,
            path=path.name,
            media_type=guess_media_type(data, path.name),
            started_at=retrieved_at,  # fixed times: the snapshot is reproducible
            seconds=0.0,
            retrieved_at=retrieved_at,
            log_unchanged=False,
        )
    return IngestResult(source="snapshot", files=len(files), new=new, unchanged=len(files) - new)
