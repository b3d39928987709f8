"""Saved web pages (InforMEA decision pages, convention sites, as .txt or .html): the document apart from the site.

A copied or saved page holds, besides the decision text, site furniture (skip links, "Share", menus, cookie notices,
the disclaimer footer, the list of downloadable files) and labelled fields (Treaty, Meeting, Status, Date, Type,
Decision number … each label on its own line, then its value). Left in the text flow they became paragraphs and
titles ("Skip to main content" as the document title). clean_page takes the furniture out, moves the fields to
BlockDocument.metadata and the page's own title (the line above the fields) to BlockDocument.title_hint. The words
are data (web_pages.yaml), the same for all six languages since a page is cleaned before its language is known.

Only pages are touched: a block list without a skip link, a "Full text" line or two labelled fields is returned as
it came, so documents that merely contain a word like "Share" keep it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import yaml

from extractors.parsers.blocks import Block, BlockDocument

DATA = Path(__file__).with_name("web_pages.yaml")
# a downloadable file's name as the files list shows it: "UNEP-CHW.14-BC-14-12.English.pdf", maybe with a size
_FILE_NAME = re.compile(r"^\S+\.(?:pdf|docx?|html?|xlsx?|zip)(?:\s*\(\s*[\d.,]+\s*[KMG]?B\s*\))?$", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s(?:›|»|>|/)\s")
_MAX_FIELD_LINE = 120  # "Label: value" longer than this is a sentence, not a field
_TITLE_END = (",", ";", "،", "，", "；")  # a body opening or preambular line, never a page title


def _key(text: str) -> str:
    """How page words are compared: case, apostrophes, trailing colons and spacing do not matter."""
    text = text.replace("\u2019", "'").replace("\uff1a", ":")
    return " ".join(text.casefold().split()).rstrip(": ")


@dataclass(frozen=True)
class _Words:
    fields: dict[str, str]  # label key -> field name
    full_text: frozenset[str]
    files: frozenset[str]
    skip_links: frozenset[str]
    furniture: frozenset[str]  # skip links included
    openings: tuple[str, ...]
    languages: frozenset[str]
    doc_types: dict[str, str]  # type value key -> doc_type


@cache
def _words() -> _Words:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return _Words(
        fields={_key(label): name for name, labels in raw["fields"].items() for label in labels},
        full_text=frozenset(_key(w) for w in raw["full_text"]),
        files=frozenset(_key(w) for w in raw["files"]),
        skip_links=frozenset(_key(w) for w in raw["skip_links"]),
        furniture=frozenset(_key(w) for w in raw["furniture"] + raw["skip_links"]),
        openings=tuple(_key(w) for w in raw["furniture_openings"]),
        languages=frozenset(_key(w) for w in raw["language_names"]),
        doc_types={_key(v): kind for kind, values in raw["doc_types"].items() for v in values},
    )


def is_furniture(text: str) -> bool:
    """A whole line of site text: skip link, menu entry, share button, cookie notice, footer, file name."""
    words, key = _words(), _key(text)
    if not key:
        return False
    if key in words.furniture or key.startswith(words.openings) or _FILE_NAME.match(text.strip()):
        return True
    names = [n for n in re.split(r"[\s|·•/]+", key) if n]
    if len(names) >= 2 and all(n in words.languages for n in names):
        return True  # the language switcher
    first = key.split()[0] if key.split() else ""
    return first in words.furniture and bool(_BREADCRUMB.search(key))  # "Home › Decisions › …"


def _plain(block: Block) -> bool:
    return block.number is None and block.sub is None


def _label(block: Block) -> str | None:
    """The field a block names when it is a bare label ("Treaty", "Статус:")."""
    return _words().fields.get(_key(block.text)) if _plain(block) else None


def _inline_field(block: Block) -> tuple[str, str] | None:
    """("treaty", "Basel Convention") for a "Treaty: Basel Convention" line."""
    if not _plain(block) or len(block.text) > _MAX_FIELD_LINE:
        return None
    label, sep, value = block.text.replace("\uff1a", ":").partition(":")
    name = _words().fields.get(_key(label)) if sep else None
    return (name, value.strip()) if name and value.strip() else None


def _marker(block: Block, kind: str) -> bool:
    return _plain(block) and _key(block.text) in getattr(_words(), kind)


def looks_like_page(blocks: list[Block]) -> bool:
    """A skip link, a "Full text" line or two labelled fields: this is a saved page, not a document."""
    fields = 0
    for i, block in enumerate(blocks):
        if _marker(block, "full_text") or _is_skip_link(_key(block.text)):
            return True
        if (_label(block) and i + 1 < len(blocks) and _value(blocks[i + 1])) or _inline_field(block):
            fields += 1
            if fields >= 2:
                return True
    return False


def _is_skip_link(key: str) -> bool:
    return key in _words().skip_links


def _value(block: Block) -> bool:
    """A block that can be a field's value: not itself a label, marker or furniture."""
    return not (_label(block) or _marker(block, "full_text") or _marker(block, "files") or is_furniture(block.text))


