"""parse_vs_floor: what the parser costs beyond merely reading the files with the same libraries.

The floor of a file is the time to read its bytes and decode them with the library its parser uses, doing nothing
else: text -> str (bytes.decode), DOCX -> python-docx Document and the text of every paragraph, PDF -> pdfminer's
characters of every page (its page aggregator, which the parser uses too), HTML -> BeautifulSoup (lxml) and
its text. The parse is the project's whole extractors.parsers.parse_file (format sniffing, the format parser and
the structure extraction). Both are measured in this one process, one file after the other, on the same files,
after a warm-up, so the ratio compares work, not process start-up or parallelism.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import time
from collections import defaultdict
from pathlib import Path
from typing import Any


def floor_read(data: bytes, suffix: str) -> int:
    """Read + decode one file with the parser's own library; returns a size so the work is not optimised away."""
    if suffix == ".pdf":
        from pdfminer.layout import LTChar

        from extractors.parsers.pdf_parser import layout_pages  # the parser's own pdfminer calls, nothing more

        return sum(1 for page in layout_pages(data) for item in page if isinstance(item, LTChar))
    if suffix == ".docx":
        import docx

        return sum(len(p.text) for p in docx.Document(io.BytesIO(data)).paragraphs)
    if suffix in (".html", ".htm"):
        from bs4 import BeautifulSoup

        return len(BeautifulSoup(data, "lxml").get_text())
    return len(data.decode("utf-8", errors="replace"))


def measure(files: list[Path]) -> dict[str, Any]:
    """Per format and overall: parse seconds, floor seconds and their ratio (broken files skipped)."""
    from extractors.parsers import parse_file

    parse_s: dict[str, float] = defaultdict(float)
    floor_s: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    items = [(p, p.read_bytes()) for p in files if "broken" not in p.parts]
    for path, data in items[:6]:  # warm-up: imports and lexicon compilation are not per-file work
        floor_read(data, path.suffix)
        _parse(parse_file, path, data)
    for path, data in items:
        clock = time.perf_counter()
        floor_read(data, path.suffix)
        floor_s[path.suffix] += time.perf_counter() - clock
        clock = time.perf_counter()
        _parse(parse_file, path, data)
        parse_s[path.suffix] += time.perf_counter() - clock
        counts[path.suffix] += 1
    by_format = {
        suffix.lstrip("."): {
            "files": counts[suffix],
            "parse_seconds": round(parse_s[suffix], 2),
            "floor_seconds": round(floor_s[suffix], 2),
            "ratio": round(parse_s[suffix] / floor_s[suffix], 2) if floor_s[suffix] else None,
        }
        for suffix in sorted(counts)
    }
    total_parse, total_floor = sum(parse_s.values()), sum(floor_s.values())
    return {
        "files": sum(counts.values()),
        "parse_seconds": round(total_parse, 2),
        "floor_seconds": round(total_floor, 2),
        "ratio": round(total_parse / total_floor, 2) if total_floor else None,
        "by_format": by_format,
    }


def _parse(parse_file, path: Path, data: bytes) -> None:
    with contextlib.suppress(Exception):  # a file the parser refuses still cost its time
        parse_file(data, sha256=hashlib.sha256(data).hexdigest(), source="local", url=path.resolve().as_uri(),
                   retrieved_at=None)  # fmt: skip
