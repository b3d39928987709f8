"""Mirror of the Global Mercury Partnership pages on unep.org: a paged resources listing leading to report landing
pages (files under /sites/default/files/ and on the document repository), and a PAG meeting page listing documents
"PAG 10.3 - <title>" with direct links."""

from __future__ import annotations

from html import escape

from tests.mirror.files import pdf
from tests.mirror.server import MirrorServer, Resource

RESOURCES = "/globalmercurypartnership/resources"
PAG10 = "/globalmercurypartnership/partnership-advisory-group/pag-10"

REPORTS = [  # (slug, title, file paths)
    (
        "partners-report-2022-2023",
        "Report of activities of the Global Mercury Partnership 2022-2023",
        ("/sites/default/files/2024-01/GMP_report_2022-2023_EN.pdf",),
    ),
    (
        "business-plan-asgm",
        "Business plan of the artisanal and small-scale gold mining partnership area",
        ("/bitstream/handle/20.500.11822/41111/ASGM_business_plan.pdf?sequence=1",),
    ),
    (
        "dental-amalgam-report",
        "Report on phasing down dental amalgam",
        ("/sites/default/files/2023-06/Dental_amalgam_EN.pdf", "/sites/default/files/2023-06/Dental_amalgam_FR.pdf"),
    ),
]
PAG_ROWS = [
    ("PAG 10.2", "Report on the partnership areas", "/sites/default/files/2023-10/PAG10_2.pdf"),
    ("PAG 10.3", "Report on the business plans", "/sites/default/files/2023-10/PAG10_3.pdf"),
]


def install(server: MirrorServer) -> list[tuple[str, str]]:
    """Returns (path, title) of every file."""
    expected = []
    for index in range(0, len(REPORTS), 2):
        rows = "".join(
            f'<div class="views-row"><a href="{RESOURCES}/report/{slug}">{escape(title)}</a></div>'
            for slug, title, _ in REPORTS[index : index + 2]
        )
        pager = f'<a rel="next" href="?page={index // 2 + 1}">Next</a>' if index + 2 < len(REPORTS) else ""
        server.add(
            RESOURCES + (f"?page={index // 2}" if index else ""),
            f"<html><body><main>{rows}</main>{pager}</body></html>",
        )
    for slug, title, paths in REPORTS:
        links = "".join(f'<a href="{p}">Download</a> ' for p in paths)
        server.add(
            f"{RESOURCES}/report/{slug}", f"<html><body><main><h1>{escape(title)}</h1>{links}</main></body></html>"
        )
        for path in paths:
            server.add(path, Resource(pdf(title, path), "application/pdf"))
            expected.append((path, title))
    rows = "".join(
        f'<tr><td><a href="{path}">{number} - {escape(title)}</a></td><td>PDF</td></tr>'
        for number, title, path in PAG_ROWS
    )
    server.add(PAG10, f"<html><body><main><h1>PAG-10</h1><table>{rows}</table></main></body></html>")
    for number, title, path in PAG_ROWS:
        server.add(path, Resource(pdf(number, title), "application/pdf"))
        expected.append((path, title))
    return expected


def options(server: MirrorServer) -> dict:
    return {
        "base_url": server.base_url,
        "pages": [{"url": RESOURCES}, {"url": PAG10}],
        "landing_pattern": r"^/globalmercurypartnership/resources/[a-z-]+/[^/]+$",
        "allowed_hosts": [],
    }