def clean_page(doc: BlockDocument) -> BlockDocument:
    """The document without the page around it; fields in metadata, the page's title in title_hint."""
    blocks = doc.blocks
    if not looks_like_page(blocks):
        return doc
    metadata = dict(doc.metadata)
    kept: list[Block] = []
    head: list[int] = []  # indexes in kept of the plain lines seen before the fields / "Full text"
    title: str | None = None
    removed_at: list[int] = []  # where the title line stood in kept
    in_head, i = True, 0
    while i < len(blocks):
        block = blocks[i]
        name = _label(block)
        if name and i + 1 < len(blocks) and _value(blocks[i + 1]):
            metadata.setdefault(name, blocks[i + 1].text.strip())
            i += 2
            title, in_head = _title_from(kept, head, title, in_head, removed_at)
            continue
        inline = _inline_field(block)
        if inline:
            metadata.setdefault(*inline)
            title, in_head = _title_from(kept, head, title, in_head, removed_at)
        elif _marker(block, "full_text"):
            title, in_head = _title_from(kept, head, title, in_head, removed_at)
            in_head = False
        elif _marker(block, "files") or is_furniture(block.text):
            pass
        else:
            if in_head and _plain(block) and not block.heading:
                head.append(len(kept))
            elif block.number is not None:
                in_head = False  # numbered text: the document has begun, no title above fields any more
            kept.append(block)
        i += 1
    _keep_decision_heading(kept, title, removed_at)
    return replace(doc, blocks=kept, metadata=metadata, title_hint=doc.title_hint or title)


def _title_from(
    kept: list[Block], head: list[int], title: str | None, in_head: bool, removed_at: list[int]
) -> tuple[str | None, bool]:
    """At the first field or "Full text" line: the first plain head line above it is the page title (taken out of
    the flow); later head lines stay. Returns (title, still in head)."""
    if title is not None or not in_head:
        return title, False
    for index in head:
        text = kept[index].text.strip()
        if text and not text.endswith(_TITLE_END):
            del kept[index]
            removed_at.append(index)
            return text, False
    return None, False


def _keep_decision_heading(kept: list[Block], title: str | None, removed_at: list[int]) -> None:
    """A page titled "Decision BC-14/9: …" whose text does not repeat that line: the title is also the decision's
    heading, so it goes back where it stood (else the decision would lose its symbol)."""
    from extractors.symbols import find_decisions

    def heading_symbol(text: str) -> str | None:
        found = find_decisions(text)  # the symbol opens the line ("Decision BC-14/9", "第BC-14/9号决定")
        return found[0].canonical or found[0].as_written if found and found[0].start <= 20 else None

    symbol = heading_symbol(title) if title is not None and removed_at else None
    if symbol and not any(_plain(b) and heading_symbol(b.text) == symbol for b in kept):
        kept.insert(removed_at[0], Block(text=title))


def page_doc_type(metadata: dict[str, str]) -> str | None:
    """documents.doc_type from the page's type field ("Decision" -> decisions), None when it says nothing known."""
    value = metadata.get("type")
    return _words().doc_types.get(_key(value)) if value else None
