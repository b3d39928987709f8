"""Word (DOCX) files -> blocks, with python-docx.

What a Word file knows that its converted text does not:
* Numbering: a numbered paragraph's number is not in its text. It is computed from w:numPr (on the paragraph or
  its style) and numbering.xml the way Word prints it: counters per abstract list, shared by the w:num instances
  pointing to it, restarted by a w:startOverride, deeper levels reset when a shallower one advances. Level-0
  decimal items become Block.number, letter/roman items Block.sub (a, b … / i, ii …), upper-roman items headings.
* Footnotes (and endnotes): the w:footnoteReference in a run is resolved against word/footnotes.xml and the note
  text attached to the block that cites it.
* Styles: "Heading n" paragraphs become heading blocks; "Title" stays ordinary head text (the document title).
* Tables are kept as text, one plain block per row with the cells joined by " | " (never read as numbered
  paragraphs: a "1." in a budget table is not an operative paragraph).
* The document symbol printed in a page header (UNEP/MC/COP.5/11) becomes BlockDocument.symbol_hint.

Safety: the archive is checked before anything is decompressed (entry count, total and per-entry size, compression
ratio: zip bombs), every entry is CRC-checked (truncated or corrupt files), and any XML part declaring a DTD or
entities is refused (XXE); python-docx's own parser never resolves entities and never loads anything.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from extractors.model import ParseError
from extractors.parsers.blocks import Block, BlockDocument, classify_line, file_title
from extractors.text import clean_whitespace, fold_letter

MAX_ENTRIES = 10_000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for the archive and for any entry of a meaningful size
_RATIO_MIN_SIZE = 1024 * 1024  # tiny entries compress absurdly well legitimately (empty styles, repeated tags)
_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element, tag: str) -> str | None:
    child = element.find(_q(tag)) if element is not None else None
    return child.get(_q("val")) if child is not None else None


# -- the archive ---------------------------------------------------------------------------------------------------
def check_archive(data: bytes) -> zipfile.ZipFile:
    """Open the zip and refuse bombs, corrupt or truncated archives and non-Word zips, before python-docx sees it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ParseError(f"corrupt or truncated DOCX (ZIP) archive: {error}") from error
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ParseError(f"zip bomb refused: {len(infos)} entries in the archive (limit {MAX_ENTRIES})")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        limit = MAX_TOTAL_UNCOMPRESSED >> 20
        raise ParseError(f"zip bomb refused: {total / 2**20:.0f} MB uncompressed (limit {limit} MB)")
    for info in infos:
        if info.file_size > _RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ParseError(
                f"zip bomb refused: {info.filename} expands {info.file_size // max(info.compress_size, 1)}x "
                f"(limit {MAX_RATIO}x)"
            )
    if total > _RATIO_MIN_SIZE and total > MAX_RATIO * max(packed, 1):
        raise ParseError(f"zip bomb refused: the archive expands {total // max(packed, 1)}x (limit {MAX_RATIO}x)")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        kind = "a ZIP archive"
        if "xl/workbook.xml" in names:
            kind = "a spreadsheet"
        elif "ppt/presentation.xml" in names:
            kind = "a presentation"
        raise ParseError(f"not a Word document: {kind} without word/document.xml")
    for info in infos:
        try:
            with archive.open(info) as member:
                head = member.read(4096) if info.filename.endswith((".xml", ".rels")) else None
                while member.read(1 << 20):  # reading to the end checks the CRC; bounded by the checked sizes
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as error:
            raise ParseError(f"corrupt or truncated DOCX archive: {info.filename}: {error}") from error
        if head is not None and _DTD_RE.search(head):
            raise ParseError(f"refused: XML part {info.filename} declares a DTD or entities (possible XXE attack)")
    return archive


def _open(data: bytes):
    check_archive(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ParseError(f"not a readable Word document: {error}") from error
    except Exception as error:  # lxml syntax errors and python-docx's own: a broken file, not a parser bug
        if type(error).__module__.startswith(("lxml", "docx")):
            raise ParseError(f"not a readable Word document: {type(error).__name__}: {error}") from error
        raise


# -- numbering -----------------------------------------------------------------------------------------------------
@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Num:
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)  # ilvl -> startOverride
    levels: dict[int, _Level] = field(default_factory=dict)  # full level overrides


