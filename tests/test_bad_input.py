"""Bad input ends in a ParseError with a reason a user can act on; the loader turns it into a quarantine row and the
run goes on. Small bad files are committed (tests/fixtures/bad, written by scripts/make_fixtures.py); zip bombs are
built here, in memory, never committed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from extractors.model import ParseError
from extractors.parsers import docx_parser, parse_file
from tests.parser_helpers import FIXTURES

BAD = FIXTURES / "bad"
ERROR_PAGE_REASON = (
    r"^content does not match the claimed type: promised PDF but the bytes are html "
    r"\(looks like an error page: '404 Not Found'\)$"
)
GOOD_DOCX = FIXTURES / "formats" / "en_compilation_mc5.docx"


def parse(data: bytes, name: str = "file.bin"):
    return parse_file(data, sha256="0" * 64, source="local", url=f"file:///in/{name}", retrieved_at=None)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", r"^empty file$"),
        ("garbage.txt", r"^cannot detect the text encoding"),
        ("mojibake.txt", r"^garbled text: UTF-8 bytes that were decoded as cp1252"),
        ("truncated.docx", r"^corrupt or truncated DOCX \(ZIP\) archive"),
        ("xxe.docx", r"^refused: XML part word/document.xml declares a DTD or entities \(possible XXE"),
        ("scanned.pdf", r"^scanned PDF without a text layer \(no OCR\)$"),
        ("error_page.pdf", ERROR_PAGE_REASON),
    ],
)
def test_committed_bad_files_are_refused_with_a_reason(name, reason):
    with pytest.raises(ParseError, match=reason):
        parse((BAD / name).read_bytes(), name)


def test_error_page_without_a_promising_name_is_still_refused():
    with pytest.raises(ParseError, match="looks like an error page"):
        parse_file((BAD / "error_page.pdf").read_bytes(), sha256="0" * 64, source="x", url=None, retrieved_at=None)


def test_legacy_code_page_text_that_charset_normalizer_finds_messy_is_read():
    """cp1251 Russian with Latin symbols beside Cyrillic words ("РК-12/11", "UNEP/FAO/RC"): the mess ratio says
    0.17, above MAX_CHAOS, yet it is a clean decision text (it was quarantined in the M benchmark corpus)."""
    from charset_normalizer import from_bytes

    from extractors.parsers.text_parser import MAX_CHAOS

    data = (FIXTURES / "languages" / "ru_cp1251_rc12.txt").read_bytes()
    assert from_bytes(data).best().chaos > MAX_CHAOS  # the case this test is about
    parsed = parse(data, "decisions.txt")
    assert parsed.document.language == "ru"
    assert [d.symbol for d in parsed.decisions] == ["RC-12/11"]
    assert parsed.paragraphs[0].text == "ссылаясь на решение РК-11/10,"


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_that_decode_in_a_legacy_code_page_are_still_refused(seed):
    import random

    defined = [b for b in range(32, 256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x98)]  # cp1252 and cp1251
    rng = random.Random(seed)
    data = bytes(rng.choice(defined) for _ in range(6000))
    data.decode("cp1252"), data.decode("cp1251")  # both strict decodes succeed
    with pytest.raises(ParseError, match=r"^(cannot detect the text encoding|garbled text)"):
        parse(data, "noise.txt")


# -- zip bombs and broken archives ---------------------------------------------------------------------------------
def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_by_compression_ratio():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (8 << 20)})
    assert len(bomb) < 20_000
    with pytest.raises(ParseError, match=r"^zip bomb refused: word/document.xml expands \d+x \(limit 100x\)"):
        parse(bomb, "bomb.docx")


def test_zip_bomb_by_entry_count():
    bomb = _zip({f"word/media/{i}.xml": b"" for i in range(docx_parser.MAX_ENTRIES + 1)}, zipfile.ZIP_STORED)
    with pytest.raises(ParseError, match=r"^zip bomb refused: 10001 entries"):
        parse(bomb, "bomb.docx")


def test_zip_bomb_by_total_size(monkeypatch):
    monkeypatch.setattr(docx_parser, "MAX_TOTAL_UNCOMPRESSED", 1 << 20)  # the real limit is 200 MB
    bomb = _zip({"word/document.xml": bytes(range(256)) * 8192}, zipfile.ZIP_STORED)  # 2 MB, incompressible
    with pytest.raises(ParseError, match=r"^zip bomb refused: 2 MB uncompressed \(limit 1 MB\)"):
        parse(bomb, "bomb.docx")


def test_zip_whose_header_lies_about_sizes_is_corrupt():
    """A small declared size cannot be used to smuggle a large entry: reading stops there and the CRC fails."""
    data = bytearray(_zip({"word/document.xml": b"<w:document/>" * 1000}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")  # uncompressed size in the central directory
    with pytest.raises(ParseError, match=r"^corrupt or truncated DOCX archive: word/document.xml"):
        parse(bytes(data), "lies.docx")
    assert info.file_size == 13000


def test_flipped_bytes_fail_the_crc():
    data = bytearray(GOOD_DOCX.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 50
    data[start : start + 8] = bytes(8)
    with pytest.raises(ParseError, match=r"^corrupt or truncated DOCX archive: word/document.xml"):
        parse(bytes(data), "flipped.docx")


def test_a_zip_that_is_not_a_word_document():
    with pytest.raises(ParseError, match=r"^not a Word document: a ZIP archive without word/document.xml"):
        parse(_zip({"readme.txt": b"hello"}), "archive.zip")


# -- external entities ---------------------------------------------------------------------------------------------
@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOPSECRET-7f3a", encoding="utf-8")
    return path


def test_xxe_in_html_is_not_resolved(secret):
    page = (
        f'<!DOCTYPE html [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n<html><body><main>'
        "<h1>Decisions adopted by the Conference of the Parties at its fifth meeting</h1>"
        "<h2>Decision MC-5/9: Budget</h2><p>The Conference of the Parties,</p>"
        "<ol><li>Approves the budget &leak; for the biennium 2024–2025 and the programme of work;</li>"
        "<li>Authorizes the Executive Secretary to make transfers between budget lines.</li></ol>"
        "</main></body></html>"
    ).encode()
    parsed = parse(page, "page.html")
    assert [d.symbol for d in parsed.decisions] == ["MC-5/9"]
    assert "TOPSECRET" not in repr(parsed.tables())


def test_xxe_in_a_docx_part_is_refused_and_python_docx_would_not_resolve_it(secret):
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>x &leak; y</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    with zipfile.ZipFile(io.BytesIO(GOOD_DOCX.read_bytes())) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    entries["word/document.xml"] = xml
    with pytest.raises(ParseError, match="possible XXE") as refused:
        parse(_zip(entries), "leak.docx")
    assert "TOPSECRET" not in str(refused.value)
    from docx.oxml.parser import parse_xml  # second line of defence: the parser python-docx uses

    assert "TOPSECRET" not in "".join(parse_xml(xml).itertext())


def test_xml_data_file_is_refused_without_reading_its_entities(secret):
    xml = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY leak SYSTEM "{secret.as_uri()}">]><r>&leak;</r>'.encode()
    with pytest.raises(ParseError, match=r"^XML data file, not a document") as refused:
        parse(xml, "data.xml")
    assert "TOPSECRET" not in str(refused.value)


# -- other broken files --------------------------------------------------------------------------------------------
def test_truncated_pdf_is_refused_or_recovered():
    data = (FIXTURES / "formats" / "en_compilation_mc5.pdf").read_bytes()
    try:
        parsed = parse(data[: len(data) // 3], "cut.pdf")
    except ParseError as error:
        assert str(error).startswith(("corrupt PDF", "scanned PDF", "PDF without any text", "no text found"))
    else:  # pdfminer/pypdf recovered what the cut file still holds
        assert parsed.document.file_format == "pdf"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "legacy Word .doc"),
        (b"{\\rtf1\\ansi Decision}", "RTF files are not supported"),
        (b"\x00\x01\x02\x03" * 100, "binary file"),
        (b"%PDF-1.4\n%garbage that is no PDF at all\n", "corrupt PDF"),
    ],
)
def test_unsupported_or_broken_formats(data, reason):
    with pytest.raises(ParseError, match=reason):
        parse(data)


# -- the run goes on -----------------------------------------------------------------------------------------------
def test_loader_quarantines_bad_files_and_parses_the_rest(tmp_path):
    from extractors.archive import RawArchive
    from extractors.sources.local import ingest_folder
    from warehouse.load import ParseCache, parse_one

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in [*BAD.iterdir(), FIXTURES / "formats" / "ru_compilation_mc5.pdf", GOOD_DOCX]:
        (inbox / path.name).write_bytes(path.read_bytes())
    archive = RawArchive(tmp_path / "raw")
    ingest_folder(archive, inbox)
    cache = ParseCache(tmp_path / "parsed", "test", "code")
    outcomes = [parse_one(archive, row, cache, full_refresh=True) for row in archive.latest_by_sha().values()]
    parsed = sorted(o.tables["documents"][0]["file_format"] for o in outcomes if o.tables)
    reasons = sorted(o.quarantine.reason.split(":")[0] for o in outcomes if o.quarantine)
    assert parsed == ["docx", "pdf"]
    assert reasons == [
        "cannot detect the text encoding",
        "content does not match the claimed type",
        "corrupt or truncated DOCX (ZIP) archive",
        "empty file",
        "garbled text",
        "refused",
        "scanned PDF without a text layer (no OCR)",
    ]
