"""The raw archive: every fetched or ingested file stored once, content-addressed by sha256, plus a manifest.

Layout under the archive root (MERCURY_DATA_DIR/raw, and the bundled `snapshot/` uses the same layout):

    objects/<sha[:2]>/<sha256>   the bytes, exactly as received (file names from servers are never used as paths)
    manifest.jsonl               one row per (source, url) observation of a stored object
    harvest_log.jsonl            one row per fetch attempt (becomes audit.harvest_log)
    http_cache.json              conditional-GET validators (ETag / Last-Modified) per URL

Appends are whole lines written with a single write() under a process lock, so parallel harvest threads and a
crash mid-run never leave half a row (a torn last line is skipped on read).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_LOCK = threading.Lock()


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class ManifestRow:
    sha256: str
    source: str
    url: str | None  # where it came from (http(s) URL, or file:// path for the local source)
    path: str | None  # original file name / path as given by the source, informational only
    bytes: int
    media_type: str | None
    retrieved_at: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class HarvestAttempt:
    source: str
    url: str
    http_status: int | None
    outcome: str  # fetched not_modified failed robots_disallowed
    bytes: int | None
    sha256: str | None
    started_at: str
    seconds: float
    detail: str | None = None


class RawArchive:
    """Content-addressed store with an append-only manifest."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.objects_dir = self.root / "objects"
        self.manifest_path = self.root / "manifest.jsonl"
        self.harvest_log_path = self.root / "harvest_log.jsonl"
        self.http_cache_path = self.root / "http_cache.json"
        self._keys: set[tuple[str, str | None, str]] | None = None  # manifest keys, read once per instance

    # -- objects -------------------------------------------------------------------------------------------
    def object_path(self, sha256: str) -> Path:
        return self.objects_dir / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.object_path(sha256).is_file()

    def read(self, sha256: str) -> bytes:
        return self.object_path(sha256).read_bytes()

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store bytes; returns (sha256, stored_now). Written to a temp file then renamed: never half a file."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.object_path(sha)
        if target.is_file():
            return sha, False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        return sha, True

    # -- manifest ------------------------------------------------------------------------------------------
    def store(
        self,
        data: bytes,
        *,
        source: str,
        url: str | None,
        path: str | None = None,
        media_type: str | None = None,
        retrieved_at: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> tuple[ManifestRow, bool]:
        """Archive bytes and record where they came from. Returns (row, is_new_content).

        A manifest row is appended only when this (source, url, sha256) was not recorded before, so re-ingesting
        the same folder or re-fetching an unchanged URL adds nothing."""
        row, stored_now, _ = self._store(data, source, url, path, media_type, retrieved_at, etag, last_modified)
        return row, stored_now

    def store_read_file(
        self,
        data: bytes,
        *,
        source: str,
        url: str,
        path: str,
        media_type: str,
        started_at: str,
        seconds: float,
        retrieved_at: str | None = None,
        log_unchanged: bool = True,
    ) -> bool:
        """Archive the bytes of a file read from disk (no HTTP: a local folder, the bundled snapshot) and log the
        read as a fetch. Returns whether the manifest gained a row (this source, url and content are new).

        log_unchanged=False logs new rows only: the snapshot kept in git must not grow when a file is added again."""
        row, _, new_row = self._store(data, source, url, path, media_type, retrieved_at, None, None)
        if new_row or log_unchanged:
            self.log_attempt(
                HarvestAttempt(
                    source=source,
                    url=url,
                    http_status=None,
                    outcome="fetched",
                    bytes=len(data),
                    sha256=row.sha256,
                    started_at=started_at,
                    seconds=seconds,
                )
            )
        return new_row

    def _store(
        self,
        data: bytes,
        source: str,
        url: str | None,
        path: str | None,
        media_type: str | None,
        retrieved_at: str | None,
        etag: str | None,
        last_modified: str | None,
    ) -> tuple[ManifestRow, bool, bool]:
        """store(), also saying whether the manifest gained a row."""
        sha, stored_now = self.put(data)
        row = ManifestRow(
            sha256=sha,
            source=source,
            url=url,
            path=path,
            bytes=len(data),
            media_type=media_type,
            retrieved_at=retrieved_at or utc_now(),
            etag=etag,
            last_modified=last_modified,
        )
        with _LOCK:
            if self._keys is None:
                self._keys = {(r.source, r.url, r.sha256) for r in self.manifest()}
            key = (source, url, sha)
            is_new_row = key not in self._keys
            self._keys.add(key)
        if is_new_row:
            self._append(self.manifest_path, asdict(row))
        return row, stored_now, is_new_row

    def manifest(self) -> list[ManifestRow]:
        return [ManifestRow(**row) for row in _read_jsonl(self.manifest_path)]

    def latest_by_sha(self) -> dict[str, ManifestRow]:
        """The first observation of every stored object (its retrieved_at is when we first had it)."""
        first: dict[str, ManifestRow] = {}
        for row in self.manifest():
            first.setdefault(row.sha256, row)
        return first

    # -- harvest log and HTTP validators ---------------------------------------------------------------------
    def log_attempt(self, attempt: HarvestAttempt) -> None:
        self._append(self.harvest_log_path, asdict(attempt))

    def harvest_log(self) -> list[dict[str, Any]]:
        return list(_read_jsonl(self.harvest_log_path))

    def http_validators(self) -> dict[str, dict[str, str]]:
        if not self.http_cache_path.is_file():
            return {}
        return json.loads(self.http_cache_path.read_text(encoding="utf-8"))

    def save_http_validators(self, url: str, validators: dict[str, str]) -> None:
        with _LOCK:
            cache = self.http_validators()
            cache[url] = validators
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(cache, handle, sort_keys=True, indent=1)
            os.replace(tmp, self.http_cache_path)

    def _append(self, path: Path, row: dict[str, Any]) -> None:
        line = json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"
        with _LOCK:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(line)


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue  # a torn last line from a crash: the object it described is simply re-fetched
