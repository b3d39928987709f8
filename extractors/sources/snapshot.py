"""Replay the bundled offline snapshot into the raw archive.

`snapshot/` in the repository is itself a RawArchive: the recording of a harvest (objects, manifest rows with their
original url/source/retrieved_at, harvest log). Replaying it gives a fresh clone the same raw archive a real harvest
would have produced, without any network. Every object is verified against its sha256 before it is copied.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from extractors.archive import HarvestAttempt, RawArchive
from extractors.sources import IngestResult, NothingToIngest

SOURCE = "snapshot"


class CorruptSnapshot(RuntimeError):
    """An object of the snapshot is missing or its bytes do not hash to its name."""


def replay_snapshot(snapshot_dir: Path, archive: RawArchive) -> IngestResult:
    """Copy the snapshot's objects, manifest rows and harvest log into archive; idempotent."""
    snapshot = RawArchive(Path(snapshot_dir))
    rows = snapshot.manifest()
    if not rows:
        raise NothingToIngest(f"the snapshot at {snapshot.root} holds no file (no manifest rows)")
    known = {(row.source, row.url, row.sha256) for row in archive.manifest()}
    new = 0
    for row in rows:
        if not snapshot.has(row.sha256):
            raise CorruptSnapshot(f"snapshot object missing for {row.url}: {snapshot.object_path(row.sha256)}")
        data = snapshot.read(row.sha256)
        actual = hashlib.sha256(data).hexdigest()
        if actual != row.sha256:
            raise CorruptSnapshot(f"snapshot object {row.sha256} ({row.url}) hashes to {actual}")
        archive.store(
            data,
            source=row.source,
            url=row.url,
            path=row.path,
            media_type=row.media_type,
            retrieved_at=row.retrieved_at,
            etag=row.etag,
            last_modified=row.last_modified,
        )
        key = (row.source, row.url, row.sha256)
        if key not in known:
            new += 1
            known.add(key)
    _replay_harvest_log(snapshot, archive)
    return IngestResult(source=SOURCE, files=len(rows), new=new, unchanged=len(rows) - new)


def _replay_harvest_log(snapshot: RawArchive, archive: RawArchive) -> None:
    """Append the snapshot's fetch attempts once (exact duplicates of rows already present are skipped)."""
    seen = {json.dumps(row, sort_keys=True) for row in archive.harvest_log()}
    for row in snapshot.harvest_log():
        line = json.dumps(row, sort_keys=True)
        if line not in seen:
            archive.log_attempt(HarvestAttempt(**row))
            seen.add(line)