_DECIMAL_FORMATS = {"decimal", "decimalZero", "decimalFullWidth", "decimalHalfWidth", "decimalEnclosedParen",
                    "decimalEnclosedFullstop", "hindiNumbers", "ordinal", "cardinalText", "ordinalText"}  # fmt: skip
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word's russianLower skips ё й ъ ы ь
_ARABIC_ALPHA = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ARABIC_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"  # the order of UN Arabic sub-paragraphs (أ) (ب) (ج) (د)
_CHINESE_DIGITS = "〇一二三四五六七八九"
_LETTER_SEQUENCES = {"russianLower": _RUSSIAN, "russianUpper": _RUSSIAN.upper(), "arabicAlpha": _ARABIC_ALPHA,
                     "arabicAbjad": _ARABIC_ABJAD}  # fmt: skip


def _format(n: int, fmt: str) -> str | None:
    """A counter value printed in a numFmt; None for bullets and formats we cannot print."""
    if fmt in _DECIMAL_FORMATS:
        return str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in _LETTER_SEQUENCES:
        letters = _LETTER_SEQUENCES[fmt]
        return letters[(n - 1) % len(letters)] * ((n - 1) // len(letters) + 1)
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "ideographDigital":
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))
    return None


def _chinese(n: int) -> str:
    """1-99 in Chinese counting numerals (一, 十二, 二十三): section numbers "一、" of Chinese documents."""
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[units] if units else "")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + numeral, n - value
    return out


class Numbering:
    """Word's list counters, fed one numbered paragraph at a time in document order."""

    def __init__(self, numbering_xml, styles: dict[str, _Style]) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId -> style whose numPr gives the real list
        self.nums: dict[str, _Num] = {}
        self.styles = styles
        if numbering_xml is not None:
            self._read(numbering_xml)
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()

    def _read(self, root) -> None:
        for abstract in root.findall(_q("abstractNum")):
            key = abstract.get(_q("abstractNumId"))
            self.abstract[key] = {int(lvl.get(_q("ilvl"), "0")): _level(lvl) for lvl in abstract.findall(_q("lvl"))}
            link = _val(abstract, "numStyleLink")
            if link:
                self.style_links[key] = link
        for num in root.findall(_q("num")):
            entry = _Num(abstract=_val(num, "abstractNumId") or "")
            for override in num.findall(_q("lvlOverride")):
                ilvl = int(override.get(_q("ilvl"), "0"))
                start = _val(override, "startOverride")
                if start is not None:
                    entry.overrides[ilvl] = int(start)
                lvl = override.find(_q("lvl"))
                if lvl is not None:
                    entry.levels[ilvl] = _level(lvl)
            self.nums[num.get(_q("numId"))] = entry

    def _abstract_of(self, num_id: str) -> str | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        abstract = num.abstract
        link = self.style_links.get(abstract)
        style = self.styles.get(link) if link else None
        if style is not None and style.num_id in self.nums:  # a list defined through a numbering style
            abstract = self.nums[style.num_id].abstract
        return abstract

    def next(self, num_id: str, ilvl: int) -> tuple[str | None, str, int] | None:
        """(label as printed for this level, numFmt, counter) for the next paragraph of list num_id at level ilvl."""
        abstract = self._abstract_of(num_id)
        if abstract is None or abstract not in self.abstract:
            return None
        num = self.nums[num_id]
        levels = {**self.abstract[abstract], **num.levels}
        level = levels.get(ilvl, _Level())
        counters = self.counters.setdefault(abstract, [None] * 10)
        if num_id not in self.started:  # a w:num with start overrides restarts the shared list on first use
            self.started.add(num_id)
            for lvl, start in num.overrides.items():
                counters[lvl] = start - 1
                for deeper in range(lvl + 1, len(counters)):
                    counters[deeper] = None
        ilvl = min(max(ilvl, 0), len(counters) - 1)
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None
        if level.fmt in ("bullet", "none"):
            return None, level.fmt, counters[ilvl]

        def printed(match: re.Match[str]) -> str:
            lvl = int(match.group(1)) - 1
            value = counters[lvl] if counters[lvl] is not None else levels.get(lvl, _Level()).start
            return _format(value, levels.get(lvl, _Level()).fmt) or ""

        return re.sub(r"%(\d)", printed, level.text), level.fmt, counters[ilvl]


