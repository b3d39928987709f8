"""Mirror of the Global Framework on Chemicals site: a paged resolutions listing whose rows link the files directly
("Resolution V/1 - <title>", one link per language) and a documents listing whose rows lead to landing pages
("SAICM/ICCM.5/1 - <title>") that link the files."""

from __future__ import annotations

from html import escape

from tests.mirror.files import docx, pdf
from tests.mirror.server import MirrorServer, Resource

RESOLUTIONS = "/page/iccm5-resolutions"
DOCUMENTS = "/page/iccm5-documents"
SUFFIX = {"en": "E", "fr": "F", "es": "S", "ru": "R", "zh": "C", "ar": "A"}
LABELS = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "zh": "中文", "ar": "العربية"}

RESOLUTION_ROWS = [  # (number, title, languages) - two per listing page
    ("V/1", "Bonn Declaration for a planet free of harm from chemicals and waste", ("en", "fr", "ru")),
    ("V/2", "Global Framework on Chemicals", ("en", "es")),
    ("V/4", "Highly hazardous pesticides", ("en",)),
]
DOCUMENT_ROWS = [  # (slug, symbol, title, languages; Spanish as .docx)
    ("saicm-iccm5-1", "SAICM/ICCM.5/1", "Provisional agenda", ("en", "es")),
    ("saicm-iccm5-inf-3", "SAICM/ICCM.5/INF/3", "Report on the intersessional process", ("en",)),
]


def resolution_path(number: str, language: str) -> str:
    return f"/sites/default/files/2023-11/ICCM5_Res_{number.replace('/', '-')}_{SUFFIX[language]}.pdf"


def document_path(symbol: str, language: str) -> str:
    extension = "docx" if language == "es" else "pdf"
    return f"/sites/default/files/documents/{symbol.replace('/', '_')}_{SUFFIX[language]}.{extension}"


def page(title: str, main: str, next_url: str | None = None) -> str:
    pager = f'<ul class="pager"><li class="pager-next"><a href="{next_url}">next ›</a></li></ul>' if next_url else ""
    return (
        f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body>"
        '<nav><a href="/page/about">About</a><a href="/sites/default/files/flyer.pdf">Flyer</a></nav>'
        f"<main><h1>{escape(title)}</h1>{main}{pager}</main></body></html>"
    )


def install(server: MirrorServer) -> list[tuple[str, str, str, str]]:
    """Returns (path, language, symbol, title) of every file."""
    expected = []
    for index in range(0, len(RESOLUTION_ROWS), 2):
        rows = []
        for number, title, languages in RESOLUTION_ROWS[index : index + 2]:
            links = "".join(
                f'<li><a href="{resolution_path(number, lang)}">{LABELS[lang]}</a></li>' for lang in languages
            )
            rows.append(f'<div class="views-row"><h3>Resolution {number} - {escape(title)}</h3><ul>{links}</ul></div>')
            for lang in languages:
                server.add(resolution_path(number, lang), Resource(pdf(number, title, lang), "application/pdf"))
                expected.append((resolution_path(number, lang), lang, number, title))
        more = index + 2 < len(RESOLUTION_ROWS)
        path = RESOLUTIONS + (f"?page={index // 2}" if index else "")
        server.add(
            path, page("ICCM5 resolutions", "".join(rows), f"{RESOLUTIONS}?page={index // 2 + 1}" if more else None)
        )
    items = []
    for slug, symbol, title, languages in DOCUMENT_ROWS:
        items.append(f'<div class="views-row"><a href="/documents/{slug}">{escape(symbol)} - {escape(title)}</a></div>')
        files = "".join(
            f'<p><a href="{document_path(symbol, lang)}" hreflang="{lang}">Download</a></p>' for lang in languages
        )
        server.add(f"/documents/{slug}", page(f"{symbol} - {title}", files))
        for lang in languages:
            body = docx(symbol, title) if lang == "es" else pdf(symbol, title, lang)
            server.add(document_path(symbol, lang), Resource(body, "application/octet-stream"))
            expected.append((document_path(symbol, lang), lang, symbol, title))
    server.add(DOCUMENTS, page("ICCM5 documents", "".join(items)))
    return expected


def options(server: MirrorServer) -> dict:
    return {
        "base_url": server.base_url,
        "pages": [
            {"url": RESOLUTIONS, "doc_type": "resolution", "meeting_id": "gfc-iccm-5"},
            {"url": DOCUMENTS, "meeting_id": "gfc-iccm-5"},
        ],
        "landing_pattern": r"^/documents/[^/]+$",
    }
