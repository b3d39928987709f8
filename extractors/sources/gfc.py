"""Global Framework on Chemicals (chemicalsframework.org; ICCM5, Bonn 2023): resolution and document listings.

Listing pages (paged) whose rows read "Resolution V/1 - <title>" or "SAICM/ICCM.5/1 - <title>" and link the files,
one per language, directly or through a landing page. Which pages to read is configuration (sources.yaml), the
crawl is the shared ListingSource. The site gives no reliable dates: `since` is ignored, conditional GET applies.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from extractors.sources.base import ListingOptions, ListingSource, split_symbol_title

# "Resolution V/1", "V/1", "SAICM/ICCM.5/1", "SAICM/ICCM.5/INF/3", "SAICM/IP.4/6"
SYMBOL = re.compile(r"(?:Resolution\s+)?[IVX]+/\d+|SAICM/[A-Za-z]+\.\d+(?:/[A-Za-z0-9.]+)+")


class GfcOptions(ListingOptions):
    base_url: str = "https://www.chemicalsframework.org"


class GfcSource(ListingSource):
    name = "gfc"
    Options = GfcOptions
    symbol_pattern: ClassVar[re.Pattern[str]] = SYMBOL

    def describe(self, text: str) -> tuple[str | None, str | None, dict[str, Any]]:
        symbol, title = split_symbol_title(text, SYMBOL)
        if symbol:
            symbol = re.sub(r"^Resolution\s+", "", symbol)
        return symbol, title or None, {}