def _level(lvl) -> _Level:
    start = _val(lvl, "start")
    fmt = _val(lvl, "numFmt") or "decimal"
    return _Level(start=int(start) if start else 1, fmt=fmt, text=_val(lvl, "lvlText") or "")


# -- styles --------------------------------------------------------------------------------------------------------
@dataclass
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


def _read_styles(document) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    root = document.styles.element
    for style in root.findall(_q("style")):
        ppr = style.find(_q("pPr"))
        numpr = ppr.find(_q("numPr")) if ppr is not None else None
        ilvl = _val(numpr, "ilvl")
        outline = _val(ppr, "outlineLvl")
        styles[style.get(_q("styleId"))] = _Style(
            name=(_val(style, "name") or "").lower(),
            based_on=_val(style, "basedOn"),
            num_id=_val(numpr, "numId"),
            ilvl=int(ilvl) if ilvl is not None else None,
            outline=int(outline) if outline is not None else None,
        )
    return styles


def _style_chain(styles: dict[str, _Style], style_id: str | None):
    seen = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        yield styles[style_id]
        style_id = styles[style_id].based_on


# -- text of paragraphs --------------------------------------------------------------------------------------------
_SKIP = {_q("delText"), _q("instrText"), _q("txbxContent"), f"{{{_MC}}}Fallback", _q("pPr"), _q("rPr")}


def _paragraph_text(p, refs: list[tuple[str, str]]) -> str:
    """Visible text of a paragraph; footnote/endnote references are collected into refs and left out of the text
    (like the converted text: "partners[footnoteRef:1]," reads "partners,")."""
    out: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _q("r") and _hidden(child):
                continue
            if tag == _q("t"):
                out.append(child.text or "")
            elif tag in (_q("tab"), _q("ptab")):
                out.append("\t")
            elif tag in (_q("br"), _q("cr")):
                out.append(" ")
            elif tag == _q("noBreakHyphen"):
                out.append("\u2011")
            elif tag == _q("footnoteReference"):
                refs.append(("footnote", child.get(_q("id"))))
            elif tag == _q("endnoteReference"):
                refs.append(("endnote", child.get(_q("id"))))
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _hidden(run) -> bool:
    """A run formatted as hidden text (w:vanish): not printed, not part of the document's text."""
    rpr = run.find(_q("rPr"))
    vanish = rpr.find(_q("vanish")) if rpr is not None else None
    return vanish is not None and vanish.get(_q("val"), "true") not in ("0", "false", "off")


