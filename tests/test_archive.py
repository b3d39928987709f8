"""Sources into the raw archive: the local folder source, the bundled snapshot and its replay, idempotency."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from extractors.archive import RawArchive
from extractors.sources import NothingToIngest
from extractors.sources.local import DOCX, guess_media_type, ingest_folder
from extractors.sources.snapshot import CorruptSnapshot, replay_snapshot
from warehouse import pipeline
from warehouse.settings import PROJECT_ROOT, get_settings
from warehouse.snapshot_tools import DEFAULT_RETRIEVED_AT, add_to_snapshot

SEEDS = PROJECT_ROOT / "tests" / "fixtures" / "seeds"
BUNDLED = PROJECT_ROOT / "snapshot"


def object_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "objects").rglob("*") if p.is_file())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A user's folder: nested files, a duplicate, hidden files and a hidden folder (skipped)."""
    root = tmp_path / "in"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "b.txt").write_text("Решение МК-6/17", encoding="utf-8")
    (root / "sub" / "a.pdf").write_bytes(b"%PDF-1.7\n...")
    (root / "sub" / "deeper" / "copy.txt").write_text("Решение МК-6/17", encoding="utf-8")
    (root / "junk.bin").write_bytes(bytes(range(256)))
    (root / ".hidden.txt").write_text("secret")
    (root / ".git" / "config").write_text("[core]")
    return root


def test_local_ingests_every_visible_file_with_its_origin(tmp_path: Path, folder: Path) -> None:
    archive = RawArchive(tmp_path / "raw")
    result = ingest_folder(archive, folder)
    assert result.as_dict() == {"source": "local", "files": 4, "new": 4, "unchanged": 0}
    rows = archive.manifest()
    assert [r.path for r in rows] == ["b.txt", "junk.bin", "sub/a.pdf", "sub/deeper/copy.txt"]
    assert {r.source for r in rows} == {"local"}
    assert [r.url for r in rows] == [(folder / r.path).resolve().as_uri() for r in rows]
    assert all(r.url.startswith("file:///") for r in rows)
    by_path = {r.path: r for r in rows}
    assert by_path["b.txt"].media_type == "text/plain"
    assert by_path["sub/a.pdf"].media_type == "application/pdf"
    assert by_path["junk.bin"].media_type == "application/octet-stream"
    assert by_path["b.txt"].sha256 == hashlib.sha256("Решение МК-6/17".encode()).hexdigest()
    # the duplicate content is stored once, observed twice
    assert by_path["b.txt"].sha256 == by_path["sub/deeper/copy.txt"].sha256
    assert len(object_files(archive.root)) == 3
    assert archive.read(by_path["sub/a.pdf"].sha256) == b"%PDF-1.7\n..."
    attempts = archive.harvest_log()
    assert [a["outcome"] for a in attempts] == ["fetched"] * 4
    assert {a["sha256"] for a in attempts} == {r.sha256 for r in rows}


def test_reingesting_the_same_folder_adds_nothing(tmp_path: Path, folder: Path) -> None:
    archive = RawArchive(tmp_path / "raw")
    ingest_folder(archive, folder)
    manifest_before = archive.manifest_path.read_bytes()
    objects_before = object_files(archive.root)
    again = ingest_folder(archive, folder)
    assert again.as_dict() == {"source": "local", "files": 4, "new": 0, "unchanged": 4}
    assert archive.manifest_path.read_bytes() == manifest_before
    assert object_files(archive.root) == objects_before


def test_a_changed_file_is_a_new_observation(tmp_path: Path, folder: Path) -> None:
    archive = RawArchive(tmp_path / "raw")
    ingest_folder(archive, folder)
    (folder / "b.txt").write_text("Решение МК-6/18", encoding="utf-8")
    result = ingest_folder(archive, folder)
    assert (result.new, result.unchanged) == (1, 3)
    assert len(archive.manifest()) == 5  # the old version stays recorded: nothing is lost


def test_empty_or_missing_input_is_loud(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path / "raw")
    empty = tmp_path / "empty"
    (empty / ".only-hidden").mkdir(parents=True)
    (empty / ".only-hidden" / "x.txt").write_text("x")
    with pytest.raises(NothingToIngest, match="no file to ingest"):
        ingest_folder(archive, empty)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        ingest_folder(archive, tmp_path / "nope")
    assert archive.manifest() == []


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.4", "x.bin", "application/pdf"),
        (b"PK\x03\x04....word/document.xml", "x", DOCX),
        (b"PK\x03\x04....", "a.zip", "application/zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.doc", "application/msword"),
        (b"  <!DOCTYPE html><html>", "page", "text/html"),
        ("Решение".encode("cp1251") * 20, "legacy.txt", "text/plain"),
        (b"a,b\n1,2\n", "t.csv", "text/csv"),
        (b"\x00\x01\x02", "x.dat", "application/octet-stream"),
    ],
)
def test_media_type_from_bytes_first(data: bytes, name: str, expected: str) -> None:
    assert guess_media_type(data, name) == expected


