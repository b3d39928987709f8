"""Global Mercury Partnership (unep.org/globalmercurypartnership): partner reports and Partnership Advisory Group
(PAG) meeting documents.

Reports are listed on paged resource pages linking landing pages, which link the file(s); PAG meeting pages list
documents as "PAG 10.3 - Report on ..." with direct file links. Everything here is typed `report`: its passages feed
marts.cooperation_activities with decision_id NULL. A PAG number is not a UN symbol: it is kept in `extra.number`.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import Field

from extractors.sources.base import ListingOptions, ListingPage, ListingSource, split_symbol_title

PAG_NUMBER = re.compile(r"PAG[\s-]*\d+(?:\.\d+)*")


class GmpOptions(ListingOptions):
    base_url: str = "https://www.unep.org"
    pages: list[ListingPage] = Field(
        default_factory=lambda: [ListingPage(url="/globalmercurypartnership/resources", doc_type="report")]
    )
    landing_pattern: str | None = r"^/globalmercurypartnership/resources/[a-z-]+/[^/]+$"


class GmpSource(ListingSource):
    name = "gmp"
    Options = GmpOptions
    symbol_pattern: ClassVar[re.Pattern[str]] = PAG_NUMBER
    default_doc_type: ClassVar[str | None] = "report"

    def describe(self, text: str) -> tuple[str | None, str | None, dict[str, Any]]:
        number, title = split_symbol_title(text, PAG_NUMBER)
        return None, title or None, ({"number": " ".join(number.split())} if number else {})
