"""HTML pages (decision pages of convention websites, Word files saved as HTML) -> blocks, with beautifulsoup4 + lxml.

* Only the main content region is read (<main>, role=main, <article>, #content, a Drupal body field …): site
  navigation, headers, footers, sidebars, scripts and forms are dropped.
* <ol> numbering becomes Block numbers the way a browser prints it (start=, value=, type=/list-style-type):
  decimal items of a top-level list are numbered paragraphs, letter/roman items (and items of nested lists)
  sub-paragraphs.
* Footnotes in the usual markups: <sup><a href="#fn1"> with the notes in a list or section (Pandoc, Drupal,
  WordPress), Word's "Save as HTML" (<a href="#_ftn1" name="_ftnref1">[1]</a> with <div id="ftn1">), and plain
  <sup>1</sup> markers with a "footnotes" container. The note text is attached to the block citing it and the
  notes are taken out of the text flow.
* <h1> is the page/document title (ordinary head text, like Word's Title style); <h2>…<h6> are heading blocks.
* Tables are kept as text, one plain block per row ("cell | cell").
* An error page (a title naming an HTTP error, almost no text) is refused with that reason.
* A decision page (InforMEA, convention sites) is cleaned like its text copy (extractors/parsers/page.py): its
  labelled fields go to metadata, its title to title_hint, share buttons, "Full text" and the file list are dropped.
"""

from __future__ import annotations

import re

from extractors.model import ParseError
from extractors.parsers.blocks import Block, BlockDocument, classify_line
from extractors.parsers.page import clean_page
from extractors.text import clean_whitespace, fold_letter

_DROP = ["script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form", "button",
         "iframe", "object", "embed", "select", "input", "textarea", "link", "meta"]  # fmt: skip
_MAIN = ["main", "[role=main]", "article", "#content", "#main-content", ".region-content", ".field--name-body",
         ".node__content", "#main", ".main-content", "body"]  # fmt: skip
_BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "pre", "table", "ol", "ul", "div",
          "section", "article", "main", "figure", "figcaption", "address", "dl", "hr", "center"}  # fmt: skip
_NOTE_CLASS = re.compile(r"foot[-_]?notes?|endnotes?|ftn|fn-?list", re.IGNORECASE)
_MARKER_TEXT = re.compile(r"^\s*\[?\(?(\d{1,3}|[*†‡])\)?\]?\s*$")
_LEAD_NUMBER = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)]?)(?=\s|$)\s*")
_BACKLINK = re.compile(r"^\s*(?:↩|↑|\^|back|return)\s*$", re.IGNORECASE)
_ERROR_TITLE = re.compile(r"\b(?:404|403|410|500|502|503|not found|access denied|forbidden|server error|"
                          r"service unavailable|bad gateway)\b", re.IGNORECASE)  # fmt: skip
_SEP_OPEN, _SEP_CLOSE = "\ue000", "\ue001"  # a footnote reference inside text: _SEP_OPEN + index + _SEP_CLOSE
_REF_RE = re.compile(f"{_SEP_OPEN}(\\d+){_SEP_CLOSE}")
_SOURCE_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]+$")  # " | InforMEA" after a page's <title>
_LIST_TYPES = {"a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman", "1": "decimal"}


def _soup(data: bytes):
    from bs4 import BeautifulSoup

    # lxml's HTML parser never loads a DTD nor expands entities declared in one (no XXE)
    return BeautifulSoup(data, "lxml")