BUNDLED_FILES = len(RawArchive(BUNDLED).manifest())


def test_bundled_snapshot_records_the_seeds_and_fixtures() -> None:
    snapshot = RawArchive(BUNDLED)
    rows = snapshot.manifest()
    seeds = sorted(SEEDS.glob("*.txt"))
    # the two seeds first, then the multilingual fixtures (tests/fixtures/{documents,languages,formats})
    assert [r.url for r in rows[:2]] == [f"file://seeds/{p.name}" for p in seeds]
    assert all(r.url.startswith("file://fixtures/") for r in rows[2:])
    assert {(r.source, r.retrieved_at) for r in rows} == {("local", DEFAULT_RETRIEVED_AT)}
    fixtures = PROJECT_ROOT / "tests" / "fixtures"
    for row in rows:
        [original] = [p for p in fixtures.glob(f"*/{row.path}") if p.parent.name != "expected"]
        assert snapshot.read(row.sha256) == original.read_bytes()
    assert {r.path.split("_")[0] for r in rows[2:]} == {"ar", "en", "es", "fr", "ru", "zh"}
    assert len(snapshot.harvest_log()) == len(rows)


def test_replay_copies_objects_manifest_and_log_once(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path / "raw")
    first = replay_snapshot(BUNDLED, archive)
    assert first.as_dict() == {"source": "snapshot", "files": BUNDLED_FILES, "new": BUNDLED_FILES, "unchanged": 0}
    assert archive.manifest() == RawArchive(BUNDLED).manifest()  # original url/source/retrieved_at kept
    assert archive.harvest_log() == RawArchive(BUNDLED).harvest_log()
    files = {p.name: p.read_bytes() for p in object_files(archive.root)}
    state = (archive.manifest_path.read_bytes(), archive.harvest_log_path.read_bytes(), files)
    again = replay_snapshot(BUNDLED, archive)
    assert (again.new, again.unchanged) == (0, BUNDLED_FILES)
    files = {p.name: p.read_bytes() for p in object_files(archive.root)}
    assert (archive.manifest_path.read_bytes(), archive.harvest_log_path.read_bytes(), files) == state


def test_replay_verifies_every_object(tmp_path: Path) -> None:
    snapshot_dir = tmp_path / "snapshot"
    shutil.copytree(BUNDLED, snapshot_dir)
    victim = object_files(snapshot_dir)[0]
    victim.write_bytes(victim.read_bytes() + b"tampered")
    archive = RawArchive(tmp_path / "raw")
    with pytest.raises(CorruptSnapshot, match="hashes to"):
        replay_snapshot(snapshot_dir, archive)
    victim.unlink()
    with pytest.raises(CorruptSnapshot, match="missing"):
        replay_snapshot(snapshot_dir, archive)


def test_empty_snapshot_is_loud(tmp_path: Path) -> None:
    with pytest.raises(NothingToIngest, match="holds no file"):
        replay_snapshot(tmp_path / "no-snapshot", RawArchive(tmp_path / "raw"))


def test_snapshot_tool_is_reproducible_and_idempotent(tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    first = add_to_snapshot(seeds, tmp_path / "a")
    again = add_to_snapshot(seeds, tmp_path / "a")
    add_to_snapshot(list(reversed(seeds)), tmp_path / "b")
    assert (first.new, again.new) == (2, 0)
    for name in ("manifest.jsonl", "harvest_log.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        # the bundled snapshot starts with exactly what the tool makes from the seeds
        made = (tmp_path / "a" / name).read_bytes().splitlines()
        assert made == (BUNDLED / name).read_bytes().splitlines()[: len(made)]
    rows = [json.loads(line) for line in (tmp_path / "a" / "manifest.jsonl").read_text().splitlines()]
    assert {r["retrieved_at"] for r in rows} == {DEFAULT_RETRIEVED_AT}


def test_pipeline_ingest_chooses_snapshot_or_folder(tmp_path: Path, folder: Path, monkeypatch) -> None:
    monkeypatch.setenv("MERCURY_DATA_DIR", str(tmp_path / "data"))
    settings = get_settings()
    assert pipeline.ingest(settings) == {
        "source": "snapshot", "files": BUNDLED_FILES, "new": BUNDLED_FILES, "unchanged": 0,
    }  # fmt: skip
    assert pipeline.ingest(settings, folder) == {"source": "local", "files": 4, "new": 4, "unchanged": 0}
    assert len(RawArchive(settings.raw_dir).latest_by_sha()) == BUNDLED_FILES + 3
    monkeypatch.setenv("MERCURY_SNAPSHOT_DIR", str(tmp_path / "missing"))
    with pytest.raises(NothingToIngest):
        pipeline.ingest(get_settings())
