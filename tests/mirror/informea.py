"""Mirror of the InforMEA OData v2 service: /informea.svc/Decisions and /Meetings with $top/$skip paging,
$filter=treaty eq '...' (and updated ge datetime'...'), $expand of the multilingual title and the files,
verbose JSON {"d": {"results": [...]}} with /Date(ms)/ dates."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from tests.mirror.files import pdf
from tests.mirror.server import MirrorServer, Resource

SERVICE = "/informea.svc"


def ms(day: str) -> str:
    return f"/Date({int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() * 1000)})/"


DECISIONS = [  # (id, number, treaty, updated, {language: file}, title)
    ("d-mc-1-1", "MC-1/1", "minamata", "2017-09-29", ("en", "fr"), "Rules of procedure"),
    ("d-mc-1-2", "MC-1/2", "minamata", "2017-09-29", ("en",), "Financial rules"),
    ("d-mc-5-16", "MC\u20115/16", "minamata", "2023-11-03", ("en", "es"), "Cooperation"),  # non-breaking hyphen
    ("d-mc-5-17", "MC-5/17", "minamata", "2023-11-03", (), "Decision without a file"),
    ("d-mc-5-18", "MC-5/18", "minamata", "2024-02-01", ("en",), "Programme of work"),
    ("d-bc-16-21", "BC-16/21", "basel", "2023-05-12", ("en",), "Cooperation with the Minamata Convention"),
]
MEETINGS = [
    ("m-mc-cop5", "minamata", "Fifth meeting of the Conference of the Parties", "2023-10-30", "2023-11-03", "Geneva"),
    ("m-bc-cop16", "basel", "Sixteenth meeting of the Conference of the Parties", "2023-05-01", "2023-05-12", "Geneva"),
]


def file_path(number: str, language: str) -> str:
    return f"/sites/default/files/decisions/{number.replace('/', '-').replace(chr(0x2011), '-')}_{language}.pdf"


def decision_row(base: str, row: tuple, expand: set[str]) -> dict:
    ident, number, treaty, updated, languages, title = row
    entry = {
        "__metadata": {"uri": f"{base}{SERVICE}/Decisions('{ident}')", "type": "informea.Decision"},
        "id": ident,
        "link": f"{base}/decision/{ident}",
        "number": number,
        "status": "active",
        "type": "decision",
        "treaty": treaty,
        "published": ms(updated),
        "updated": ms(updated),
        "meetingId": f"m-{treaty}",
        "meetingTitle": "COP",
    }
    if "title" in expand:
        entry["title"] = {"results": [{"language": "en", "value": title}, {"language": "fr", "value": title + " (fr)"}]}
    else:
        entry["title"] = {"__deferred": {"uri": "..."}}
    if "files" in expand:
        entry["files"] = {
            "results": [
                {
                    "url": base + file_path(number, lang),
                    "mimeType": "application/pdf",
                    "language": lang,
                    "filename": file_path(number, lang).rsplit("/", 1)[1],
                }
                for lang in languages
            ]
        }
    return entry


def install(server: MirrorServer) -> list[tuple[str, str, str]]:
    """Returns (path, language, number) of every decision file."""
    base = server.base_url

    def odata(path: str, query: dict[str, list[str]]):
        entity = path.rsplit("/", 1)[1]
        top, skip = int(query.get("$top", ["1000"])[0]), int(query.get("$skip", ["0"])[0])
        condition = query.get("$filter", [""])[0]
        treaty = re.search(r"treaty eq '([^']+)'", condition)
        since = re.search(r"updated ge datetime'(\d{4}-\d{2}-\d{2})", condition)
        expand = set(filter(None, query.get("$expand", [""])[0].split(",")))
        if query.get("$format", [""])[0] != "json":
            return Resource(b"<feed/>", "application/atom+xml")
        if entity == "Decisions":
            rows = [r for r in DECISIONS if (not treaty or r[2] == treaty.group(1))]
            rows = [r for r in rows if not since or r[3] >= since.group(1)]
            rows.sort(key=lambda r: r[0])
            results = [decision_row(base, r, expand) for r in rows[skip : skip + top]]
        elif entity == "Meetings":
            rows = [m for m in MEETINGS if not treaty or m[1] == treaty.group(1)][skip : skip + top]
            results = [
                {
                    "id": i,
                    "treaty": t,
                    "title": {"results": [{"language": "en", "value": title}]},
                    "start": ms(start),
                    "end": ms(end),
                    "city": city,
                    "country": "CHE",
                }
                for i, t, title, start, end, city in rows
            ]
        else:
            return Resource(b'{"error": {"message": {"value": "Resource not found"}}}', "application/json", status=404)
        return Resource(json.dumps({"d": {"results": results}}).encode(), "application/json;charset=utf-8")

    server.handle(f"{SERVICE}/Decisions", odata)
    server.handle(f"{SERVICE}/Meetings", odata)
    expected = []
    for _ident, number, _treaty, _updated, languages, title in DECISIONS:
        for lang in languages:
            server.add(file_path(number, lang), Resource(pdf(number, title, lang), "application/pdf"))
            expected.append((file_path(number, lang), lang, number))
    return expected


def options(server: MirrorServer, **extra) -> dict:
    return {"base_url": server.base_url, "treaties": ["minamata", "basel"], "page_size": 2, "allowed_hosts": []} | extra