# -- footnotes -----------------------------------------------------------------------------------------------------
class _Notes:
    """Finds footnote references and bodies, replaces each reference by a placeholder and removes the bodies."""

    def __init__(self, soup) -> None:
        self.soup = soup
        self.texts: list[str] = []

    def collect(self) -> None:
        self._linked()
        self._plain()
        for container in self.soup.find_all(class_=_NOTE_CLASS) + self.soup.find_all(id=_NOTE_CLASS):
            if container.parent is not None and not clean_whitespace(container.get_text(" ")):
                container.decompose()

    def _body_of(self, target):
        if target.name == "a":  # Word: <div id="ftn1"><p><a name="_ftn1">[1]</a> text</p></div>
            holder = target.find_parent(["li", "p", "div", "aside", "section", "dd"])
            if (
                holder is not None
                and holder.parent is not None
                and holder.parent.name == "div"
                and re.match(r"_?ftn\d+|_?edn\d+", holder.parent.get("id", ""))
            ):
                holder = holder.parent
            return holder
        return target

    def _note_text(self, body, back_ids: set[str]) -> str:
        for a in body.find_all("a"):
            href = (a.get("href") or "").lstrip("#")
            if href in back_ids or _BACKLINK.match(a.get_text()) or "backref" in " ".join(a.get("class", [])):
                a.decompose()
            elif _MARKER_TEXT.match(a.get_text()):
                a.decompose()  # the number opening the note
        return _LEAD_NUMBER.sub("", clean_whitespace(body.get_text(" ")), count=1).strip()

    def _linked(self) -> None:
        # every id and <a name> of the page once (the first in document order, as soup.find gives it): looking each
        # reference's target up by a search of the whole page made pages with many notes quadratic
        by_id: dict[str, object] = {}
        for element in self.soup.find_all(id=True):
            by_id.setdefault(element["id"], element)
        by_name: dict[str, object] = {}
        for element in self.soup.find_all("a", attrs={"name": True}):
            by_name.setdefault(element["name"], element)
        refs = []
        for a in self.soup.find_all("a", href=True):
            href = a["href"]
            if not href.startswith("#") or len(href) < 2 or not _MARKER_TEXT.match(a.get_text()):
                continue
            in_sup = a.find_parent("sup") is not None or a.find("sup") is not None
            named = bool(_NOTE_CLASS.search(href) or _NOTE_CLASS.search(" ".join(a.get("class", []))))
            if not (in_sup or named):
                continue
            target = by_id.get(href[1:]) or by_name.get(href[1:])
            if target is None or target is a:
                continue
            refs.append((a, target))
        bodies: dict[int, int] = {}  # id(body element) -> index of its text
        for a, target in refs:
            body = self._body_of(target)
            if body is None or (body.parent is None and id(body) not in bodies):
                continue
            if id(body) not in bodies:
                back = {a.get("id", ""), a.get("name", "")} - {""}
                bodies[id(body)] = len(self.texts)
                self.texts.append(self._note_text(body, back))
                body.decompose()
            marker = a.find_parent("sup") or a
            marker.replace_with(f"{_SEP_OPEN}{bodies[id(body)]}{_SEP_CLOSE}")

    def _plain(self) -> None:
        """<sup>1</sup> markers without links, notes in a container whose class or id says footnotes."""
        containers = [c for c in self.soup.find_all(class_=_NOTE_CLASS) + self.soup.find_all(id=_NOTE_CLASS)
                      if c.parent is not None]  # fmt: skip
        numbered: dict[str, int] = {}
        for container in containers:
            if container.parent is None:
                continue
            for item in container.find_all(["li", "p", "div"]):
                if item.find(["li", "p", "div"]) is not None:
                    continue
                text = clean_whitespace(item.get_text(" "))
                m = re.match(r"^\[?(\d{1,3})\]?[.)]?\s+(.*)$", text)
                if m:
                    numbered[m.group(1)] = len(self.texts)
                    self.texts.append(m.group(2))
            if numbered:
                container.decompose()
        if not numbered:
            return
        for sup in self.soup.find_all("sup"):
            number = sup.get_text().strip()
            if number in numbered:
                sup.replace_with(f"{_SEP_OPEN}{numbered[number]}{_SEP_CLOSE}")


# -- the content ---------------------------------------------------------------------------------------------------
def _list_type(ol) -> str:
    style = re.search(r"list-style(?:-type)?\s*:\s*([a-z-]+)", ol.get("style", ""))
    if style:
        return style.group(1)
    return _LIST_TYPES.get(ol.get("type", "1"), "decimal")


