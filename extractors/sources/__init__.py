"""Sources: programs that put files into the raw archive. Each returns an IngestResult and raises when it finds
nothing, because a harvest that yields no file is an error, not an empty success."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IngestResult:
    """What one ingestion did: files seen, new observations recorded, observations already in the archive."""

    source: str
    files: int
    new: int
    unchanged: int

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "files": self.files, "new": self.new, "unchanged": self.unchanged}


class NothingToIngest(RuntimeError):
    """The input held no file at all (an empty folder, an empty snapshot)."""


__all__ = ["IngestResult", "NothingToIngest"]