def _notes(document, reltype: str, tag: str) -> dict[str, str]:
    """Footnote or endnote id -> text (separator notes left out)."""
    from docx.oxml.parser import parse_xml

    notes: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype != reltype or rel.is_external:
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root.findall(_q(tag)):
            if note.get(_q("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            texts = [_paragraph_text(p, []) for p in note.iter(_q("p"))]
            notes[note.get(_q("id"))] = clean_whitespace(" ".join(texts))
    return notes


def _header_symbol(document) -> str | None:
    """The document symbol printed in a page header (UN documents carry it on every page)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    from extractors.symbols import find_documents

    for rel in document.part.rels.values():
        if rel.reltype != RT.HEADER or rel.is_external:
            continue
        root = parse_xml(rel.target_part.blob)
        for p in root.iter(_q("p")):
            found = find_documents(_paragraph_text(p, []))
            if found:
                return found[0].canonical
    return None


def _numbered_block(text: str, footnotes: list[str], label: str | None, fmt: str, counter: int, ilvl: int) -> Block:
    """A list paragraph: level-0 decimal items are numbered paragraphs, letters/romans sub-paragraphs (a, b, i),
    level-0 upper romans section headings (I. Introduction), bullets plain paragraphs."""
    block = Block(text=text, footnotes=footnotes)
    value = _format(counter, fmt)
    if label is None or value is None:
        return block
    if fmt in ("upperRoman", "chineseCounting", "chineseCountingThousand", "ideographTraditional") and ilvl == 0:
        block.heading = True
    elif ilvl == 0 and value.isdigit():
        block.number = counter
    else:
        block.sub = fold_letter(value)
    return block


# -- the body ------------------------------------------------------------------------------------------------------
class _BodyReader:
    def __init__(self, document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        self.styles = _read_styles(document)
        numbering_xml = None
        for rel in document.part.rels.values():
            if rel.reltype == RT.NUMBERING and not rel.is_external:
                numbering_xml = rel.target_part.element
        self.numbering = Numbering(numbering_xml, self.styles)
        self.notes = {
            "footnote": _notes(document, RT.FOOTNOTES, "footnote"),
            "endnote": _notes(document, RT.ENDNOTES, "endnote"),
        }
        self.default_style = next((key for key, s in self.styles.items() if s.name == "normal"), None)
        self.blocks: list[Block] = []
        self.has_title = False  # a paragraph in Word's Title style: the body states its own title

    def read(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag == _q("p"):
                self._paragraph(child)
            elif tag == _q("tbl"):
                self._table(child)
            elif tag in (_q("sdt"), _q("customXml")):
                content = child.find(_q("sdtContent")) if tag == _q("sdt") else child
                if content is not None:
                    self.read(content)

    def _footnotes(self, refs: list[tuple[str, str]]) -> list[str]:
        return [self.notes[kind][i] for kind, i in refs if self.notes[kind].get(i)]

    def _paragraph(self, p) -> None:
        refs: list[tuple[str, str]] = []
        text = _paragraph_text(p, refs)
        footnotes = self._footnotes(refs)
        ppr = p.find(_q("pPr"))
        style_id = _val(ppr, "pStyle") or self.default_style
        chain = list(_style_chain(self.styles, style_id))
        numbered = self._number(ppr, chain)
        heading = any(re.fullmatch(r"heading \d", s.name) for s in chain[:1])
        if not clean_whitespace(text):
            return
        self.has_title = self.has_title or any(s.name == "title" for s in chain[:1])
        if numbered is None:
            block = classify_line(text, footnotes)
            if block is not None and heading and block.number is None:
                block.heading = True
        else:
            block = _numbered_block(clean_whitespace(text), footnotes, *numbered)
            block.heading = block.heading or heading
        if block is not None:
            self.blocks.append(block)

    def _number(self, ppr, chain: list[_Style]):
        """The paragraph's list label, from its own w:numPr or the nearest style that has one."""
        numpr = ppr.find(_q("numPr")) if ppr is not None else None
        num_id = _val(numpr, "numId")
        ilvl = _val(numpr, "ilvl")
        for style in chain:
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = str(style.ilvl)
        if num_id in (None, "0"):
            return None
        level = int(ilvl or 0)
        printed = self.numbering.next(num_id, level)
        return None if printed is None else (*printed, level)

    def _table(self, tbl) -> None:
        for row in tbl.iter(_q("tr")):
            cells = []
            refs: list[tuple[str, str]] = []
            for cell in row.findall(_q("tc")):
                texts = [_paragraph_text(p, refs) for p in cell.iter(_q("p"))]
                cells.append(clean_whitespace(" ".join(texts)))
            if any(cells):
                self.blocks.append(Block(text=" | ".join(cells), footnotes=self._footnotes(refs)))


def _core_title(document) -> str | None:
    """The title in the file's core properties (docProps/core.xml), if it reads like one."""
    try:
        return file_title(document.core_properties.title)
    except (KeyError, ValueError, AttributeError, SyntaxError):  # a broken core part (lxml: SyntaxError)
        return None


def docx_to_blocks(data: bytes) -> BlockDocument:
    document = _open(data)
    reader = _BodyReader(document)
    reader.read(document.element.body)
    # convention sites' files often print no title line: their title is only in File > Properties
    title = None if reader.has_title else _core_title(document)
    return BlockDocument(blocks=reader.blocks, file_format="docx", symbol_hint=_header_symbol(document),
                         title_hint=title)  # fmt: skip
