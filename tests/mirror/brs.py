"""Mirror of the BRS conventions' DNN sites (basel.int, pic.int, chm.pops.int): meeting document and decision tables
(symbol | title | files | upload time, abstract row below), download.aspx?d=<name>.<Language>.<ext> links, a joint
document with three symbols, file icons in a nested table (as DNN renders them on some pages)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tests.mirror.files import LANGUAGE_NAMES, docx, pdf
from tests.mirror.server import MirrorServer, Resource

BASEL_COP16 = "/TheConvention/ConferenceoftheParties/Meetings/COP16/tabid/9311/Default.aspx"
BASEL_DECISIONS = "/TheConvention/ConferenceoftheParties/Meetings/COP16/Decisions/tabid/9400/Default.aspx"
ROTTERDAM_COP11 = "/TheConvention/ConferenceoftheParties/Meetings/COP11/tabid/9263/Default.aspx"
STOCKHOLM_COP11 = "/TheConvention/ConferenceoftheParties/Meetings/COP11/tabid/9217/Default.aspx"
JOINT = "UNEP/CHW.16/INF/1-UNEP/FAO/RC/COP.11/INF/1-UNEP/POPS/COP.11/INF/1"


@dataclass(frozen=True)
class Row:
    symbol: str
    title: str
    uploaded: str | None  # "11/17/2022 1:58 PM"
    files: tuple[tuple[str, str], ...]  # (language, extension)
    portal: str = "/Portals/4"
    nested: bool = False

    def file_name(self, language: str, extension: str) -> str:
        return f"{self.symbol.replace('/', '-')}.{LANGUAGE_NAMES[language]}.{extension}"

    def file_path(self, language: str, extension: str) -> str:
        return f"{self.portal}/download.aspx?d={self.file_name(language, extension)}"


PAGES: dict[str, list[Row]] = {
    BASEL_COP16: [
        Row("UNEP/CHW.16/1", "Provisional agenda", "11/17/2022 1:58 PM", (("en", "pdf"), ("fr", "pdf"), ("es", "pdf"))),
        Row(
            "UNEP/CHW.16/1/Add.1", "Annotated provisional agenda", "3/29/2023 4:43 PM", (("en", "pdf"), ("ru", "docx"))
        ),
        Row(JOINT, "Scenario note for the 2023 meetings (joint document)", "2/1/2023 9:05 AM", (("en", "pdf"),)),
        Row("UNEP/CHW.15/INF/60", "An older document", "5/7/2021 10:35 AM", (("en", "pdf"),)),
    ],
    BASEL_DECISIONS: [
        Row("BC-16/21", "Cooperation with the Minamata Convention", None, (("en", "pdf"), ("fr", "pdf"))),
    ],
    ROTTERDAM_COP11: [
        Row(
            "UNEP/FAO/RC/COP.11/1",
            "Provisional agenda",
            "1/20/2023 2:00 PM",
            (("en", "pdf"), ("zh", "pdf")),
            "/Portals/0",
        ),
        Row("RC-11/8", "Cooperation with the Minamata Convention", None, (("en", "pdf"),), "/Portals/0"),
    ],
    STOCKHOLM_COP11: [
        Row(
            "UNEP/POPS/COP.11/1",
            "Provisional agenda",
            "1/21/2023 3:00 PM",
            (("en", "pdf"), ("ar", "pdf")),
            "/Portals/0",
            True,
        ),
    ],
}


def table(rows: list[Row]) -> str:
    body = []
    for row in rows:
        links = "".join(
            f'<a href="{escape(row.file_path(lang, ext))}" target="_blank" title="{LANGUAGE_NAMES[lang]}">'
            f'<img src="/images/{ext}.gif" alt="{ext.upper()}"/></a> '
            for lang, ext in row.files
        )
        if row.nested:
            links = f'<table class="files"><tr><td>{links}</td></tr></table>'
        body.append(
            f"<tr><td>{escape(row.symbol)}</td><td>{escape(row.title)}</td><td>{links}</td>"
            f"<td>{row.uploaded or ''}</td></tr>"
            f'<tr><td colspan="4"><div class="abstract">Note by the Secretariat. I. Introduction 1. ...</div></td></tr>'
        )
    return (
        "<!DOCTYPE html><html><head><title>Meeting documents</title></head><body>"
        '<div id="dnn_ContentPane"><table class="DocumentTable"><thead><tr><th>Document Symbol</th><th>Title</th>'
        f"<th>Download</th><th>Upload time</th></tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        '<div class="footer"><a href="/Portals/4/download.aspx?d=Brochure.pdf">Brochure</a></div>'
        "</body></html>"
    )


def install(server: MirrorServer) -> list[tuple[str, str, Row]]:
    """Serve the four tables and their files; returns (path, language, row) of every file."""
    expected = []
    for page, rows in PAGES.items():
        server.add(page, table(rows))
        for row in rows:
            for language, extension in row.files:
                lines = (row.symbol, row.title, language)
                if extension == "docx":
                    body, content_type = docx(*lines), "application/octet-stream"
                else:
                    body, content_type = pdf(*lines), "application/pdf"
                path = row.file_path(language, extension)
                server.add(path, Resource(body, content_type))
                expected.append((path, language, row))
    return expected


def options(server: MirrorServer) -> dict:
    return {
        "hosts": {name: server.base_url for name in ("basel", "rotterdam", "stockholm")},
        "pages": [
            {"convention": "basel", "path": BASEL_COP16, "meeting_id": "bc-cop-16"},
            {"convention": "basel", "path": BASEL_DECISIONS},
            {"convention": "rotterdam", "path": ROTTERDAM_COP11},
            {"convention": "stockholm", "path": STOCKHOLM_COP11},
        ],
    }