def _label(n: int, list_type: str) -> str:
    from extractors.parsers.docx_parser import _roman

    if list_type in ("lower-alpha", "lower-latin", "upper-alpha", "upper-latin"):
        return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)
    if list_type in ("lower-roman", "upper-roman"):
        return _roman(n).lower()
    if list_type in ("arabic-abjad", "arabic-alpha"):
        from extractors.parsers.docx_parser import _ARABIC_ABJAD, _ARABIC_ALPHA

        letters = _ARABIC_ABJAD if list_type == "arabic-abjad" else _ARABIC_ALPHA
        return letters[(n - 1) % len(letters)]
    return str(n)


_DECIMAL_TYPES = {"decimal", "arabic-indic", "persian", "decimal-leading-zero", "cjk-decimal"}


class _Walker:
    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        self.blocks: list[Block] = []

    def _text_and_notes(self, text: str) -> tuple[str, list[str]]:
        footnotes = [self.notes[int(i)] for i in _REF_RE.findall(text) if self.notes[int(i)]]
        return _REF_RE.sub("", text), footnotes

    def _inline(self, element) -> str:
        """Text of an element without its nested lists/tables (they are blocks of their own); <br> -> newline."""
        from bs4 import NavigableString

        parts: list[str] = []

        def collect(node) -> None:
            for child in node.children:
                name = getattr(child, "name", None)
                if name is None:
                    if type(child) is NavigableString:  # not comments, doctypes, CDATA
                        parts.append(_SOURCE_SPACE.sub(" ", str(child)))  # source line breaks are spaces
                elif name == "br":
                    parts.append("\n")
                elif name not in ("ol", "ul", "table"):
                    block = name in _BLOCK
                    parts.append(" " if block else "")
                    collect(child)
                    parts.append(" " if block else "")

        collect(element)
        return "".join(parts)

    def _emit(self, text: str, **fields) -> None:
        for line in text.split("\n") if not fields else [text.replace("\n", " ")]:
            line, footnotes = self._text_and_notes(line)
            if not clean_whitespace(line):
                continue
            if fields:
                block = Block(text=clean_whitespace(line), footnotes=footnotes, **fields)
            else:
                block = classify_line(line, footnotes)
            if block is not None:
                if self.blocks and _same_block(self.blocks[-1], block):
                    continue  # a page title repeated as the first line of the body
                self.blocks.append(block)

    def walk(self, element, depth: int = 0) -> None:
        from bs4 import NavigableString

        for child in element.children:
            name = getattr(child, "name", None)
            if name is None:
                if type(child) is NavigableString and child.strip():
                    self._emit(_SOURCE_SPACE.sub(" ", str(child)))
                continue
            if name in ("h2", "h3", "h4", "h5", "h6"):
                text, footnotes = self._text_and_notes(self._inline(child))
                block = classify_line(text, footnotes)
                if block is not None:
                    block.heading = block.heading or (block.number is None and not _decision_like(block.text))
                    self.blocks.append(block)
            elif name in ("p", "h1", "dt", "dd", "pre", "figcaption", "address"):
                self._emit(self._inline(child))
            elif name == "ol":
                self._list(child, depth)
            elif name == "ul":
                for li in child.find_all("li", recursive=False):
                    self._emit(self._inline(li))
                    self._nested(li, depth + 1)
            elif name == "table":
                self._table(child)
            elif name == "hr":
                continue
            elif name in _BLOCK or child.find(_BLOCK - {"hr"}) is not None:
                self.walk(child, depth)
            else:  # inline element directly in a container
                self._emit(self._inline(child))

    def _list(self, ol, depth: int) -> None:
        list_type = _list_type(ol)
        try:
            counter = int(ol.get("start", "1")) - 1
        except ValueError:
            counter = 0
        for li in ol.find_all("li", recursive=False):
            try:
                counter = int(li["value"]) if li.get("value") else counter + 1
            except ValueError:
                counter += 1
            text = self._inline(li).replace("\n", " ")
            label = _label(counter, list_type)
            if list_type == "none":  # numbers typed in the text, if any
                self._emit(text)
            elif depth == 0 and list_type in _DECIMAL_TYPES:
                self._emit(text, number=counter)
            elif list_type in ("upper-roman", "cjk-ideographic", "simp-chinese-informal") and depth == 0:
                self._emit(text, heading=True)
            else:
                self._emit(text, sub=fold_letter(label))
            self._nested(li, depth + 1)

    def _nested(self, li, depth: int) -> None:
        for child in li.find_all(["ol", "ul", "table"], recursive=False):
            if child.name == "ol":
                self._list(child, depth)
            elif child.name == "ul":
                for item in child.find_all("li", recursive=False):
                    self._emit(self._inline(item))
            else:
                self._table(child)

    def _table(self, table) -> None:
        for row in table.find_all("tr"):
            if row.find_parent("table") is not table:
                continue
            cells = [clean_whitespace(self._inline(cell)) for cell in row.find_all(["td", "th"], recursive=False)]
            text, footnotes = self._text_and_notes(" | ".join(c for c in cells))
            if any(cells):
                self.blocks.append(Block(text=text.strip(" |"), footnotes=footnotes))


