"""The synthetic corpus: decisions in every language that has a lexicon and a phrasing file, in every format, with
the ground truth beside them.

    python -m bench generate --size M [--out DIR] [--seed N]

Sizes count decision *texts* (a decision in three languages is three texts), ~20 paragraphs each:
T (tiny, tests) 30 · M 2,000 (~40,000 paragraphs) · L 20,000 (~400,000 paragraphs). A file is a compilation of
the decisions of one meeting in one language (4–12 decisions, like the meeting reports), or a note by the secretariat
with a draft decision in its annex; some compilations exist in two formats; a few files are broken on purpose.

Layout of a corpus folder:
    files/<body>/cop<NN>/<lang>/<name>.<ext>   the documents (what `mercury run --input` ingests)
    truth/{files,decisions,paragraphs,mandates,cooperation,references}.jsonl
    meta.json                                  size, seed, counts, generator digest (a corpus is reused while the
                                               digest and seed are the same)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import shutil
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.compose import BODIES, MAX_MEETING, Composer, Decision
from bench.phrasing import PHRASING_DIR, phrasing_languages
from extractors.lexicon import available_languages

log = logging.getLogger(__name__)

SIZES = {"T": 30, "M": 2_000, "L": 20_000, "TR": 42, "R": 700}
# Sizes of the shapes slice (bench.shapes): every document shape of issue 11 in equal parts, kept apart from T/M/L so
# that the issue-7 figures of those corpora stay comparable from run to run.
SLICES = ("TR", "R")
SEED = 20251110
FORMAT_WEIGHTS = {"txt": 35, "docx": 30, "html": 25, "pdf": 10}
EXTENSIONS = {"txt": "txt", "docx": "docx", "html": "html", "pdf": "pdf"}
LANGUAGE_WEIGHTS = {"en": 35, "fr": 15, "es": 15, "ru": 15, "ar": 10, "zh": 10}
LANGUAGE_COUNTS = ((1, 50), (2, 30), (3, 10), (6, 10))  # languages per decision, weight
BODY_WEIGHTS = {"minamata": 40, "basel": 20, "rotterdam": 20, "stockholm": 20}
BROKEN = ("empty.txt", "garbage.txt", "mojibake.txt", "truncated.docx", "error_page.pdf", "scanned.pdf")
REPO = Path(__file__).resolve().parent.parent


@dataclass
class FileSpec:
    path: str
    kind: str  # compilation note broken
    language: str | None
    fmt: str
    body: str | None = None
    meeting: int | None = None
    decisions: list[Decision] = field(default_factory=list)
    symbol: str | None = None
    broken: str | None = None
    shape: str = "heading_compilation"  # bench.shapes.SHAPES; "broken" for the broken files


@dataclass
class Plan:
    decisions: list[Decision]
    files: list[FileSpec]
    languages: list[str]
    skipped_languages: list[str]


def generator_digest() -> str:
    """Everything the corpus depends on: this package, the phrasing files, lexicons and the gazetteer."""
    from extractors.gazetteer import GAZETTEER_PATH
    from extractors.lexicon import LEXICON_DIR

    digest = hashlib.sha256()
    for folder in (Path(__file__).parent, PHRASING_DIR, LEXICON_DIR):
        for path in sorted(folder.glob("*.py")) + sorted(folder.glob("*.yaml")):
            digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    digest.update(hashlib.sha256(GAZETTEER_PATH.read_bytes()).digest())
    return digest.hexdigest()


def _note_root(body: str, meeting: int) -> str:
    return {"minamata": f"UNEP/MC/COP.{meeting}", "basel": f"UNEP/CHW.{meeting}",
            "rotterdam": f"UNEP/FAO/RC/COP.{meeting}", "stockholm": f"UNEP/POPS/COP.{meeting}"}[body]  # fmt: skip


def make_plan(texts: int, seed: int = SEED) -> Plan:
    """Decide every decision and every file (deterministic for a seed)."""

    languages = phrasing_languages()
    skipped = [lang for lang in available_languages() if lang not in languages]
    if "en" not in languages:
        raise RuntimeError("the generator needs at least the English phrasing (bench/languages/en.yaml)")
    rng = random.Random(seed)
    composer = Composer(languages, rng)
    pick_languages = _language_picker(rng, languages)

    bodies = list(BODY_WEIGHTS)
    next_number: dict[tuple[str, int], int] = defaultdict(int)
    decisions: list[Decision] = []
    drafts: list[Decision] = []
    total = 0
    while total < texts:
        body = rng.choices(bodies, weights=[BODY_WEIGHTS[b] for b in bodies])[0]
        meeting = rng.randint(1, MAX_MEETING - 2)
        langs = pick_languages()
        if rng.random() < 0.03:  # a draft in a note by the secretariat
            draft = composer.decision(body, meeting, None, langs)
            next_number[(body, -meeting)] += 1
            draft.note_symbol = f"{_note_root(body, meeting)}/{30 + next_number[(body, -meeting)]}"
            drafts.append(draft)
        else:
            next_number[(body, meeting)] += 1
            decisions.append(composer.decision(body, meeting, next_number[(body, meeting)], langs))
        total += len(langs)

    pick_format = _format_picker(rng, languages)
    files = _compilations(decisions, rng, pick_format)
    for draft in drafts:
        draft.shape = "secretariat_note"
        for lang in draft.languages:
            fmt = pick_format(lang)
            number = draft.note_symbol.rsplit("/", 1)[1]
            path = f"{draft.body}/cop{draft.meeting:02d}/{lang}/note-{number}.{EXTENSIONS[fmt]}"
            files.append(FileSpec(path, "note", lang, fmt, draft.body, draft.meeting, [draft], draft.note_symbol,
                                  shape="secretariat_note"))  # fmt: skip
    for i in range(max(3, len(files) // 200)):
        name = BROKEN[i % len(BROKEN)]
        stem, ext = name.rsplit(".", 1)
        files.append(FileSpec(f"broken/{stem}-{i:03d}.{ext}", "broken", None, ext, broken=name, shape="broken"))
    return Plan(decisions + drafts, files, languages, skipped)


def _language_picker(rng: random.Random, languages: list[str]):
    """The languages of one decision: one to all six, English most often."""
    weights = [LANGUAGE_WEIGHTS.get(lang, 10) for lang in languages]

    def pick_languages() -> list[str]:
        counts, count_weights = zip(*LANGUAGE_COUNTS, strict=True)
        k = min(rng.choices(counts, weights=count_weights)[0], len(languages))
        chosen: list[str] = []
        while len(chosen) < k:
            lang = rng.choices(languages, weights=weights)[0]
            if lang not in chosen:
                chosen.append(lang)
        return sorted(chosen)

    return pick_languages


def _format_picker(rng: random.Random, languages: list[str], weights: dict[str, int] | None = None):
    """A file format for a language (PDF only where the PDF writer has the fonts)."""
    from bench.pdf_writer import pdf_supported

    weights = weights or FORMAT_WEIGHTS
    pdf_ok = {lang: pdf_supported(lang) for lang in languages}
    formats = list(weights)

    def pick_format(lang: str, exclude: str | None = None) -> str:
        allowed = [f for f in formats if f != exclude and (f != "pdf" or pdf_ok[lang])]
        return rng.choices(allowed, weights=[weights[f] for f in allowed])[0]

    return pick_format


def _compilations(decisions: list[Decision], rng: random.Random, pick_format) -> list[FileSpec]:
    """The decisions of each meeting and language in compilations of 4-12, about 10 % also in a second format."""
    files: list[FileSpec] = []
    groups: dict[tuple[str, int, str], list[Decision]] = defaultdict(list)
    for decision in sorted(decisions, key=lambda d: (d.body, d.meeting, d.number)):
        for lang in decision.languages:
            groups[(decision.body, decision.meeting, lang)].append(decision)
    for (body, meeting, lang), members in sorted(groups.items()):
        start, part = 0, 0
        while start < len(members):
            size = rng.randint(4, 12)
            chunk = members[start : start + size]
            start += size
            part += 1
            symbol = f"{_note_root(body, meeting)}/{10 + part}"
            fmts = [pick_format(lang)]
            if rng.random() < 0.1:
                fmts.append(pick_format(lang, exclude=fmts[0]))
            for fmt in fmts:
                path = f"{body}/cop{meeting:02d}/{lang}/decisions-{part:02d}.{EXTENSIONS[fmt]}"
                files.append(FileSpec(path, "compilation", lang, fmt, body, meeting, chunk, symbol))
    return files


def make_shapes_plan(texts: int, seed: int = SEED) -> Plan:
    """The shapes slice: every shape of bench.shapes.SHAPES but the secretariat notes, in equal parts of the texts;
    one decision per file except the compilations; no broken files (the M/L corpora test those)."""
    from bench.shapes import SHAPE_BODIES, SHAPE_FORMATS, SHAPE_MEETINGS, SHAPES, file_path

    languages = phrasing_languages()
    skipped = [lang for lang in available_languages() if lang not in languages]
    rng = random.Random(f"{seed}:shapes")
    composer = Composer(languages, rng)
    pick_languages = _language_picker(rng, languages)
    shapes = [s for s in SHAPES if s != "secretariat_note"]
    conventions = list(BODY_WEIGHTS)
    next_number: dict[tuple[str, int], int] = defaultdict(int)
    by_shape: dict[str, list[Decision]] = {}
    for shape in shapes:
        chosen: list[Decision] = []
        total = 0
        while total < texts / len(shapes):
            body = SHAPE_BODIES.get(shape) or rng.choices(conventions, weights=list(BODY_WEIGHTS.values()))[0]
            # Basel numbered its decisions in roman numerals to its ninth meeting, BC-10/1 onwards after
            low, high = SHAPE_MEETINGS.get(shape, (10 if body == "basel" else 1, MAX_MEETING - 2))
            meeting = rng.randint(low, high)
            langs = pick_languages()
            next_number[(body, meeting)] += 1
            decision = composer.decision(body, meeting, next_number[(body, meeting)], langs, shape)
            if shape == "informea_page":  # the pages carry no footnotes
                for paragraph in [*decision.preamble, *decision.operative]:
                    paragraph.footnote = None
            chosen.append(decision)
            total += len(langs)
        by_shape[shape] = chosen
    files = _compilations(by_shape.pop("heading_compilation"), rng, _format_picker(rng, languages))
    index = 0
    for shape, decisions in by_shape.items():
        pick_format = _format_picker(rng, languages, SHAPE_FORMATS.get(shape))
        for decision in decisions:
            for lang in decision.languages:
                index += 1
                fmt = pick_format(lang)
                path = file_path(shape, decision, lang, EXTENSIONS[fmt], index)
                files.append(FileSpec(path, "single", lang, fmt, decision.body, decision.meeting, [decision],
                                      decision.symbol, shape=shape))  # fmt: skip
    everything = [d for f in files for d in f.decisions]
    unique = list({d.decision_id: d for d in everything}.values())
    return Plan(unique, files, languages, skipped)


# -- building one file (runs in worker processes) --------------------------------------------------------------------
def build_file(spec: FileSpec, root: Path, seed: int) -> dict[str, Any]:
    """Write one file under root; returns its truth: file row, paragraphs and references."""
    from bench import shapes, truth
    from bench.documents import compilation, note

    rng = random.Random(f"{seed}:{spec.path}")
    if spec.kind == "broken":
        data = broken_file(spec.broken, rng)
        doc = None
    elif spec.kind == "single":  # one decision in one of the shapes of bench.shapes
        doc = shapes.document(spec.shape, spec.language, spec.decisions[0], seed, spec.fmt)
        if spec.shape == "informea_page":
            data = shapes.write_informea_txt(doc, spec.decisions[0], rng)
        else:
            data = write(doc, spec.fmt, rng)
    else:
        if spec.kind == "note":
            doc = note(spec.language, spec.decisions[0], seed)
        else:
            doc = compilation(spec.language, spec.body, spec.meeting, spec.decisions, seed,
                              spec.symbol if spec.fmt != "txt" else None)  # fmt: skip
        data = write(doc, spec.fmt, rng)
    path = root / "files" / spec.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    row = {"path": spec.path, "sha256": sha, "document_id": sha[:16], "kind": spec.kind, "format": spec.fmt,
           "language": spec.language, "decisions": [d.decision_id for d in spec.decisions],
           "shape": spec.shape}  # fmt: skip
    if doc is None:
        return {"file": row, "paragraphs": [], "references": []}
    return {"file": row, "paragraphs": truth.paragraph_rows(doc), "references": truth.reference_rows(doc, sha[:16])}


def write(doc, fmt: str, rng: random.Random) -> bytes:
    from bench import writers

    if fmt == "pdf":
        from bench.pdf_writer import write_pdf

        return write_pdf(doc, rng)
    return {"txt": writers.write_txt, "docx": writers.write_docx, "html": writers.write_html}[fmt](doc, rng)


def broken_file(name: str, rng: random.Random) -> bytes:
    """Files the loader must quarantine with a reason while the run goes on."""
    if name == "empty.txt":
        return b""
    if name == "garbage.txt":
        return bytes(rng.randrange(0x80, 0x100) for _ in range(4000))
    if name == "mojibake.txt":
        text = "Решения, принятые Конференцией Сторон. Конференция Сторон, поручает секретариату. " * 20
        return text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    if name == "truncated.docx":
        from bench import writers
        from bench.documents import Document
        from bench.render import Line

        doc = Document("en", "minamata", [Line("title", "Decisions adopted"), Line("passage", "Text. " * 200)], None,
                       "Decisions adopted", [])  # fmt: skip
        data = writers.write_docx(doc, rng)
        return data[: len(data) // 2]
    if name == "error_page.pdf":
        return b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
    return _scanned_pdf()


def _scanned_pdf() -> bytes:
    """A page that is only a picture of text: no text layer."""
    import io

    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = Image.new("L", (200, 120), 255)
    draw = ImageDraw.Draw(image)
    for y in range(10, 110, 12):
        draw.line((10, y, 190, y), fill=0, width=3)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawImage(ImageReader(image), 72, 500, width=280, height=170)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _build_chunk(args: tuple[list[FileSpec], str, int]) -> list[dict[str, Any]]:
    specs, root, seed = args
    return [build_file(spec, Path(root), seed) for spec in specs]


# -- the whole corpus ------------------------------------------------------------------------------------------------
def generate(size: str, out: Path, seed: int = SEED, workers: int | None = None, force: bool = False) -> dict:
    """Write (or reuse) the corpus of a size under out; returns its meta.json content."""
    from bench import truth
    from bench.compose import shared_roles

    texts = SIZES[size]
    digest = generator_digest()
    meta_path = out / "meta.json"
    if not force and meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("digest") == digest and meta.get("seed") == seed and meta.get("texts") == texts:
            return meta
    shutil.rmtree(out, ignore_errors=True)
    (out / "truth").mkdir(parents=True)
    plan = make_shapes_plan(texts, seed) if size in SLICES else make_plan(texts, seed)
    if plan.skipped_languages:
        log.warning("no phrasing file for %s: not generated", ", ".join(plan.skipped_languages))
    workers = workers or min(2, os.cpu_count() or 1)
    chunks = [plan.files[i : i + 16] for i in range(0, len(plan.files), 16)]
    results: list[dict[str, Any]] = []
    if workers > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(_build_chunk, [(c, str(out), seed) for c in chunks]):
                results += part
    else:
        for chunk in chunks:
            results += _build_chunk((chunk, str(out), seed))

    roles = set(shared_roles(plan.languages))
    paragraphs = {row["paragraph_id"]: row for r in results for row in r["paragraphs"]}
    tables = {
        "files": [r["file"] for r in results],
        "decisions": [truth.decision_row(d) for d in plan.decisions],
        "paragraphs": sorted(paragraphs.values(), key=lambda row: row["paragraph_id"]),
        "mandates": [row for d in plan.decisions for row in truth.mandate_rows(d)],
        "cooperation": [row for d in plan.decisions for row in truth.cooperation_rows(d, roles)],
        "references": [row for r in results for row in r["references"]],
    }
    for name, rows in tables.items():
        with (out / "truth" / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    by_format: dict[str, int] = defaultdict(int)
    by_language: dict[str, int] = defaultdict(int)
    by_shape: dict[str, int] = defaultdict(int)
    for row in tables["files"]:
        by_format[row["format"]] += 1
        by_language[row["language"] or "-"] += 1
        by_shape[row["shape"]] += 1
    meta = {
        "size": size,
        "texts": texts,
        "seed": seed,
        "digest": digest,
        "complete": True,
        "languages": plan.languages,
        "skipped_languages": plan.skipped_languages,
        "counts": {name: len(rows) for name, rows in tables.items()}
        | {"decision_texts": sum(len(d.languages) for d in plan.decisions), "bytes": _size(out / "files")},
        "files_by_format": dict(sorted(by_format.items())),
        "files_by_language": dict(sorted(by_language.items())),
        "files_by_shape": dict(sorted(by_shape.items())),
        "slice": "shapes" if size in SLICES else "corpus",
        "bodies": sorted({d.body for d in plan.decisions} | set(BODIES)),
    }
    meta_path.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def load_truth(corpus: Path) -> dict[str, list[dict[str, Any]]]:
    tables = {}
    for path in sorted((corpus / "truth").glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            tables[path.stem] = [json.loads(line) for line in handle if line.strip()]
    return tables
