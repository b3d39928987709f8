"""Mirror of mercuryconvention.org (Drupal): meeting pages with a paged document list, landing pages titled
"<symbol> - <title>", files under /sites/default/files/documents/<type>/ in several languages."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tests.mirror.files import ERROR_PAGE, LANGUAGE_NAMES, docx, pdf
from tests.mirror.server import MirrorServer, Resource

PER_PAGE = 3


@dataclass(frozen=True)
class MirrorFile:
    path: str
    language: str
    symbol: str
    body: bytes
    content_type: str


@dataclass(frozen=True)
class MirrorDocument:
    slug: str
    symbol: str
    title: str
    kind: str  # folder under /sites/default/files/documents/
    languages: tuple[str, ...]
    docx_languages: tuple[str, ...] = ()
    error_page_as_pdf: str | None = None  # a language whose ".pdf" is an HTML error page


COP5 = [
    MirrorDocument("provisional-agenda-cop5", "UNEP/MC/COP.5/1", "Provisional agenda", "working", ("en", "fr", "es")),
    MirrorDocument(
        "cooperation-brs-cop5",
        "UNEP/MC/COP.5/19",
        "Cooperation with the Basel, Rotterdam and Stockholm conventions",
        "working",
        ("en", "ru"),
        docx_languages=("ru",),
    ),
    MirrorDocument("programme-work-cop5", "UNEP/MC/COP.5/INF/36", "Programme of work and budget", "inf", ("en",)),
    MirrorDocument("mc-5-1", "MC-5/1", "Amendments to Annex A", "decisions", ("en", "fr", "ru", "zh", "ar", "es")),
    MirrorDocument("mc-5-16", "MC-5/16", "Cooperation with other bodies", "decisions", ("en", "es")),
    MirrorDocument("gender-cop5", "UNEP/MC/COP.5/22", "Gender action plan", "working", ("en", "fr"), (), "fr"),
    MirrorDocument("report-cop5", "UNEP/MC/COP.5/28", "Report of the fifth meeting", "working", ("en",)),
]
COP4 = [
    MirrorDocument("provisional-agenda-cop4", "UNEP/MC/COP.4/1", "Provisional agenda", "working", ("en", "fr")),
    COP5[3],  # also linked from COP-4's page: discovered twice, fetched once
]


def file_path(document: MirrorDocument, language: str) -> str:
    stem = document.symbol.replace("/", "-")
    extension = "docx" if language in document.docx_languages else "pdf"
    return f"/sites/default/files/documents/{document.kind}/{stem}.{LANGUAGE_NAMES[language]}.{extension}"


def file_body(document: MirrorDocument, language: str) -> tuple[bytes, str]:
    if language == document.error_page_as_pdf:
        return ERROR_PAGE, "application/pdf"  # a server serving its error page under the .pdf name
    lines = (document.symbol, document.title, f"language: {language}")
    if language in document.docx_languages:
        return docx(*lines), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return pdf(*lines), "application/pdf"


def meeting_page(meeting: str, documents: list[MirrorDocument], page: int) -> str:
    rows = documents[page * PER_PAGE : (page + 1) * PER_PAGE]
    body = "".join(
        f'<tr><td class="views-field views-field-title"><a href="/en/documents/{d.slug}" hreflang="en">'
        f"{escape(d.symbol)} - {escape(d.title)}</a></td><td>30 Oct 2023</td></tr>"
        for d in rows
    )
    pages = (len(documents) + PER_PAGE - 1) // PER_PAGE
    pager = ""
    if page + 1 < pages:
        pager = (
            '<nav class="pager"><ul class="pager__items js-pager__items">'
            f'<li class="pager__item pager__item--next"><a href="?page={page + 1}" title="Go to next page" rel="next">'
            "<span>Next page</span></a></li></ul></nav>"
        )
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{meeting.upper()} | Minamata Convention</title></head><body>"
        f"<nav><a href='/en/meetings/cop4'>COP-4</a> <a href='/en/documents/unrelated' class='x'>x</a></nav>"
        f"<h1>Meeting of the Conference of the Parties ({meeting.upper()})</h1>"
        f'<div class="view-content"><table class="views-table"><tbody>{body}</tbody></table></div>{pager}'
        "</body></html>"
    )


def landing_page(document: MirrorDocument) -> str:
    items = []
    for index, language in enumerate(document.languages):
        path = file_path(document, language)
        name = path.rsplit("/", 1)[1]
        mime = "application/pdf" if name.endswith(".pdf") else "application/msword"
        if index % 2 == 0:  # two markups seen on Drupal sites: a label beside the link, or hreflang on it
            items.append(
                f'<div class="field__item"><span class="file-language">{LANGUAGE_NAMES[language]}</span> '
                f'<span class="file"><a href="{path}" type="{mime}">{escape(name)}</a></span></div>'
            )
        else:
            items.append(f'<div class="field__item"><a href="{path}" hreflang="{language}">Download</a></div>')
    return (
        f"<!DOCTYPE html><html><head><title>{escape(document.symbol)} | Minamata</title></head><body>"
        f'<h1 class="page-title"><span>{escape(document.symbol)} - {escape(document.title)}</span></h1>'
        f'<div class="field field--name-field-document-files">{"".join(items)}</div>'
        '<footer><a href="/sites/default/files/logo.png">logo</a></footer></body></html>'
    )


def install(server: MirrorServer, meetings: dict[str, list[MirrorDocument]] | None = None) -> list[MirrorFile]:
    """Serve the meetings; returns every distinct file the harvest should archive."""
    meetings = meetings if meetings is not None else {"cop5": COP5, "cop4": COP4}
    files: dict[str, MirrorFile] = {}
    for meeting, documents in meetings.items():
        pages = max(1, (len(documents) + PER_PAGE - 1) // PER_PAGE)
        for page in range(pages):
            html = meeting_page(meeting, documents, page)
            server.add(f"/en/meetings/{meeting}" + (f"?page={page}" if page else ""), html)
        for document in documents:
            server.add(f"/en/documents/{document.slug}", landing_page(document))
            for language in document.languages:
                body, content_type = file_body(document, language)
                path = file_path(document, language)
                server.add(path, Resource(body, content_type))
                files[path] = MirrorFile(path, language, document.symbol, body, content_type)
    return list(files.values())


def empty_meetings(server: MirrorServer, meetings: list[str]) -> None:
    """The site changed its markup: meeting pages still answer 200 but list no document."""
    for meeting in meetings:
        server.add(f"/en/meetings/{meeting}", meeting_page(meeting, [], 0))