def _same_block(a: Block, b: Block) -> bool:
    """The same text at the same place: sub-paragraphs (a) and (b) may say the same words and are still two."""
    return (a.text, a.number, a.sub, a.heading) == (b.text, b.number, b.sub, b.heading)


def _decision_like(text: str) -> bool:
    from extractors.symbols import find_decisions

    return bool(find_decisions(text))


def _symbol_hint(soup) -> str | None:
    """A document symbol the page states as metadata: a field whose class/id says symbol, a meta tag, the title."""
    from extractors.symbols import find_documents

    candidates = []
    for element in soup.find_all(class_=re.compile("symbol", re.IGNORECASE)) + soup.find_all(
        id=re.compile("symbol", re.IGNORECASE)
    ):
        candidates.append(element.get_text(" "))
        element.decompose()
    for meta in soup.find_all("meta", attrs={"name": re.compile(r"identifier|symbol", re.IGNORECASE)}):
        candidates.append(meta.get("content", ""))
    if soup.title is not None:
        candidates.append(soup.title.get_text(" "))
    for text in candidates:
        found = find_documents(text)
        if found:
            return found[0].canonical
    return None


def html_to_blocks(data: bytes) -> BlockDocument:
    soup = _soup(data)
    title = clean_whitespace(soup.title.get_text(" ")) if soup.title is not None else ""
    symbol = _symbol_hint(soup)
    for tag in soup.find_all(_DROP):
        if tag.parent is None:
            continue
        if tag.name in ("header", "footer") and tag.find_parent("article") is not None:
            continue  # an article's own header holds its title
        tag.decompose()
    notes = _Notes(soup)
    notes.collect()
    main = next((found for selector in _MAIN if (found := soup.select_one(selector)) is not None), soup)
    text = main.get_text(" ")
    words = len(text.split()) + len(_HAN.findall(text))  # Chinese: every character counts as a word
    if words < 30:
        raise ParseError(f"HTML page without content ({words} words): looks like an error page {title[:80]!r}")
    if _ERROR_TITLE.search(title) and words < 300:
        raise ParseError(f"HTML error page: {title[:80]!r}")
    walker = _Walker(notes.texts)
    walker.walk(main)
    doc = BlockDocument(blocks=walker.blocks, file_format="html", symbol_hint=symbol)
    page = clean_page(doc)  # a decision page: its fields, share buttons and file list are not the document
    if page is not doc and page.title_hint is None:
        page.title_hint = _SITE_SUFFIX.sub("", title) or None  # "<title> | InforMEA" when no title line was seen
    return page
